// Bulk actions on a filter: an administrator searches the admin list, selects every matching
// submission (more than one page of them), confirms the count in a dialog and hides them all
// with one reason; the server says how many it acted on, and nothing else changed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiAs as callApi, axeCheck, newPage, screenshot, startBrowser, startServer } from './harness.mjs';

const SLUG = 'casino-cleanup';
const ADS = 30; // more than the list's page of 25
let srv;
let br;

const adminApi = (method, path, body) => callApi(srv.origin, srv.adminToken, method, path, body);

async function checked(p, name) {
  await p.page.waitForLoadState('networkidle').catch(() => {});
  assert.deepEqual(await axeCheck(p.page), [], `axe on ${name}`);
  assert.deepEqual(p.problems, [], `CSP violations or page errors on ${name}`);
  await screenshot(p.page, name);
}

before(async () => {
  srv = await startServer({ RATE_LIMIT_SUBMISSIONS_PER_HOUR: '1000' });
  br = await startBrowser();
  await adminApi('POST', '/processes', { slug: SLUG, title: 'Ideas for the old pier', prompt: 'One idea, please.' });
  const proc = await adminApi('GET', `/processes/${SLUG}`);
  const { tokens } = await adminApi('POST', `/processes/${SLUG}/tokens`, { count: 2, contributor_type: proc.contributor_types[0].key });
  for (let i = 1; i <= ADS; i++) {
    await callApi(srv.origin, tokens[0].token, 'POST', `/processes/${SLUG}/submissions`, { text: `Casino bonus number ${i}, click here` });
  }
  for (const text of ['Benches facing the sunset', 'A lifeguard tower in summer']) {
    await callApi(srv.origin, tokens[1].token, 'POST', `/processes/${SLUG}/submissions`, { text });
  }
});

after(async () => {
  await br?.close();
  await srv?.stop();
});

describe('bulk actions on every matching submission in Chromium', () => {
  it('hides all submissions a search matches, across pages, after confirming the count', async () => {
    const admin = await newPage(br.browser, srv.origin);
    const { page } = admin;
    await page.goto('/admin');
    await page.getByLabel('Admin token').fill(srv.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Processes' }).waitFor();
    await page.goto(`/admin/p/${SLUG}/submissions`);
    await page.getByText('32 submissions').waitFor();
    // Without filters there is nothing to select "all matching" of.
    assert.equal(await page.getByRole('button', { name: /^Select all/ }).count(), 0);

    await page.getByLabel('Text contains').fill('casino');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('button', { name: `Select all ${ADS} matching submissions` }).click();
    const panel = page.getByRole('region', { name: 'Selected submissions' });
    await panel.getByText(`All ${ADS} submissions matching the filters are selected.`).waitFor();
    assert.ok(await page.getByLabel('Select every submission on this page').isDisabled(), 'the page box shows the selection');

    await panel.getByRole('button', { name: 'Moderate' }).click();
    const form = page.getByRole('form', { name: 'Moderate the selected submissions' });
    await form.getByLabel('Reason').fill('Advertising');
    await form.getByRole('button', { name: 'Apply' }).click();
    const dialog = page.getByRole('dialog', { name: `Act on ${ADS} submissions matching the filters?` });
    await dialog.getByText('They will be hidden, with the reason you gave.').waitFor();
    await checked(admin, 'admin-bulk-matching-confirm');

    // Cancelling sends nothing.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    const before = await adminApi('GET', `/processes/${SLUG}/submissions?status=hidden`);
    assert.equal(before.total, 0);

    await form.getByRole('button', { name: 'Apply' }).click();
    await dialog.getByRole('button', { name: `Apply to ${ADS} submissions` }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `${ADS} submissions matched the filters and were moderated; ${ADS} changed status.` })
      .waitFor();
    assert.equal(await panel.count(), 0, 'the selection is cleared once done');
    await checked(admin, 'admin-bulk-matching-done');

    const hidden = await adminApi('GET', `/processes/${SLUG}/submissions?status=hidden&limit=100`);
    assert.equal(hidden.total, ADS, 'every match hidden, not only the page shown');
    assert.ok(hidden.items.every((s) => /^Casino/.test(s.text) && s.moderation_reason === 'Advertising'));
    const visible = await adminApi('GET', `/processes/${SLUG}/submissions?status=visible`);
    assert.deepEqual(visible.items.map((s) => s.text).sort(), ['A lifeguard tower in summer', 'Benches facing the sunset']);
    const audit = await adminApi('GET', '/admin/audit?action=submission.moderate&limit=100');
    assert.equal(audit.items.length, ADS, 'one entry per submission');
    await admin.context.close();
  });
});
