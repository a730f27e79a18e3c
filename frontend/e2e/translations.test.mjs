// Content in the participants' language: an administrator writes the Spanish title, category
// names and status names (leaving the Spanish question empty); a participant whose browser is
// Spanish reads them on a phone, with the base question where Spanish has none; an English
// browser reads the base text.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiAs as callApi, axeCheck, newPage, screenshot, startBrowser, startServer } from './harness.mjs';

const SLUG = 'riverfront-languages';
const PHONE = { width: 390, height: 844 };
const TITLE = 'What should the riverfront become?';
const PROMPT = 'Tell us what you hope for.';
let srv;
let br;
let tokens = []; // { id, token }

const apiAs = (token, method, path, body) => callApi(srv.origin, token, method, path, body);
const adminApi = (method, path, body) => apiAs(srv.adminToken, method, path, body);

async function checked(p, name) {
  await p.page.waitForLoadState('networkidle').catch(() => {});
  assert.deepEqual(await axeCheck(p.page), [], `axe on ${name}`);
  assert.deepEqual(p.problems, [], `CSP violations or page errors on ${name}`);
  await screenshot(p.page, name);
}

before(async () => {
  srv = await startServer();
  br = await startBrowser();
  await adminApi('POST', '/processes', { slug: SLUG, title: TITLE, prompt: PROMPT });
  tokens = (await adminApi('POST', `/processes/${SLUG}/tokens`, { count: 2, contributor_type: 'community' })).tokens;
  // One submission each, categorised as a vision and accepted, so both readers see a category
  // name and a status name under "My submissions".
  for (const { token } of tokens) {
    const sub = await apiAs(token, 'POST', `/processes/${SLUG}/submissions`, { text: 'A long green park along the water, with shade for everyone.' });
    for (let i = 0; (await adminApi('GET', `/submissions/${sub.id}`)).analysis !== 'done'; i++) {
      assert.ok(i < 150, 'the submission was not analysed in time');
      await new Promise((r) => setTimeout(r, 200));
    }
    await adminApi('PUT', `/submissions/${sub.id}/category`, { category: 'vision' });
    await adminApi('PUT', `/processes/${SLUG}/responses`, { submission_ids: [sub.id], status: 'accepted' });
  }
});

after(async () => {
  await br?.close();
  await srv?.stop();
});

async function signIn(p, token) {
  await p.page.goto(`/p/${SLUG}`);
  await p.page.locator('input[name="token"]').fill(token);
  await p.page.locator('form button[type="submit"]').first().click();
  await p.page.locator('textarea').first().waitFor();
}

describe('process texts in the participants\' language', () => {
  it('an administrator writes the Spanish title, category names and status names', async () => {
    const admin = await newPage(br.browser, srv.origin);
    const { page } = admin;
    await page.goto('/admin');
    await page.getByLabel('Admin token').fill(srv.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Processes' }).waitFor();
    await page.goto(`/admin/p/${SLUG}`);

    const texts = page.getByRole('group', { name: 'Texts in other languages' });
    await texts.getByText('Spanish', { exact: true }).click();
    await texts.getByLabel('Heading (Spanish)').fill('¿Qué debería ser la ribera?');
    await texts.getByLabel('Category “Vision” (Spanish)').fill('Visión');
    await texts.getByLabel('Category “Problem” (Spanish)').fill('Problema');
    // The Spanish question stays empty: Spanish readers get the base question.
    await checked(admin, 'admin-process-translations');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.').waitFor();

    const settings = page.getByRole('region', { name: 'Responses to participants' });
    await settings.getByText('Names (Spanish)').click();
    await settings.getByLabel('Name (Spanish) for “Accepted”').fill('Lo haremos');
    await settings.getByRole('button', { name: 'Save response settings' }).click();
    await settings.getByText('Response settings saved.').waitFor();
    await checked(admin, 'admin-response-names-es');

    const saved = await adminApi('GET', `/processes/${SLUG}`);
    assert.deepEqual(saved.translations, {
      es: { title: '¿Qué debería ser la ribera?', category_names: { vision: 'Visión', problem: 'Problema' } },
    });
    const names = await adminApi('GET', `/processes/${SLUG}/response-settings`);
    assert.deepEqual(names.names_by_language, { es: { accepted: 'Lo haremos' } });
    const exported = await adminApi('GET', `/processes/${SLUG}/exports/process.json`);
    assert.equal(exported.process.translations.es.category_names.vision, 'Visión');
    assert.equal(exported.response_settings.names_by_language.es.accepted, 'Lo haremos');
    await admin.context.close();
  });

  it('a Spanish browser reads the Spanish texts on a phone, the base text where Spanish has none', async () => {
    const es = await newPage(br.browser, srv.origin, { viewport: PHONE, locale: 'es-ES' });
    await signIn(es, tokens[0].token);
    await es.page.getByRole('heading', { level: 1, name: '¿Qué debería ser la ribera?' }).waitFor();
    await es.page.getByText(PROMPT).waitFor();
    assert.equal(await es.page.title().then((t) => t.includes('¿Qué debería ser la ribera?')), true, 'the tab title too');
    await es.page.getByRole('link', { name: 'Mis aportaciones' }).click();
    const item = es.page.getByRole('listitem').filter({ hasText: 'A long green park' });
    await item.getByText('Visión', { exact: true }).first().waitFor();
    await item.getByText('Respuesta: Lo haremos').waitFor();
    await checked(es, 'participant-translations-es');
    await es.context.close();
  });

  it('an English browser reads the base text', async () => {
    const en = await newPage(br.browser, srv.origin, { viewport: PHONE, locale: 'en-GB' });
    await signIn(en, tokens[1].token);
    await en.page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await en.page.getByText(PROMPT).waitFor();
    await en.page.getByRole('link', { name: 'My submissions' }).click();
    const item = en.page.getByRole('listitem').filter({ hasText: 'A long green park' });
    await item.getByText('Vision', { exact: true }).first().waitFor();
    await item.getByText('Response: Accepted').waitFor();
    assert.equal(await en.page.getByText('Visión').count(), 0);
    await checked(en, 'participant-translations-en');
    await en.context.close();
  });
});
