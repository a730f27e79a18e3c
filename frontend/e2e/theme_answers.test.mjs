// Answering a whole theme in Chromium: an administrator computes themes, answers one theme
// with one status and reply (confirmed with how many submissions it answers), and a results
// link shows what happened to the submissions of each theme.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiAs as callApi, axeCheck, newPage, screenshot, startBrowser, startServer } from './harness.mjs';

const SLUG = 'green-and-buses';
const TEXTS = [
  'Plant more trees in the park.',
  'The park needs shade trees.',
  'Old trees in the park should be protected.',
  'Trees make the park cooler in summer.',
  'Night buses should run every half hour.',
  'Buses stop too early at night.',
  'We need night buses on weekends.',
  'Run buses later at night for shift workers.',
];
let srv;
let br;

const apiAs = (token, method, path, body) => callApi(srv.origin, token, method, path, body);
const adminApi = (method, path, body) => apiAs(srv.adminToken, method, path, body);

async function checked(p, name) {
  await p.page.waitForLoadState('networkidle').catch(() => {});
  const violations = await axeCheck(p.page);
  assert.deepEqual(violations, [], `axe on ${name}:\n${JSON.stringify(violations, null, 2)}`);
  assert.deepEqual(p.problems, [], `CSP violations or page errors on ${name}`);
  await screenshot(p.page, name);
}

before(async () => {
  srv = await startServer();
  br = await startBrowser();
  await adminApi('POST', '/processes', { slug: SLUG, title: 'Green space and night buses', prompt: 'What should change?' });
  const proc = await adminApi('GET', `/processes/${SLUG}`);
  const [{ token }] = (await adminApi('POST', `/processes/${SLUG}/tokens`, { count: 1, contributor_type: proc.contributor_types[0].key })).tokens;
  for (const text of TEXTS) await apiAs(token, 'POST', `/processes/${SLUG}/submissions`, { text });
  // Themes are built from analysed sentences.
  for (let i = 0; ; i++) {
    const page = await adminApi('GET', `/processes/${SLUG}/submissions?limit=100`);
    if (page.items.length === TEXTS.length && page.items.every((s) => s.analysis)) break;
    assert.ok(i < 150, 'submissions were not analysed in time');
    await new Promise((r) => setTimeout(r, 200));
  }
});

after(async () => {
  await br?.close();
  await srv?.stop();
});

describe('answering a theme in Chromium', () => {
  let label;
  let answered;

  it('an administrator computes themes and answers one of them', async () => {
    const admin = await newPage(br.browser, srv.origin);
    const { page } = admin;
    await page.goto('/admin');
    await page.getByLabel('Admin token').fill(srv.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Processes' }).waitFor();
    await page.goto(`/admin/p/${SLUG}/themes`);
    await page.getByRole('heading', { name: 'Themes', level: 1 }).waitFor();
    await page.getByLabel('Number of themes (2–20, optional)').fill('2');
    await page.getByRole('button', { name: 'Compute themes' }).click();
    await page.getByText(/^Themes: finished/).waitFor({ timeout: 30_000 });
    const card = page.locator('.theme-card').first();
    await card.waitFor();
    label = (await card.locator('h3').textContent()).trim();
    const listed = await adminApi('GET', `/processes/${SLUG}/themes`);
    const theme = listed.themes.find((t) => t.label === label);
    assert.ok(theme && theme.members_known && theme.submissions > 0, JSON.stringify(listed));

    await card.getByRole('button', { name: 'Answer this theme' }).click();
    const form = page.getByRole('form', { name: `Answer the theme “${label}”` });
    await form.getByLabel('Response', { exact: true }).selectOption({ label: 'Accepted' });
    await form.getByLabel('Public reply (optional)').fill('The park gets 200 new trees next spring.');
    await form.getByRole('button', { name: 'Continue' }).click();
    const n = theme.submissions;
    const many = n === 1 ? '1 submission' : `${n} submissions`;
    await form.getByText(`This gives ${many} the response “Accepted”, replacing any earlier answer.`).waitFor();
    await checked(admin, 'admin-theme-answer-confirm');
    await form.getByRole('button', { name: `Answer ${many}` }).click();
    await card.getByRole('status').filter({ hasText: `${many} answered.` }).waitFor();
    assert.equal(await form.count(), 0, 'the form closes once answered');
    await checked(admin, 'admin-theme-answered');

    const subs = await adminApi('GET', `/processes/${SLUG}/submissions?limit=100`);
    answered = subs.items.filter((s) => s.response.status === 'accepted');
    assert.equal(answered.length, n);
    assert.ok(answered.every((s) => s.response.reply === 'The park gets 200 new trees next spring.'));
    assert.equal(subs.items.filter((s) => s.response.status === 'received').length, TEXTS.length - n, 'the other theme is untouched');
    const audit = await adminApi('GET', '/admin/audit?action=submission.respond');
    assert.equal(audit.items.length, 1);
    assert.equal(audit.items[0].details.theme.label, label);
    await admin.context.close();
  });

  it('a results link shows the outcome of each theme', async () => {
    const link = await adminApi('POST', `/processes/${SLUG}/share-links`, { label: 'Council', expires_in_days: 7 });
    const r = await newPage(br.browser, srv.origin);
    await r.page.goto(link.path);
    const table = r.page.getByRole('table', { name: 'Submissions per theme and response' });
    await table.waitFor();
    const row = table.getByRole('row', { name: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) });
    // received, under consideration, accepted, partly accepted, not taken forward
    assert.deepEqual(await row.getByRole('cell').allInnerTexts(), ['0', '0', String(answered.length), '0', '0']);
    assert.equal(await table.getByRole('rowheader').count(), 2);
    await checked(r, 'results-outcomes-by-theme');
    await r.context.close();
  });
});
