// End-to-end journeys in headless Chromium against the real backend (see harness.mjs).
// Run: npm run e2e (after `cargo build --bin planner` and `npm run build`).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { axeCheck, newPage, screenshot, startBrowser, startServer, tileGlob } from './harness.mjs';

const SLUG = 'riverfront';
const TITLE = 'What should the riverfront become?';
const TILE_PATTERN = /tile\.openstreetmap\.org|\{z\}/;

// A 1×1 light grey PNG, served for every map tile where a test wants tiles to load.
const TINY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGN4AQAA6gDp3uJOLwAAAABJRU5ErkJggg==', 'base64');

let srv;
let br;
let admin; // { context, page, problems }
let participant;
let issued = []; // plaintext tokens from the CSV
let issuedIds = []; // their token ids, from the CSV
let typeName = ''; // name of the first contributor type

/** Checks a page that has finished loading: axe-core, CSP/page errors, and a screenshot. */
async function visit(p, name) {
  // Let lazy chunks and images settle before judging the page.
  await p.page.waitForLoadState('networkidle').catch(() => {});
  const violations = await axeCheck(p.page);
  assert.deepEqual(violations, [], `axe-core serious/critical violations on ${name}:\n${JSON.stringify(violations, null, 2)}`);
  assert.deepEqual(p.problems, [], `CSP violations or page errors on ${name}`);
  await screenshot(p.page, name);
}

/** No token text may ever sit in web storage. */
async function assertNoTokenInStorage(page) {
  const dump = await page.evaluate(() => JSON.stringify({ l: { ...localStorage }, s: { ...sessionStorage } }));
  assert.doesNotMatch(dump, /pp[ap]_|e2e-admin-/, `web storage holds a token: ${dump}`);
}

async function pageFor(opts = {}) {
  const p = await newPage(br.browser, srv.origin, opts);
  // No internet here, but make "tiles cannot load" deterministic everywhere.
  await p.context.route(TILE_PATTERN, (route) => route.abort());
  return p;
}

function parseCsv(text) {
  return text
    .trim()
    .split(/\r\n/)
    .map((line) => line.split(','));
}

before(async () => {
  srv = await startServer({ RATE_LIMIT_REGISTER_PER_HOUR: '3' });
  br = await startBrowser();
});

after(async () => {
  await br?.close();
  await srv?.stop();
});

describe('Participatory Planner in Chromium', () => {
  it('admin signs in, the session survives a reload, and creates a process', async () => {
    admin = await pageFor();
    const { page } = admin;
    await page.goto('/admin');
    await page.getByRole('heading', { name: 'Admin sign-in' }).waitFor();
    await visit(admin, 'admin-sign-in');
    await page.getByLabel('Admin token').fill(srv.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Processes' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Processes' }).waitFor();
    await assertNoTokenInStorage(page);

    await page.getByRole('link', { name: 'New process' }).click();
    await page.getByRole('heading', { name: 'New process' }).waitFor();
    await page.getByLabel('Title').fill('What should the riverfront become?');
    assert.equal(await page.getByLabel('Address (slug)').inputValue(), 'what-should-the-riverfront-become');
    await page.getByLabel('Address (slug)').fill(SLUG);
    await page.getByLabel('Question for participants').fill('Tell us one thing that would make the riverfront better for you.');
    await page.getByLabel('Anyone may get a participant token on the process page').check();
    // English is preselected and, while it is the only one, cannot be unticked.
    assert.ok(await page.getByRole('checkbox', { name: 'English' }).isChecked());
    assert.ok(await page.getByRole('checkbox', { name: 'English' }).isDisabled());
    await page.getByRole('checkbox', { name: 'Spanish' }).check();
    await page.getByLabel('Latitude').fill('40.4168');
    await page.getByLabel('Longitude').fill('-3.7038');
    await visit(admin, 'admin-process-new');
    await page.getByRole('button', { name: 'Create process' }).click();
    await page.getByRole('heading', { name: 'Process settings' }).waitFor();
    assert.match(page.url(), /\/admin\/p\/riverfront$/);
    assert.equal(await page.getByLabel('Address (slug)').inputValue(), SLUG);
    await visit(admin, 'admin-process-settings');

    const proc = await (await page.request.get(`/api/v1/processes/${SLUG}`)).json();
    assert.deepEqual(proc.languages, ['en', 'es']);
    assert.ok(await page.getByRole('checkbox', { name: 'Spanish' }).isChecked());
    typeName = proc.contributor_types[0].name;
    assert.ok(typeName);
  });

  it('admin issues tokens, downloads the CSV and shows printable QR cards', async () => {
    const { page } = admin;
    await page.getByRole('navigation', { name: 'Process sections' }).getByRole('link', { name: 'Tokens' }).click();
    await page.getByRole('heading', { name: 'Participant tokens' }).waitFor();
    await page.getByText('No tokens issued yet.').waitFor();
    await page.getByLabel('How many').fill('4');
    await page.getByLabel('Label (optional)').fill('Workshop 12 May, table 3');
    await page.getByRole('button', { name: 'Issue tokens' }).click();
    await page.getByRole('heading', { name: `4 new tokens for ${typeName}` }).waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    assert.match(download.suggestedFilename(), /^riverfront-tokens-.*\.csv$/);
    const rows = parseCsv(readFileSync(await download.path(), 'utf8'));
    assert.deepEqual(rows[0], ['token', 'sign_in_link', 'process', 'contributor_type', 'label', 'token_id']);
    assert.equal(rows.length, 5);
    for (const r of rows.slice(1)) {
      assert.match(r[0], /^ppp_/);
      // The token rides in the fragment, which never reaches a server or a log.
      assert.equal(r[1], `${srv.origin}/p/${SLUG}#token=${encodeURIComponent(r[0])}`);
      assert.equal(new URL(r[1]).search, '');
      assert.equal(r[2], SLUG);
    }
    issued = rows.slice(1).map((r) => r[0]);
    issuedIds = rows.slice(1).map((r) => Number(r.at(-1))); // last: the label may hold a quoted comma
    await page.getByText('CSV file downloaded.').waitFor();

    await page.getByRole('button', { name: 'Show cards' }).click();
    const cards = page.locator('.token-card');
    await cards.nth(3).locator('img').waitFor();
    assert.equal(await cards.count(), 4);
    assert.match(await cards.first().locator('img').getAttribute('src'), /^data:image\/png;base64,/);
    assert.match(await cards.first().textContent(), new RegExp(issued[0]));
    await visit(admin, 'admin-tokens-issued');

    const table = page.getByRole('table');
    await table.getByText('Workshop 12 May, table 3').first().waitFor();
    assert.equal(await table.getByText('Active').count(), 4);
    await page.getByRole('button', { name: 'Done — clear from screen' }).click();
    assert.ok(!(await page.content()).includes(issued[0]), 'plaintext token still on the page after Done');
    await assertNoTokenInStorage(page);
    await visit(admin, 'admin-tokens');
  });

  it('participant signs in with a token link that leaves the address bar and history', async () => {
    participant = await pageFor();
    const { page } = participant;
    await page.goto(`/p/${SLUG}#token=${encodeURIComponent(issued[0])}`);
    // Asked first; the token has already left the address bar and nobody is signed in yet.
    const dialog = page.getByRole('dialog', { name: `Sign in as a participant of “${TITLE}”?` });
    await dialog.waitFor();
    assert.equal(page.url(), `${srv.origin}/p/${SLUG}`);
    assert.equal((await page.request.get('/api/v1/auth/session')).status(), 401);
    assert.equal(await dialog.locator('[data-testid="link-signin-current"]').count(), 0, 'no one to replace');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Sign in with this link');
    await visit(participant, 'participant-link-confirm');
    await dialog.getByRole('button', { name: 'Sign in with this link' }).click();
    await page.getByRole('heading', { name: 'Your submission' }).waitFor();
    assert.equal(await dialog.count(), 0);
    const session = await (await page.request.get('/api/v1/auth/session')).json();
    assert.equal(session.token_id, issuedIds[0]);
    assert.equal(page.url(), `${srv.origin}/p/${SLUG}`);
    assert.equal(await page.evaluate(() => history.length), 2); // about:blank + this page, replaced in place
    await assertNoTokenInStorage(page);
    await visit(participant, 'participant-write');
    await page.goBack();
    assert.equal(page.url(), 'about:blank');
    await page.goForward();
    await page.getByRole('heading', { name: 'Your submission' }).waitFor();
    assert.equal(page.url(), `${srv.origin}/p/${SLUG}`);
    assert.equal(await page.getByRole('dialog').count(), 0, 'the link is not asked about again');
  });

  it('a sign-in link never switches a signed-in session silently (login CSRF)', async () => {
    const victim = await pageFor();
    const { page } = victim;
    const sessionId = async () => {
      const res = await page.request.get('/api/v1/auth/session');
      return res.status() === 200 ? (await res.json()).token_id : res.status();
    };
    // Signed in as participant A (issued[3]) by a link: it asks, then signs in.
    await page.goto(`/p/${SLUG}#token=${encodeURIComponent(issued[3])}`);
    await page.getByRole('dialog').getByRole('button', { name: 'Sign in with this link' }).click();
    await page.getByRole('heading', { name: 'Your submission' }).waitFor();
    assert.equal(await sessionId(), issuedIds[3]);
    await page.getByLabel('Your idea or comment').fill('A draft of A');

    // Someone sends A a link with token B (issued[0]), in the current form: asked, A stays.
    await page.goto('about:blank');
    await page.goto(`/p/${SLUG}#token=${encodeURIComponent(issued[0])}`);
    const dialog = page.getByRole('dialog', { name: `Sign in as a participant of “${TITLE}”?` });
    await dialog.waitFor();
    assert.equal(page.url(), `${srv.origin}/p/${SLUG}`, 'the token left the address bar before anything else');
    await dialog.getByText(`You are signed in now as a participant (${typeName}) of “${TITLE}”.`).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Cancel and stay signed in');
    assert.equal(await sessionId(), issuedIds[3], 'A is still signed in while the question is open');
    await visit(victim, 'participant-link-confirm-signed-in');
    await dialog.getByRole('button', { name: 'Cancel and stay signed in' }).click();
    assert.equal(await dialog.count(), 0);
    await page.getByRole('heading', { name: 'Your submission' }).waitFor();
    assert.equal(await sessionId(), issuedIds[3], 'Cancel keeps A');
    assert.equal(page.url(), `${srv.origin}/p/${SLUG}`);

    // Escape cancels too, and an old printed ?token= link is treated the same way.
    await page.goto(`/p/${SLUG}?token=${encodeURIComponent(issued[0])}`);
    await dialog.waitFor();
    assert.equal(page.url(), `${srv.origin}/p/${SLUG}`);
    assert.equal(await sessionId(), issuedIds[3]);
    await page.keyboard.press('Escape');
    assert.equal(await dialog.count(), 0);
    assert.equal(await sessionId(), issuedIds[3], 'Escape keeps A');

    // A link opened on the page already (only the fragment changes) is asked about as well.
    await page.evaluate((tk) => {
      location.hash = `token=${tk}`;
    }, encodeURIComponent(issued[0]));
    await dialog.waitFor();
    assert.equal(page.url(), `${srv.origin}/p/${SLUG}`);
    assert.equal(await sessionId(), issuedIds[3]);
    // Confirmed: now signed in as B.
    await dialog.getByRole('button', { name: 'Sign in with this link' }).click();
    await page.waitForFunction(() => !document.querySelector('dialog'));
    await page.getByRole('heading', { name: 'Your submission' }).waitFor();
    assert.equal(await sessionId(), issuedIds[0], 'confirmed: signed in as B');
    assert.equal(await page.getByLabel('Your idea or comment').inputValue(), '', "A's draft is not shown to B");
    await assertNoTokenInStorage(page);
    await victim.context.close();

    // A signed-in administrator is asked too, and stays signed in on Cancel.
    const { page: adminPage } = admin;
    await adminPage.goto(`/p/${SLUG}#token=${encodeURIComponent(issued[0])}`);
    const adminDialog = adminPage.getByRole('dialog', { name: `Sign in as a participant of “${TITLE}”?` });
    await adminDialog.getByText('You are signed in now as an administrator.').waitFor();
    await adminDialog.getByRole('button', { name: 'Cancel and stay signed in' }).click();
    assert.equal(await adminDialog.count(), 0);
    const still = await (await adminPage.request.get('/api/v1/auth/session')).json();
    assert.equal(still.role, 'admin');
    assert.equal(adminPage.url(), `${srv.origin}/p/${SLUG}`);
  });

  it('participant sees validation next to the field, then submits without a location', async () => {
    const { page } = participant;
    await page.getByRole('button', { name: 'Send submission' }).click();
    const text = page.getByLabel('Your idea or comment');
    await page.getByText('This field cannot be empty.').waitFor();
    assert.equal(await text.getAttribute('aria-invalid'), 'true');
    assert.match(await text.getAttribute('aria-describedby'), /new-text-error/);

    await text.fill('Plant shade trees along the river path.');
    await page.getByText('39 of 5,000 characters').waitFor();
    await page.getByRole('button', { name: 'Send submission' }).click();
    await page.getByRole('heading', { name: 'Thank you — your submission was received' }).waitFor();
    await page.getByText('Without a place on the map.').waitFor();
    await visit(participant, 'participant-confirmation');
  });

  it('participant submits with a map point although map tiles cannot load', async () => {
    const { page } = participant;
    await page.getByRole('button', { name: 'Write another' }).click();
    await page.getByLabel('Your idea or comment').fill('A playground near the old mill.');
    await page.getByLabel('Mark a place').check();
    await page.getByText('The map images could not be loaded.', { exact: false }).waitFor();
    const map = page.getByRole('region', { name: 'Map to choose a place' });
    const box = await map.boundingBox();
    await page.mouse.click(box.x + box.width / 2 + 40, box.y + box.height / 2);
    const lat = Number(await page.getByLabel('Latitude').inputValue());
    const lng = Number(await page.getByLabel('Longitude').inputValue());
    assert.ok(Math.abs(lat - 40.4168) < 0.05 && Math.abs(lng - -3.7038) < 0.05, `clicked point ${lat},${lng}`);
    assert.notEqual(lng, -3.7038, 'the click moved the point east of the centre');
    await page.locator('.leaflet-marker-icon').waitFor();
    assert.equal(await page.locator('.leaflet-marker-icon').count(), 1);
    await visit(participant, 'participant-map-point');

    // The plain form works too: out-of-range input is explained next to the field.
    await page.getByLabel('Latitude').fill('91');
    await page.getByRole('button', { name: 'Send submission' }).click();
    await page.getByText('This number is out of range', { exact: false }).waitFor();
    await page.getByLabel('Latitude').fill('40.4201');
    await page.getByLabel('Longitude').fill('-3.7100');
    await page.getByRole('button', { name: 'Send submission' }).click();
    await page.getByRole('heading', { name: 'Thank you — your submission was received' }).waitFor();
    await page.getByText('With a place on the map: 40.42010, -3.71000').waitFor();
  });

  it('participant edits and deletes in My submissions', async () => {
    const { page } = participant;
    await page.getByRole('link', { name: 'See my submissions' }).click();
    await page.getByText('You have 2 submissions.').waitFor();
    await visit(participant, 'participant-mine');
    const playground = page.getByRole('listitem').filter({ hasText: 'A playground near the old mill.' });
    await playground.getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Edit your submission').fill('A playground and benches near the old mill.');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Your changes were saved.').waitFor();
    const edited = page.getByRole('listitem').filter({ hasText: 'A playground and benches near the old mill.' });
    await edited.getByText('Place: 40.42010, -3.71000').waitFor();

    const trees = page.getByRole('listitem').filter({ hasText: 'Plant shade trees' });
    await trees.getByRole('button', { name: 'Delete' }).click();
    await trees.getByRole('button', { name: 'Yes, delete' }).click();
    await page.getByText('The submission was deleted.').waitFor();
    await page.getByText('You have 1 submission.').waitFor();
    assert.equal(await page.getByText('Plant shade trees').count(), 0);
  });

  it('self-registration shows a token once, then the visitor takes part and signs out', async () => {
    const visitor = await pageFor();
    const { page } = visitor;
    await page.goto(`/p/${SLUG}`);
    await page.getByRole('heading', { name: 'No token yet?' }).waitFor();
    await visit(visitor, 'participant-landing');
    await page.getByRole('button', { name: 'Get my token' }).click();
    await page.getByText('Choose one of the options.').waitFor();
    await page.getByLabel(typeName).check();
    await page.getByRole('button', { name: 'Get my token' }).click();
    await page.getByRole('heading', { name: 'Here is your token' }).waitFor();
    const token = (await page.getByTestId('new-token').textContent()).trim();
    assert.match(token, /^ppp_/);
    await visit(visitor, 'participant-new-token');
    await assertNoTokenInStorage(page);
    await page.getByRole('button', { name: 'I have saved it — continue' }).click();
    await page.getByRole('heading', { name: 'Your submission' }).waitFor();
    await page.getByLabel('Your idea or comment').fill('More bike parking at the station.');
    await page.getByRole('button', { name: 'Send submission' }).click();
    await page.getByRole('heading', { name: 'Thank you — your submission was received' }).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to take part' }).waitFor();
    const session = await page.request.get('/api/v1/auth/session');
    assert.equal(session.status(), 401);

    // The limit here is 3 self-registrations per hour: the fourth is refused and explained.
    for (let i = 2; i <= 4; i++) {
      await page.goto(`/p/${SLUG}`);
      await page.getByLabel(typeName).check();
      await page.getByRole('button', { name: 'Get my token' }).click();
      if (i < 4) {
        await page.getByRole('heading', { name: 'Here is your token' }).waitFor();
      } else {
        const alert = page.getByRole('alert');
        await alert.waitFor();
        assert.match(await alert.textContent(), /Too many requests from your network right now\. Please try again in \d+ (minutes|seconds|hour)/);
        await visit(visitor, 'participant-rate-limited');
      }
    }
    await visitor.context.close();
  });

  it('admin moderates with a reason, enters a paper submission and finds it all in the audit log', async () => {
    const { page } = admin;
    await page.goto(`/admin/p/${SLUG}/submissions`);
    await page.getByText('2 submissions').waitFor();
    await visit(admin, 'admin-submissions');
    const row = page.getByRole('row').filter({ hasText: 'More bike parking' });
    await row.getByRole('button', { name: /^Moderate #\d+$/ }).click();
    await page.getByLabel('Hidden', { exact: true }).check();
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await page.getByText('Give a reason for hiding or flagging.').waitFor();
    await page.getByLabel('Reason', { exact: true }).fill('Duplicate of an earlier submission');
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await page.getByText('Status changed to Hidden.').waitFor();
    await row.getByText('Reason: Duplicate of an earlier submission').waitFor();

    await page.getByLabel('Status').selectOption('hidden');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('1 submission', { exact: true }).waitFor();
    await page.getByLabel('Text contains').fill('playground');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('No submissions match.').waitFor();
    await page.getByRole('button', { name: 'Reset' }).click();
    await page.getByText('2 submissions').waitFor();

    await page.getByRole('button', { name: 'Enter a paper submission' }).click();
    await page.getByLabel('Text of the submission').fill('Paper form: a public toilet by the bridge.');
    await page.getByRole('button', { name: 'Save paper submission' }).click();
    await page.getByText('Paper submission saved.').waitFor();
    await page.getByRole('row').filter({ hasText: 'a public toilet by the bridge' }).getByText('entered by admin').waitFor();

    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await page.getByLabel('Action').fill('submission.moderate');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('1 entry', { exact: true }).waitFor();
    await page.getByRole('row').filter({ hasText: 'Duplicate of an earlier submission' }).waitFor();
    await visit(admin, 'admin-audit');
  });

  it('dashboard charts and the clustered map show the figures', async () => {
    const { page } = admin;
    await page.goto(`/admin/p/${SLUG}/dashboard`);
    await page.getByRole('heading', { name: 'By contributor type' }).waitFor();
    const stat = (label) => page.locator('.stat', { has: page.getByText(label, { exact: true }) }).locator('dd');
    assert.equal(await stat('Submissions (not hidden)').textContent(), '2');
    assert.equal(await stat('With a place').textContent(), '1');
    assert.equal(await stat('Hidden').textContent(), '1');
    await page.locator('canvas[role="img"]').first().waitFor();
    assert.equal(await page.locator('canvas[role="img"]').count(), 3);
    await page.getByLabel('Group by').selectOption('week');
    await page.locator('th', { hasText: 'Week starting' }).waitFor({ state: 'attached' });
    await visit(admin, 'admin-dashboard');

    await page.getByRole('navigation', { name: 'Process sections' }).getByRole('link', { name: 'Map' }).click();
    await page.getByText('1 submission with a place').waitFor();
    await page.locator('.leaflet-marker-icon').first().waitFor();
    await page.getByText('The map images could not be loaded', { exact: false }).waitFor();
    await visit(admin, 'admin-map');
  });

  it('map tiles are requested with the page origin as Referer (tile servers refuse requests without one)', async () => {
    // Serve the tiles locally: the page-level route wins over the context's "tiles fail" one.
    const referers = [];
    const serveTiles = async (route) => {
      referers.push((await route.request().allHeaders()).referer ?? null);
      await route.fulfill({ status: 200, contentType: 'image/png', body: TINY_PNG });
    };
    const expected = `${srv.origin}/`; // strict-origin-when-cross-origin: the origin only

    // The participant's map picker.
    const { page } = participant;
    await page.route(tileGlob(), serveTiles);
    await page.goto(`/p/${SLUG}`);
    await page.getByLabel('Mark a place').check();
    await page.locator('.leaflet-tile-loaded').first().waitFor();
    await page.waitForLoadState('networkidle').catch(() => {});
    assert.ok(referers.length > 0, 'no tile was requested');
    for (const r of referers) assert.equal(r, expected, `tile request Referer: ${r}`);
    assert.equal(await page.getByText('The map images could not be loaded', { exact: false }).count(), 0);
    assert.equal(await page.locator('.leaflet-tile-loaded').count(), await page.locator('.leaflet-tile').count());
    await visit(participant, 'participant-map-tiles');
    await page.unroute(tileGlob(), serveTiles);
    await page.goto(`/p/${SLUG}/mine`);

    // The admin's clustered map.
    referers.length = 0;
    await admin.page.route(tileGlob(), serveTiles);
    await admin.page.goto(`/admin/p/${SLUG}/map`);
    await admin.page.locator('.leaflet-marker-icon').first().waitFor();
    await admin.page.locator('.leaflet-tile-loaded').first().waitFor();
    await admin.page.waitForLoadState('networkidle').catch(() => {});
    assert.ok(referers.length > 0, 'no tile was requested on the admin map');
    for (const r of referers) assert.equal(r, expected, `admin map tile Referer: ${r}`);
    assert.equal(await admin.page.getByText('The map images could not be loaded', { exact: false }).count(), 0);
    await visit(admin, 'admin-map-tiles');
    await admin.page.unroute(tileGlob(), serveTiles);
  });

  it('revoking a token signs its participant out on the next action, and what they wrote stays', async () => {
    const { page } = admin;
    const hint = issued[0].slice(-4);
    await page.goto(`/admin/p/${SLUG}/tokens`);
    await page.getByRole('button', { name: `Revoke …${hint}` }).click();
    await page.getByRole('button', { name: `Confirm: revoke …${hint}` }).click();
    await page.getByText(`Token …${hint} revoked; its sessions have ended.`).waitFor();
    await page.getByRole('row').filter({ hasText: `…${hint}` }).getByText('Revoked').waitFor();

    const p = participant.page;
    await p.getByRole('link', { name: 'Write a submission' }).click();
    await p.getByLabel('Your idea or comment').fill('This should not be accepted.');
    await p.getByRole('button', { name: 'Send submission' }).click();
    // Signed out, but the form and its text stay, with the sign-in beside them (drafts.test.mjs
    // follows this through to the send after signing in again).
    await p.getByRole('heading', { name: 'Sign in again to send' }).waitFor();
    assert.equal(await p.getByLabel('Your idea or comment').inputValue(), 'This should not be accepted.');
    await visit(participant, 'participant-signed-out');
    await p.getByLabel('Your access token').fill(issued[0]);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.getByText('This token was not accepted.', { exact: false }).waitFor();
  });

  it('staff tokens: create one (shown once), list and revoke it', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'Staff tokens' }).click();
    await page.getByRole('heading', { name: 'Staff tokens', level: 1 }).waitFor();
    await page.getByLabel('Label').fill('Rotation test');
    await page.getByRole('button', { name: 'Issue staff token' }).click();
    await page.getByRole('heading', { name: 'New staff token' }).waitFor();
    const token = (await page.locator('code.token').textContent()).trim();
    assert.match(token, /^ppa_/);
    await page.getByRole('button', { name: 'Done — clear from screen' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Rotation test' });
    await row.getByText('Active').waitFor();
    await visit(admin, 'admin-admin-tokens');
    await row.getByRole('button', { name: /^Revoke/ }).click();
    await row.getByRole('button', { name: /^Confirm: revoke/ }).click();
    await page.getByText('Staff token revoked.').waitFor();
    await row.getByText('Revoked').waitFor();
    await assertNoTokenInStorage(page);
  });

  it('a consultation closed to registration is hidden before sign-in, and the sign-in reveals it', async () => {
    const api = (path, init = {}) =>
      fetch(`${srv.origin}/api/v1${path}`, {
        ...init,
        headers: { Authorization: `Bearer ${srv.adminToken}`, 'Content-Type': 'application/json', ...(init.headers ?? {}) },
      });
    const created = await api('/processes', {
      method: 'POST',
      body: JSON.stringify({ slug: 'budget-2027', title: 'Internal budget 2027', prompt: 'What should we fund?' }),
    });
    assert.equal(created.status, 201);
    const issuedNow = await (await api('/processes/budget-2027/tokens', { method: 'POST', body: JSON.stringify({ count: 1, contributor_type: 'community' }) })).json();
    const token = issuedNow.tokens[0].token;
    const p = await pageFor();
    const { page } = p;
    await page.goto('/p/budget-2027');
    await page.getByRole('heading', { name: 'Sign in to take part' }).waitFor();
    assert.equal(await page.getByText('Internal budget 2027').count(), 0, 'the title shows before sign-in');
    await visit(p, 'participant-hidden-process-sign-in');
    await page.getByLabel('Your access token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Internal budget 2027' }).waitFor();
    await page.getByRole('heading', { name: 'Your submission' }).waitFor();
    await p.context.close();
  });

  it('keyboard only: sign in and submit with Tab and Enter, with a visible focus ring', async () => {
    const kb = await pageFor();
    const { page } = kb;
    await page.goto(`/p/${SLUG}`);
    await page.getByRole('heading', { name: 'Sign in to take part' }).waitFor();
    const focusOn = async (accessibleName, max = 25) => {
      for (let i = 0; i < max; i++) {
        await page.keyboard.press('Tab');
        const info = await page.evaluate(() => {
          const el = document.activeElement;
          const labelled = el.labels?.[0]?.textContent ?? el.textContent ?? '';
          const style = getComputedStyle(el);
          return { name: labelled.trim(), outline: style.outlineStyle, width: parseFloat(style.outlineWidth) };
        });
        if (info.name.startsWith(accessibleName)) {
          assert.notEqual(info.outline, 'none', `no focus ring on ${accessibleName}`);
          assert.ok(info.width >= 2, `focus ring too thin on ${accessibleName}`);
          return;
        }
      }
      assert.fail(`could not reach "${accessibleName}" with Tab`);
    };
    await focusOn('Skip to content', 2);
    await focusOn('Your access token');
    await page.keyboard.type(issued[1]);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Your submission' }).waitFor();
    await focusOn('Your idea or comment');
    await page.keyboard.type('Benches with backs, for older people.');
    await focusOn('Send submission');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Thank you — your submission was received' }).waitFor();
    await kb.context.close();
  });

  it('Spanish follows the browser, the switcher changes language, and a 360 px phone and RTL layout hold', async () => {
    const es = await pageFor({ locale: 'es-ES', viewport: { width: 360, height: 740 } });
    const { page } = es;
    await page.goto(`/p/${SLUG}`);
    await page.getByRole('heading', { name: 'Entra para participar' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'es');
    await visit(es, 'phone-es-participant-landing');
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok((await overflow()) <= 0, 'horizontal scroll on a 360 px phone');

    await page.getByLabel('Idioma').selectOption('en');
    await page.getByRole('heading', { name: 'Sign in to take part' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in to take part' }).waitFor(); // the choice is remembered
    await page.getByLabel('Language').selectOption('es');
    await page.getByRole('heading', { name: 'Entra para participar' }).waitFor();

    // Signed in on the phone: the writing page and the map picker fit.
    await page.getByLabel('Tu código de acceso').fill(issued[2]);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByRole('heading', { name: 'Tu aportación' }).waitFor();
    await page.getByLabel('Marcar un lugar').check();
    await page.getByRole('region', { name: 'Mapa para elegir un lugar' }).waitFor();
    assert.ok((await overflow()) <= 0, 'horizontal scroll on the phone writing page');
    await visit(es, 'phone-es-participant-write');

    // Right-to-left: the same page mirrored stays within the screen, header starts on the right.
    await page.evaluate(() => {
      document.documentElement.dir = 'rtl';
    });
    assert.ok((await overflow()) <= 0, 'horizontal scroll in right-to-left layout');
    const brand = await page.locator('.brand').boundingBox();
    assert.ok(brand.x + brand.width > 360 - 40, 'brand is not at the right edge in RTL');
    await screenshot(page, 'phone-rtl-participant-write');
    await es.context.close();

    // The admin panel on a phone: tables scroll inside their box, not the page.
    const phoneAdmin = await pageFor({ viewport: { width: 360, height: 740 } });
    await phoneAdmin.page.goto('/admin');
    await phoneAdmin.page.getByLabel('Admin token').fill(srv.adminToken);
    await phoneAdmin.page.getByRole('button', { name: 'Sign in' }).click();
    await phoneAdmin.page.getByRole('heading', { name: 'Processes' }).waitFor();
    await phoneAdmin.page.goto(`/admin/p/${SLUG}/submissions`);
    await phoneAdmin.page.getByText('4 submissions').waitFor();
    assert.ok((await phoneAdmin.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)) <= 0);
    await visit(phoneAdmin, 'phone-admin-submissions');
    await phoneAdmin.context.close();
  });

  it('sign-out ends the admin session', async () => {
    const { page } = admin;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Admin sign-in' }).waitFor();
    assert.equal((await page.request.get('/api/v1/auth/session')).status(), 401);
    await page.goto('/admin/audit');
    await page.getByRole('heading', { name: 'Admin sign-in' }).waitFor();
  });
});
