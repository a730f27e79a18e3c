// Staff roles in Chromium: the owner issues a moderator token for one process on the staff
// token page and rotates it; the moderator signs in, sees only that process and the sections
// a moderator may open, and cannot reach the staff tokens page; the owner then changes the
// token's role. Every page is axe-checked.
// Run: node --test e2e/roles.test.mjs (after `cargo build --bin planner` and `npm run build`).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { axeCheck, newPage, screenshot, startBrowser, startServer } from './harness.mjs';

let srv;
let br;
let owner;
let moderatorToken = '';

async function visit(p, name) {
  await p.page.waitForLoadState('networkidle').catch(() => {});
  const violations = await axeCheck(p.page);
  assert.deepEqual(violations, [], `axe-core serious/critical violations on ${name}:\n${JSON.stringify(violations, null, 2)}`);
  assert.deepEqual(p.problems, [], `CSP violations or page errors on ${name}`);
  await screenshot(p.page, name);
}

async function signIn(p, token) {
  await p.page.goto('/admin');
  await p.page.getByLabel('Admin token').fill(token);
  await p.page.getByRole('button', { name: 'Sign in' }).click();
  await p.page.getByRole('heading', { name: 'Processes' }).waitFor();
}

/** A JSON call in the page's session, as the SPA makes it. */
async function post(page, path, body) {
  const res = await page.request.post(path, { data: body, headers: { Origin: srv.origin } });
  assert.ok(res.ok(), `${path}: ${res.status()} ${await res.text()}`);
  return res.json();
}

before(async () => {
  srv = await startServer();
  br = await startBrowser();
});

after(async () => {
  await br?.close();
  await srv?.stop();
});

describe('Staff roles in Chromium', () => {
  it('the owner issues a moderator token for one process, and rotates it', async () => {
    owner = await newPage(br.browser, srv.origin);
    await signIn(owner, srv.adminToken);
    const { page } = owner;
    for (const [slug, title] of [
      ['harbour', 'What should the harbour become?'],
      ['market', 'A new market hall?'],
    ]) {
      await post(page, '/api/v1/processes', { slug, title, prompt: 'Tell us.' });
    }
    await page.getByRole('link', { name: 'Staff tokens' }).click();
    await page.getByRole('heading', { name: 'Staff tokens', level: 1 }).waitFor();
    await page.getByLabel('Label').fill('Moderator, harbour workshop');
    await page.getByLabel('Role').selectOption('moderator');
    await page.getByRole('group', { name: 'Processes' }).getByLabel('What should the harbour become?').check();
    await visit(owner, 'staff-token-form');
    await page.getByRole('button', { name: 'Issue staff token' }).click();
    await page.getByRole('heading', { name: 'New staff token' }).waitFor();
    const first = (await page.locator('code.token').textContent()).trim();
    assert.match(first, /^ppa_/);
    await page.getByRole('button', { name: 'Done — clear from screen' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Moderator, harbour workshop' });
    await row.getByRole('cell', { name: 'Moderator', exact: true }).waitFor();
    await row.getByRole('cell', { name: 'harbour', exact: true }).waitFor();
    await visit(owner, 'staff-tokens');

    // Rotation: a new token with the same role replaces it; the old one stops working.
    await row.getByRole('button', { name: /^Rotate/ }).click();
    await page.getByRole('heading', { name: 'New staff token' }).waitFor();
    moderatorToken = (await page.locator('code.token').textContent()).trim();
    assert.notEqual(moderatorToken, first);
    await page.getByRole('button', { name: 'Done — clear from screen' }).click();
    const old = await page.request.post('/api/v1/auth/login', { data: { token: first }, headers: { Origin: srv.origin } });
    assert.equal(old.status(), 401);
    const rows = page.getByRole('row').filter({ hasText: 'Moderator, harbour workshop' });
    await rows.filter({ hasText: 'Revoked' }).waitFor();
    await rows.filter({ hasText: 'Active' }).waitFor();
  });

  it('a moderator sees only their process and cannot reach the staff tokens page', async () => {
    const moderator = await newPage(br.browser, srv.origin);
    await signIn(moderator, moderatorToken);
    const { page } = moderator;
    const header = page.getByRole('navigation', { name: 'Admin' });
    await header.getByRole('link', { name: 'Processes' }).waitFor();
    assert.equal(await header.getByRole('link', { name: 'Staff tokens' }).count(), 0);
    assert.equal(await header.getByRole('link', { name: 'Audit log' }).count(), 0);
    assert.equal(await page.getByRole('link', { name: 'New process' }).count(), 0);
    const table = page.getByRole('table');
    await table.getByText('What should the harbour become?').waitFor();
    assert.equal(await table.getByText('A new market hall?').count(), 0);
    await visit(moderator, 'moderator-processes');

    await page.goto('/admin/tokens');
    await page.getByRole('heading', { name: 'Not available to your role' }).waitFor();
    await visit(moderator, 'moderator-staff-tokens-refused');
    const api = await page.request.get('/api/v1/admin/tokens');
    assert.equal(api.status(), 403, 'the server refuses it as well');

    await page.goto('/admin/p/harbour/submissions');
    const sections = page.getByRole('navigation', { name: 'Process sections' });
    await sections.getByRole('link', { name: 'Submissions' }).waitFor();
    for (const hidden of ['Tokens', 'Settings', 'Training', 'Results links']) {
      assert.equal(await sections.getByRole('link', { name: hidden, exact: true }).count(), 0, hidden);
    }
    await visit(moderator, 'moderator-submissions');
    await page.goto('/admin/p/harbour/tokens');
    await page.getByRole('heading', { name: 'Not available to your role' }).waitFor();
    await moderator.context.close();
  });

  it('the owner changes the moderator into an analyst of both processes', async () => {
    const { page } = owner;
    await page.goto('/admin/tokens');
    const row = page.getByRole('row').filter({ hasText: 'Moderator, harbour workshop' }).filter({ hasText: 'Active' });
    await row.getByRole('button', { name: /^Change role/ }).click();
    await page.getByRole('heading', { name: /^Change the role/ }).waitFor();
    await page.getByLabel('Role', { exact: true }).selectOption('analyst');
    await page.getByRole('group', { name: 'Processes' }).getByLabel('A new market hall?').check();
    await visit(owner, 'staff-token-change');
    await page.getByRole('button', { name: 'Save role' }).click();
    await page.getByText("The role was changed; it applies from the token's next request.").waitFor();
    await row.getByRole('cell', { name: 'Analyst', exact: true }).waitFor();
    await row.getByRole('cell', { name: 'harbour, market', exact: true }).waitFor();
  });
});
