// Moderation by participants and before publication: on a phone, a participant reports
// someone else's public submission (optional reason, a confirmation, "Reported"); the admin
// finds it under the "Reported" filter and hides it. With pre-moderation switched on in the
// process settings, a participant's new submission stays out of the public list — its author
// sees it marked "Awaiting approval" — until the admin restores it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiAs as callApi, axeCheck, newPage, screenshot, startBrowser, startServer } from './harness.mjs';

const SLUG = 'riverside-wall';
const PHONE = { width: 390, height: 844 };
let srv;
let br;
let tokens = [];

const apiAs = (token, method, path, body) => callApi(srv.origin, token, method, path, body);
const adminApi = (method, path, body) => apiAs(srv.adminToken, method, path, body);

/** The texts a participant's public list holds (what others see). */
async function publicTexts(token) {
  const page = await apiAs(token, 'GET', `/processes/${SLUG}/public-submissions?limit=50`);
  return page.items.map((s) => s.text);
}

async function checked(p, name) {
  await p.page.waitForLoadState('networkidle').catch(() => {});
  assert.deepEqual(await axeCheck(p.page), [], `axe on ${name}`);
  assert.deepEqual(p.problems, [], `CSP violations or page errors on ${name}`);
  await screenshot(p.page, name);
}

async function participant(token) {
  const p = await newPage(br.browser, srv.origin, { viewport: PHONE });
  await p.page.goto(`/p/${SLUG}`);
  await p.page.getByLabel('Your access token').fill(token);
  await p.page.getByRole('button', { name: 'Sign in' }).click();
  await p.page.getByRole('heading', { name: 'What others said' }).waitFor();
  return p;
}

async function adminPage() {
  const a = await newPage(br.browser, srv.origin);
  await a.page.goto('/admin');
  await a.page.getByLabel('Admin token').fill(srv.adminToken);
  await a.page.getByRole('button', { name: 'Sign in' }).click();
  await a.page.getByRole('heading', { name: 'Processes' }).waitFor();
  return a;
}

before(async () => {
  srv = await startServer();
  br = await startBrowser();
  await adminApi('POST', '/processes', { slug: SLUG, title: 'The riverside wall', prompt: 'What should the riverside have?', public_submissions: true });
  const proc = await adminApi('GET', `/processes/${SLUG}`);
  ({ tokens } = await adminApi('POST', `/processes/${SLUG}/tokens`, { count: 2, contributor_type: proc.contributor_types[0].key }));
  for (const text of ['Buy cheap watches at example.com', 'More benches along the river path']) {
    await apiAs(tokens[0].token, 'POST', `/processes/${SLUG}/submissions`, { text });
  }
});

after(async () => {
  await br?.close();
  await srv?.stop();
});

describe('reports and pre-moderation in Chromium', () => {
  it('a participant reports a public submission and the admin hides it from the Reported filter', async () => {
    const p = await participant(tokens[1].token);
    const item = p.page.getByRole('listitem').filter({ hasText: 'cheap watches' });
    await item.getByRole('button', { name: /^Report submission/ }).click();
    const form = item.getByRole('form', { name: 'Report this submission' });
    await form.getByLabel('What is wrong with it? (optional)').fill('Advertising');
    await checked(p, 'participant-report');
    await form.getByRole('button', { name: 'Yes, report it' }).click();
    await item.getByText('Reported — thank you.').waitFor();
    // One report unlists nothing.
    assert.ok((await publicTexts(tokens[1].token)).includes('Buy cheap watches at example.com'));
    await p.context.close();

    const a = await adminPage();
    await a.page.goto(`/admin/p/${SLUG}/submissions`);
    const row = (text) => a.page.getByRole('row').filter({ hasText: text });
    await row('benches').waitFor();
    await a.page.getByLabel('Reports').selectOption({ label: 'Reported' });
    await a.page.getByRole('button', { name: 'Apply filters' }).click();
    await row('benches').waitFor({ state: 'detached' });
    await row('cheap watches').getByText('Reported once').waitFor();
    await checked(a, 'admin-reported-filter');
    await row('cheap watches').getByRole('button', { name: /^Moderate #/ }).click();
    const moderate = a.page.getByRole('form', { name: /^Moderate submission/ });
    await moderate.getByLabel('Hidden').check();
    await moderate.getByLabel('Reason').fill('Advertising, as reported');
    await moderate.getByRole('button', { name: 'Apply' }).click();
    await a.page.getByRole('status').filter({ hasText: 'Status changed to Hidden.' }).waitFor();
    assert.deepEqual(await publicTexts(tokens[1].token), ['More benches along the river path']);
    await a.context.close();
  });

  it('with pre-moderation on, a new submission waits until the admin restores it', async () => {
    const a = await adminPage();
    await a.page.goto(`/admin/p/${SLUG}`);
    await a.page.getByLabel('Check new submissions before others see them (pre-moderation)').check();
    await a.page.getByRole('button', { name: 'Save settings' }).click();
    await a.page.getByText('Settings saved.').waitFor();
    await checked(a, 'admin-premoderation-settings');

    const author = await participant(tokens[0].token);
    await author.page.getByLabel('Your idea or comment').fill('A drinking fountain by the playground');
    await author.page.getByRole('button', { name: 'Send submission' }).click();
    await author.page.getByText('others will see yours once a moderator has approved it').waitFor();
    await author.page.getByRole('link', { name: 'My submissions' }).first().click();
    const mine = author.page.getByRole('listitem').filter({ hasText: 'drinking fountain' });
    await mine.getByText('Awaiting approval').first().waitFor();
    await checked(author, 'participant-awaiting-approval');
    assert.ok(!(await publicTexts(tokens[1].token)).includes('A drinking fountain by the playground'), 'unlisted while held');

    await a.page.goto(`/admin/p/${SLUG}/submissions`);
    const row = a.page.getByRole('row').filter({ hasText: 'drinking fountain' });
    await row.getByText('Awaiting approval (pre-moderation)').waitFor();
    await row.getByRole('button', { name: /^Moderate #/ }).click();
    const moderate = a.page.getByRole('form', { name: /^Moderate submission/ });
    await moderate.getByLabel('Visible (restore)').check();
    await moderate.getByRole('button', { name: 'Apply' }).click();
    await a.page.getByRole('status').filter({ hasText: 'Status changed to Visible.' }).waitFor();
    assert.ok((await publicTexts(tokens[1].token)).includes('A drinking fountain by the playground'), 'listed once approved');
    await author.page.reload();
    await author.page.getByRole('listitem').filter({ hasText: 'drinking fountain' }).first().waitFor();
    assert.equal(await author.page.getByText('Awaiting approval').count(), 0);
    await author.context.close();
    await a.context.close();
  });
});
