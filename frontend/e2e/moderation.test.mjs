// Moderation at workshop scale: an administrator selects every submission of the page in the
// admin list, hides them with one reason, then restores one; each change is in the audit log.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { axeCheck, newPage, screenshot, startBrowser, startServer } from './harness.mjs';

const SLUG = 'workshop-wall';
let srv;
let br;

async function api(token, method, path, body) {
  const res = await fetch(`${srv.origin}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body && { 'Content-Type': 'application/json' }) },
    body: body && JSON.stringify(body),
  });
  assert.ok(res.ok, `${method} ${path}: ${res.status} ${await res.clone().text()}`);
  return res.json();
}

before(async () => {
  srv = await startServer();
  br = await startBrowser();
  await api(srv.adminToken, 'POST', '/processes', { slug: SLUG, title: 'Ideas wall', prompt: 'One idea, please.' });
  const proc = await api(srv.adminToken, 'GET', `/processes/${SLUG}`);
  const { tokens } = await api(srv.adminToken, 'POST', `/processes/${SLUG}/tokens`, { count: 1, contributor_type: proc.contributor_types[0].key });
  for (const text of ['Win a free phone at example.com', 'Cheap flights, click here', 'Best casino bonus today']) {
    await api(tokens[0].token, 'POST', `/processes/${SLUG}/submissions`, { text });
  }
});

after(async () => {
  await br?.close();
  await srv?.stop();
});

describe('bulk moderation in Chromium', () => {
  it('hides a whole page with one reason and restores one', async () => {
    const admin = await newPage(br.browser, srv.origin);
    const { page } = admin;
    await page.goto('/admin');
    await page.getByLabel('Admin token').fill(srv.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Processes' }).waitFor();
    await page.goto(`/admin/p/${SLUG}/submissions`);
    const row = (text) => page.getByRole('row').filter({ hasText: text });
    await row('casino').waitFor();

    await page.getByLabel('Select every submission on this page').check();
    await page.getByText('3 submissions selected').waitFor();
    const panel = page.getByRole('region', { name: 'Selected submissions' });
    await panel.getByRole('button', { name: 'Moderate' }).click();
    const form = page.getByRole('form', { name: 'Moderate the selected submissions' });
    // Hiding without a reason is refused before anything is sent.
    await form.getByRole('button', { name: 'Apply' }).click();
    await form.getByText('Give a reason for hiding or flagging.').waitFor();
    await form.getByLabel('Reason').fill('Advertising');
    await page.waitForLoadState('networkidle').catch(() => {});
    assert.deepEqual(await axeCheck(page), [], 'axe on the selection panel');
    assert.deepEqual(admin.problems, [], 'CSP violations or page errors');
    await screenshot(page, 'admin-bulk-moderation');
    await form.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('status').filter({ hasText: '3 submissions moderated.' }).waitFor();
    assert.equal(await form.count(), 0, 'the selection is cleared once done');
    for (const text of ['free phone', 'Cheap flights', 'casino']) {
      await row(text).getByText('Reason: Advertising').waitFor();
    }

    // One of them was fine after all: select it alone and restore it, no reason needed.
    await row('Cheap flights').getByRole('checkbox').check();
    await panel.getByRole('button', { name: 'Moderate' }).click();
    await form.getByLabel('Visible (restore)').check();
    await form.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('status').filter({ hasText: '1 submission moderated.' }).waitFor();
    await row('Cheap flights').getByText('Reason: Advertising').waitFor({ state: 'detached' });
    await row('casino').getByText('Reason: Advertising').waitFor();

    const audit = await api(srv.adminToken, 'GET', '/admin/audit?action=submission.moderate');
    assert.equal(audit.items.length, 4, 'one entry per submission and change');
    await admin.context.close();
  });
});
