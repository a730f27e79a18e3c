// "You said, we did": an administrator answers one submission and a selection from the admin
// list and names the statuses; participants are told of the answers on their next visit and
// read the status and reply under "My submissions" on a phone; a results link counts them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiAs as callApi, axeCheck, newPage, screenshot, startBrowser, startServer } from './harness.mjs';

const SLUG = 'you-said-we-did';
const PHONE = { width: 390, height: 844 };
let srv;
let br;
let tokens = []; // { id, token }

/** The API, as a script would call it: the admin's bearer token, or a participant's. */
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
  await adminApi('POST', '/processes', { slug: SLUG, title: 'What should the riverside park keep?', prompt: 'One idea, please.' });
  const proc = await adminApi('GET', `/processes/${SLUG}`);
  tokens = (await adminApi('POST', `/processes/${SLUG}/tokens`, { count: 2, contributor_type: proc.contributor_types[0].key })).tokens;
  for (const [i, text] of [
    [0, 'Keep the old oak trees by the water.'],
    [0, 'More bins along the footpath.'],
    [1, 'A drinking fountain near the playground.'],
  ]) {
    await apiAs(tokens[i].token, 'POST', `/processes/${SLUG}/submissions`, { text });
  }
});

after(async () => {
  await br?.close();
  await srv?.stop();
});

describe('responses in Chromium', () => {
  it('an administrator answers one submission and then a selection', async () => {
    const admin = await newPage(br.browser, srv.origin);
    const { page } = admin;
    await page.goto('/admin');
    await page.getByLabel('Admin token').fill(srv.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Processes' }).waitFor();
    await page.goto(`/admin/p/${SLUG}/submissions`);
    const row = (text) => page.getByRole('row').filter({ hasText: text });
    await row('old oak trees').waitFor();

    // One submission: accepted, with a public reply.
    await row('old oak trees').getByRole('button', { name: /^Respond to \d+$/ }).click();
    const form = page.getByRole('form', { name: /^Respond to submission \d+$/ });
    await form.getByLabel('Accepted', { exact: true }).check();
    await form.getByLabel('Public reply (optional)').fill('The oaks stay: they are now protected in the plan.');
    await checked(admin, 'admin-respond-one');
    await form.getByRole('button', { name: 'Save response' }).click();
    await page.getByRole('status').filter({ hasText: '1 submission answered.' }).waitFor();
    await row('old oak trees').getByText('The oaks stay').waitFor();

    // A selection: both remaining submissions at once, status only.
    await row('More bins').getByRole('checkbox').check();
    await row('drinking fountain').getByRole('checkbox').check();
    const selection = page.getByRole('form', { name: 'Respond to the selected submissions' });
    await page.getByText('2 submissions selected').waitFor();
    await selection.getByLabel('Under consideration').check();
    await checked(admin, 'admin-respond-selection');
    await selection.getByRole('button', { name: 'Save response' }).click();
    await page.getByRole('status').filter({ hasText: '2 submissions answered.' }).waitFor();
    assert.equal(await selection.count(), 0, 'the selection is cleared once answered');
    await row('More bins').getByText('Under consideration').waitFor();

    const audit = await adminApi('GET', '/admin/audit?action=submission.respond');
    assert.equal(audit.items.length, 2);

    // The process's own word for "accepted", and the notice of new answers.
    await page.goto(`/admin/p/${SLUG}`);
    const settings = page.getByRole('region', { name: 'Responses to participants' });
    await settings.getByLabel('Name for “Accepted”').fill('We will do it');
    await settings.getByLabel(/^Tell participants on their next visit/).check();
    await checked(admin, 'admin-response-settings');
    await settings.getByRole('button', { name: 'Save response settings' }).click();
    await settings.getByText('Response settings saved.').waitFor();
    await admin.context.close();
  });

  it('participants read the answers under My submissions on a phone', async () => {
    const p = await newPage(br.browser, srv.origin, { viewport: PHONE });
    await p.page.goto(`/p/${SLUG}`);
    await p.page.getByLabel('Your access token').fill(tokens[0].token);
    await p.page.getByRole('button', { name: 'Sign in' }).click();
    // The next visit says that there are answers, once.
    await p.page.getByText('2 of your submissions have a reply.').waitFor();
    await checked(p, 'participant-answers-notice');
    await p.page.getByRole('link', { name: 'Read the answers' }).click();
    const item = (text) => p.page.getByRole('listitem').filter({ hasText: text });
    await item('old oak trees').getByText('Response: We will do it').waitFor();
    const reply = item('old oak trees').getByRole('blockquote', { name: 'Reply from the organisers' });
    assert.equal((await reply.innerText()).trim(), 'The oaks stay: they are now protected in the plan.');
    await item('More bins').getByText('Response: Under consideration').waitFor();
    assert.equal(await item('More bins').getByRole('blockquote').count(), 0);
    await checked(p, 'participant-mine-responses');
    await p.page.getByRole('link', { name: 'Write a submission' }).click();
    await p.page.getByLabel('Your idea or comment').waitFor();
    await p.page.waitForLoadState('networkidle');
    assert.equal(await p.page.getByText(/of your submissions ha(s|ve) a reply/).count(), 0, 'seen answers are not announced again');

    // In Spanish, the same answer in the UI's words.
    const es = await newPage(br.browser, srv.origin, { viewport: PHONE, locale: 'es-ES' });
    await es.page.goto(`/p/${SLUG}`);
    await es.page.locator('input[name="token"]').fill(tokens[1].token);
    await es.page.locator('form button[type="submit"]').first().click();
    await es.page.getByText('1 de tus aportaciones tiene respuesta.').waitFor();
    await es.page.getByRole('link', { name: 'Leer las respuestas' }).click();
    await es.page.getByRole('listitem').filter({ hasText: 'drinking fountain' }).getByText('Respuesta: En estudio').waitFor();
    await checked(es, 'participant-mine-responses-es');
    await p.context.close();
    await es.context.close();
  });

  it('a results link shows what happened to the submissions', async () => {
    const link = await adminApi('POST', `/processes/${SLUG}/share-links`, { label: 'Council', expires_in_days: 7 });
    const r = await newPage(br.browser, srv.origin, { viewport: PHONE });
    await r.page.goto(link.path);
    const outcomes = r.page.getByRole('table', { name: 'Submissions per category and response' });
    await outcomes.waitFor();
    const footer = outcomes.getByRole('row', { name: /^All categories/ });
    const cells = await footer.getByRole('cell').allInnerTexts();
    // received, under consideration, accepted, partly accepted, not taken forward
    assert.deepEqual(cells, ['0', '2', '1', '0', '0']);
    await checked(r, 'results-outcomes');
    await r.context.close();
  });
});
