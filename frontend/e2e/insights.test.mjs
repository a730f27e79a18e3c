// Duplicates and themes in Chromium against the real backend (lexical engine: no model files,
// so the default duplicate threshold is 0.6 and themes cluster TF-IDF vectors).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { axeCheck, newPage, screenshot, startBrowser, startServer } from './harness.mjs';

/** Focus moves in the next animation frame after a re-render: wait for it (up to 5 s). */
async function assertFocused(locator, message) {
  for (let i = 0; i < 100; i++) {
    if (await locator.evaluate((el) => el === document.activeElement)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(message);
}

const SLUG = 'library-square';
const SKATE = [
  'Build a skate park next to the library.',
  'Build a skate park next to the new library.',
  'Please build a skate park next to the library.',
];
const OTHER = [
  'The bus stop on Main Street needs a roof and benches.',
  'Plant more trees along the river path for shade.',
  'Open the public pool on Sunday mornings in summer.',
];

let srv;
let br;
let admin;

async function visit(p, name) {
  await p.page.waitForLoadState('networkidle').catch(() => {});
  const violations = await axeCheck(p.page);
  assert.deepEqual(violations, [], `axe-core serious/critical violations on ${name}:\n${JSON.stringify(violations, null, 2)}`);
  assert.deepEqual(p.problems, [], `CSP violations or page errors on ${name}`);
  await screenshot(p.page, name);
}

/** A same-origin API call from inside the page, so the session cookie and CSRF gate apply. */
async function apiCall(page, method, path, body) {
  return page.evaluate(
    async ([m, u, b]) => {
      const res = await fetch(u, {
        method: m,
        headers: b === undefined ? {} : { 'Content-Type': 'application/json' },
        body: b === undefined ? undefined : JSON.stringify(b),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
    [method, path, body],
  );
}

/** The figure of one dashboard statistic, as shown. */
async function stat(page, label) {
  return (await page.locator('.stat', { has: page.getByText(label, { exact: true }) }).locator('dd').textContent()).trim();
}

async function dashboardTotal(page, expected, duplicates) {
  await page.goto(`/admin/p/${SLUG}/dashboard`);
  await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
  await page.locator('.stat dd').first().waitFor();
  assert.equal(await stat(page, 'Submissions (not hidden)'), String(expected));
  if (duplicates > 0) assert.equal(await stat(page, 'Duplicates (counted once)'), String(duplicates));
  else assert.equal(await page.getByText('Duplicates (counted once)', { exact: true }).count(), 0);
}

before(async () => {
  srv = await startServer();
  br = await startBrowser();
});

after(async () => {
  await br?.close();
  await srv?.stop();
});

describe('Duplicates and themes in Chromium', () => {
  let ids = [];

  it('a participant sends six ideas, three of them nearly the same', async () => {
    admin = await newPage(br.browser, srv.origin);
    const { page } = admin;
    await page.goto('/admin');
    await page.getByLabel('Admin token').fill(srv.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Processes' }).waitFor();
    const created = await apiCall(page, 'POST', '/api/v1/processes', {
      slug: SLUG,
      title: 'What should change around the library square?',
      prompt: 'Tell us one thing that would make the library square better.',
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const type = created.body.contributor_types[0].key;
    const issued = await apiCall(page, 'POST', `/api/v1/processes/${SLUG}/tokens`, { count: 1, contributor_type: type });
    assert.equal(issued.status, 201, JSON.stringify(issued.body));

    const participant = await newPage(br.browser, srv.origin);
    await participant.page.goto(`/p/${SLUG}#token=${encodeURIComponent(issued.body.tokens[0].token)}`);
    await participant.page.getByRole('dialog').getByRole('button', { name: 'Sign in with this link' }).click();
    await participant.page.getByRole('heading', { name: 'Your submission' }).waitFor();
    for (const text of [...SKATE, ...OTHER]) {
      const r = await apiCall(participant.page, 'POST', `/api/v1/processes/${SLUG}/submissions`, { text, location: null });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      ids.push(r.body.id);
    }
    await participant.context.close();
  });

  it('admin finds the near-duplicates, marks two, sees the dashboard count them once, and undoes one', async () => {
    const { page } = admin;
    await dashboardTotal(page, 6, 0);

    await page.getByRole('navigation', { name: 'Process sections' }).getByRole('link', { name: 'Duplicates' }).click();
    await page.getByRole('heading', { name: 'Duplicates', level: 1 }).waitFor();
    await page.getByText('Duplicates are kept and linked to their original, and counted once in the dashboard.').waitFor();
    const threshold = page.getByLabel('Similarity threshold (0.5–1)');
    await page.getByText(/^1 group at a similarity of 0\.60 or more\.$/).waitFor();
    assert.equal(await threshold.inputValue(), '0.6');

    // A stricter threshold finds nothing; back to the default finds the group again.
    await threshold.fill('1');
    await page.getByRole('button', { name: 'Search again' }).click();
    await page.getByText('No near-duplicates at this threshold.').waitFor();
    await threshold.fill('0.3');
    await page.getByRole('button', { name: 'Search again' }).click();
    await page.getByText('Enter a number from 0.5 to 1.').waitFor();
    await threshold.fill('0.6');
    await page.getByRole('button', { name: 'Search again' }).click();

    const group = page.locator('.dup-group').first();
    await group.getByRole('heading', { name: 'Group 1: 3 submissions' }).waitFor();
    for (const text of SKATE) await group.getByRole('radio', { name: text, exact: true }).waitFor();
    assert.equal(await group.getByText(OTHER[0]).count(), 0, 'an unrelated idea in the group');
    // The earliest submission is preselected as the original.
    assert.equal(await group.getByRole('radio', { name: SKATE[0], exact: true }).isChecked(), true);
    await group.getByRole('button', { name: `Mark the others as duplicates of #${ids[0]}` }).click();
    await page.getByText(`2 submissions marked as duplicates of #${ids[0]}.`).waitFor();
    await group.getByText(`Duplicate of #${ids[0]}`).first().waitFor();
    assert.equal(await group.getByText(`Duplicate of #${ids[0]}`).count(), 2);
    assert.equal(await group.locator('.badge', { hasText: 'Original' }).count(), 1);
    await group.getByRole('button', { name: `Undo: #${ids[1]} is not a duplicate` }).waitFor();
    await visit(admin, 'admin-duplicates');

    // Marked after a reload too.
    await page.reload();
    await group.getByText(`Duplicate of #${ids[0]}`).first().waitFor();
    assert.equal(await group.getByText(`Duplicate of #${ids[0]}`).count(), 2);

    await dashboardTotal(page, 4, 2);

    await page.getByRole('navigation', { name: 'Process sections' }).getByRole('link', { name: 'Duplicates' }).click();
    await group.getByRole('button', { name: `Undo: #${ids[2]} is not a duplicate` }).click();
    await page.getByText(`Submission #${ids[2]} is no longer marked as a duplicate.`).waitFor();
    assert.equal(await group.getByText(`Duplicate of #${ids[0]}`).count(), 1);

    // One answer for the original and the duplicate still linked to it.
    await group.getByRole('button', { name: `Respond to #${ids[0]} and its duplicates` }).click();
    const respond = group.getByRole('form', { name: `Respond to #${ids[0]} and its duplicates` });
    await respond.getByLabel('Not taken forward').check();
    await respond.getByLabel('Public reply (optional)').fill('The skate park is planned elsewhere.');
    await respond.getByRole('button', { name: 'Save response' }).click();
    await page.getByText('2 submissions answered.').waitFor();
    const answered = await apiCall(page, 'GET', `/api/v1/processes/${SLUG}/submissions?limit=100`);
    const statusOf = (id) => answered.body.items.find((x) => x.id === id).response.status;
    assert.deepEqual([ids[0], ids[1], ids[2]].map(statusOf), ['not_taken_forward', 'not_taken_forward', 'received']);
    await dashboardTotal(page, 5, 1);
  });

  it('admin computes two themes, renames one, and the name survives a reload', async () => {
    const { page } = admin;
    // Themes are built from analysed sentences: wait for the analysis of every submission.
    let sentences = 0;
    for (let i = 0; ; i++) {
      const r = await apiCall(page, 'GET', `/api/v1/processes/${SLUG}/submissions?limit=100`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const items = r.body.items;
      if (items.length === 6 && items.every((s) => s.analysis)) {
        sentences = items.filter((s) => s.duplicate_of == null).reduce((n, s) => n + s.sentences.length, 0);
        break;
      }
      assert.ok(i < 100, 'submissions were not analysed in time');
      await page.waitForTimeout(200);
    }
    assert.ok(sentences >= 5, `sentences: ${sentences}`);

    await page.getByRole('navigation', { name: 'Process sections' }).getByRole('link', { name: 'Themes' }).click();
    await page.getByRole('heading', { name: 'Themes', level: 1 }).waitFor();
    await page.getByText('No themes yet: compute them to see what people talk about.').waitFor();
    await page.getByLabel('Number of themes (2–20, optional)').fill('2');
    await page.getByRole('button', { name: 'Compute themes' }).click();
    await page.getByText(/^Themes: finished/).waitFor({ timeout: 30_000 });
    const cards = page.locator('.theme-card');
    await cards.nth(1).waitFor();
    assert.equal(await cards.count(), 2);
    const sizes = [];
    for (const text of await page.locator('.theme-card .badge-size').allTextContents()) sizes.push(Number(/^(\d+) sentences?$/.exec(text.trim())[1]));
    assert.equal(sizes[0] + sizes[1], sentences, `sizes ${sizes} for ${sentences} sentences`);
    assert.ok(sizes[0] >= sizes[1], 'largest first');
    await page.getByText(`2 themes covering ${sentences} sentences`).waitFor();
    await page.getByText(/^Computed /).waitFor();
    await cards.first().getByText('Characteristic words:').waitFor();
    await cards.first().getByRole('table', { name: /^Categories of the sentences in/ }).waitFor();
    await cards.first().getByRole('heading', { name: 'Representative sentences' }).waitFor();
    await page.getByRole('button', { name: 'Recompute' }).waitFor();

    // Rename with the keyboard only.
    const card = cards.first();
    const generated = (await card.locator('h3').textContent()).trim();
    await card.getByRole('button', { name: 'Rename' }).focus();
    await page.keyboard.press('Enter');
    const name = card.getByLabel('Theme name');
    await name.waitFor();
    await assertFocused(name, 'the name field has focus');
    await page.keyboard.press('Escape');
    await card.getByRole('button', { name: 'Rename' }).waitFor();
    await assertFocused(card.getByRole('button', { name: 'Rename' }), 'focus back on Rename');
    await page.keyboard.press('Enter');
    await name.fill('Skate park by the library');
    await page.keyboard.press('Enter');
    await page.getByText('Renamed to “Skate park by the library”.').waitFor();
    await card.getByText(`Generated name: ${generated}`).waitFor();
    await visit(admin, 'admin-themes');

    await page.reload();
    await page.getByRole('heading', { name: 'Skate park by the library', level: 3 }).waitFor();
    await page.getByText(`Generated name: ${generated}`).waitFor();

    // The dashboard lists the themes under their current names.
    await page.goto(`/admin/p/${SLUG}/dashboard`);
    const themes = page.getByRole('region', { name: 'Themes' });
    await themes.getByRole('rowheader', { name: 'Skate park by the library' }).waitFor();
    assert.equal(await themes.getByRole('rowheader').count(), 2);
    await visit(admin, 'admin-dashboard-themes');
  });
});
