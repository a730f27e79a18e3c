// Support instead of repeat: on a phone, a participant writing something close to an existing
// submission supports it from the "similar submissions" panel, withdraws and supports again;
// an administrator sorts the list by supports; a results link names the most supported.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiAs as callApi, axeCheck, newPage, screenshot, startBrowser, startServer } from './harness.mjs';

const SLUG = 'support-not-repeat';
const PHONE = { width: 390, height: 844 };
const MARKET = 'Build a covered market next to the old pier.';
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

let market;

before(async () => {
  srv = await startServer();
  br = await startBrowser();
  await adminApi('POST', '/processes', {
    slug: SLUG,
    title: 'What should the harbour get?',
    prompt: 'One idea, please.',
    public_submissions: true,
  });
  const proc = await adminApi('GET', `/processes/${SLUG}`);
  tokens = (await adminApi('POST', `/processes/${SLUG}/tokens`, { count: 3, contributor_type: proc.contributor_types[0].key })).tokens;
  market = await apiAs(tokens[0].token, 'POST', `/processes/${SLUG}/submissions`, { text: MARKET });
  await apiAs(tokens[0].token, 'POST', `/processes/${SLUG}/submissions`, { text: 'Repair the streetlights on Elm Street.' });
});

after(async () => {
  await br?.close();
  await srv?.stop();
});

describe('supports in Chromium', () => {
  it('a participant supports a close submission instead of writing it again, on a phone', async () => {
    const p = await newPage(br.browser, srv.origin, { viewport: PHONE });
    const { page } = p;
    await page.goto(`/p/${SLUG}`);
    await page.getByLabel('Your access token').fill(tokens[1].token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Your idea or comment').fill('We need a covered market next to the pier');
    const panel = page.locator('.similar-panel');
    await panel.getByText(MARKET).waitFor();
    const support = panel.getByRole('button', { name: 'Support' });
    assert.equal(await support.getAttribute('aria-pressed'), 'false');
    await panel.getByText('No supports yet').waitFor();

    await support.click();
    await panel.getByText('1 person supports this').waitFor();
    assert.equal(await support.getAttribute('aria-pressed'), 'true');
    // The list of what others said below shows the same count.
    const others = page.locator('section[aria-labelledby="public-title"]');
    await others.getByRole('listitem').filter({ hasText: MARKET }).getByText('1 person supports this').waitFor();
    await checked(p, 'participant-support');

    // Pressing again withdraws; once more supports again.
    await support.click();
    await panel.getByText('No supports yet').waitFor();
    assert.equal(await support.getAttribute('aria-pressed'), 'false');
    await support.click();
    await panel.getByText('1 person supports this').waitFor();
    await p.context.close();
  });

  it('an administrator sorts the list by supports', async () => {
    // A second supporter, through the API as a script would.
    const state = await apiAs(tokens[2].token, 'PUT', `/submissions/${market.id}/support`);
    assert.deepEqual([state.supports, state.supported], [2, true]);
    const admin = await newPage(br.browser, srv.origin);
    const { page } = admin;
    await page.goto('/admin');
    await page.getByLabel('Admin token').fill(srv.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Processes' }).waitFor();
    await page.goto(`/admin/p/${SLUG}/submissions`);
    const rows = page.locator('table.subs-table tbody tr');
    await rows.first().locator('.submission-text', { hasText: 'streetlights' }).waitFor();
    await page.getByLabel('Order', { exact: true }).selectOption('supports');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await rows.first().locator('.submission-text', { hasText: MARKET }).waitFor();
    const header = await page.locator('table.subs-table thead th').allInnerTexts();
    const column = header.findIndex((h) => h.trim() === 'Supports');
    assert.ok(column > 0, `a Supports column in ${header}`);
    assert.equal((await rows.first().locator('td').nth(column).innerText()).trim(), '2');
    await checked(admin, 'admin-submissions-supports');
    await admin.context.close();
  });

  it('a results link names the most supported submissions', async () => {
    const link = await adminApi('POST', `/processes/${SLUG}/share-links`, { label: 'Council', expires_in_days: 7 });
    const r = await newPage(br.browser, srv.origin, { viewport: PHONE });
    await r.page.goto(link.path);
    const most = r.page.locator('section[aria-labelledby="most-supported"]');
    await most.getByRole('heading', { name: 'Most supported' }).waitFor();
    await most.getByRole('listitem').filter({ hasText: MARKET }).getByText('2 people support this').waitFor();
    await checked(r, 'results-most-supported');
    await r.context.close();
  });
});
