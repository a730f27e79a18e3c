// Analysis, review, training, exports, results links and public submissions in Chromium against
// the real backend (lexical engine: the harness runs the server in a temp dir without a model).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { axeCheck, newPage, screenshot, startBrowser, startServer } from './harness.mjs';

const SLUG = 'harbour';
const TITLE = 'How should the harbour change?';
const TILE_PATTERN = /tile\.openstreetmap\.org|\{z\}/;

let srv;
let br;
let admin;
let participant;
let shareUrl = '';

async function visit(p, name) {
  await p.page.waitForLoadState('networkidle').catch(() => {});
  const violations = await axeCheck(p.page);
  assert.deepEqual(violations, [], `axe-core serious/critical violations on ${name}:\n${JSON.stringify(violations, null, 2)}`);
  assert.deepEqual(p.problems, [], `CSP violations or page errors on ${name}`);
  await screenshot(p.page, name);
}

async function pageFor(opts = {}) {
  const p = await newPage(br.browser, srv.origin, opts);
  await p.context.route(TILE_PATTERN, (route) => route.abort());
  return p;
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

/** RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

before(async () => {
  srv = await startServer();
  br = await startBrowser();
});

after(async () => {
  await br?.close();
  await srv?.stop();
});

describe('Analysis, training, exports and sharing in Chromium', () => {
  it('admin creates a public process; submissions arrive and are analysed', async () => {
    admin = await pageFor();
    const { page } = admin;
    await page.goto('/admin');
    await page.getByLabel('Admin token').fill(srv.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Processes' }).waitFor();
    await page.getByRole('link', { name: 'New process' }).click();
    await page.getByLabel('Title').fill(TITLE);
    await page.getByLabel('Address (slug)').fill(SLUG);
    await page.getByLabel('Question for participants').fill('What would make the harbour better for you?');
    await page.getByLabel("Participants may read others' visible submissions").check();
    await page.getByLabel('Latitude').fill('43.3623');
    await page.getByLabel('Longitude').fill('-8.4115');
    await page.getByRole('button', { name: 'Create process' }).click();
    await page.getByRole('heading', { name: 'Process settings' }).waitFor();
    assert.equal(await page.getByLabel("Participants may read others' visible submissions").isChecked(), true);

    const proc = (await apiCall(page, 'GET', `/api/v1/processes/${SLUG}`)).body;
    assert.equal(proc.public_submissions, true);
    const type = proc.contributor_types[0].key;
    const paper = [
      { text: 'The bus stop by the harbour floods every winter. We want a safe bike lane along the quay by 2030.', location: { lat: 43.3625, lng: -8.41 } },
      { text: 'Build a covered market next to the old pier.', location: { lat: 43.363, lng: -8.412 } },
      { text: 'Keep the harbour a quiet, green place that belongs to everyone.', location: null },
      { text: 'Secret hidden remark about parking fines.', location: null },
    ];
    const ids = [];
    for (const s of paper) {
      const r = await apiCall(page, 'POST', `/api/v1/processes/${SLUG}/submissions`, { ...s, contributor_type: type });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      ids.push(r.body.id);
    }
    const hide = await apiCall(page, 'PATCH', `/api/v1/submissions/${ids[3]}`, { status: 'hidden', reason: 'Off topic' });
    assert.equal(hide.status, 200);

    const issued = await apiCall(page, 'POST', `/api/v1/processes/${SLUG}/tokens`, { count: 1, contributor_type: type });
    assert.equal(issued.status, 201, JSON.stringify(issued.body));
    participant = await pageFor();
    await participant.page.goto(`/p/${SLUG}#token=${encodeURIComponent(issued.body.tokens[0].token)}`);
    // Asked first (without the title while the process is not public to visitors).
    await participant.page.getByRole('dialog').waitFor();
    assert.equal(participant.page.url(), `${srv.origin}/p/${SLUG}`);
    await visit(participant, 'participant-link-confirm-unlisted');
    await participant.page.getByRole('dialog').getByRole('button', { name: 'Sign in with this link' }).click();
    await participant.page.getByRole('heading', { name: 'Your submission' }).waitFor();
    await participant.page.getByLabel('Your idea or comment').fill('There is no shade on the promenade. Plant trees along the water.');
    await participant.page.getByRole('button', { name: 'Send submission' }).click();
    await participant.page.getByRole('heading', { name: 'Thank you — your submission was received' }).waitFor();

    // My submissions: "Analysing…" turns into categories without a reload.
    await participant.page.getByRole('link', { name: 'See my submissions' }).click();
    const mine = participant.page.getByRole('listitem').filter({ hasText: 'There is no shade' });
    await mine.locator('.category-name').waitFor({ timeout: 20_000 });
    await mine.getByText(/^2 sentences$/).click();
    await mine.locator('.sentence').nth(1).waitFor();
    await visit(participant, 'participant-mine-analysis');
  });

  it('(a) admin corrects a sentence inline, sees it as a training example, trains, activates and rolls back', async () => {
    const { page } = admin;
    await page.goto(`/admin/p/${SLUG}/submissions`);
    await page.getByText('5 submissions').waitFor();
    await page.getByText('Analysing…').first().waitFor({ state: 'detached', timeout: 20_000 });
    const row = page.getByRole('row').filter({ hasText: 'The bus stop by the harbour floods' });
    await row.locator('.category-name').waitFor();
    await row.getByText(/^2 sentences$/).click();
    const first = row.locator('.sentence').first();
    await first.locator('.badge-category').waitFor();
    const before = (await first.locator('.badge-category').textContent()).trim();
    const target = before === 'Value' ? 'Vision' : 'Value';
    await row.getByLabel('Sentence 1', { exact: true }).selectOption({ label: target });
    await row.getByRole('button', { name: 'Change' }).click();
    await page.getByText(/^Category of submission #\d+ updated\.$/).waitFor();
    await first.getByText('set by an admin').waitFor();
    assert.equal((await first.locator('.badge-category').textContent()).trim(), target);
    // Distribution badges show both categories with their shares.
    await row.locator('.distribution .badge-category').first().waitFor();
    assert.match(await row.locator('.distribution').textContent(), /50\s?%/);
    await visit(admin, 'admin-submissions-analysis');

    // Least-certain and category filters reach the API.
    await page.getByLabel('Least certain').selectOption('0.8');
    await page.getByLabel('Category', { exact: true }).selectOption({ label: 'Action' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('button', { name: 'Reset' }).click();
    await page.getByText('5 submissions').waitFor();

    await page.getByRole('navigation', { name: 'Process sections' }).getByRole('link', { name: 'Training' }).click();
    await page.getByRole('heading', { name: 'Training', level: 1 }).waitFor();
    await page.getByText('Engine: word-based fallback (TF-IDF)').waitFor();
    const example = page.getByRole('row').filter({ hasText: 'The bus stop by the harbour floods every winter.' });
    await example.getByText('correction').waitFor();
    assert.match(await example.textContent(), new RegExp(target));

    await page.getByLabel('Example sentence').fill('Add more benches facing the sea.');
    await page.getByRole('button', { name: 'Add example' }).click();
    await page.getByText('Example added.').waitFor();
    const added = page.getByRole('row').filter({ hasText: 'Add more benches facing the sea.' });
    await added.getByRole('button', { name: /^Delete example #\d+$/ }).click();
    await page.getByText('Example deleted.').waitFor();

    await page.getByRole('button', { name: 'Start a training run' }).click();
    await page.getByText(/^Training run #\d+ started\.$/).waitFor();
    await page.getByText('Training: finished').waitFor({ timeout: 120_000 });
    const run = page.locator('.run-card').first();
    await run.getByRole('table', { name: /Held-out data/ }).waitFor();
    const compare = run.getByRole('table', { name: /Held-out data/ });
    await compare.getByRole('rowheader', { name: 'Accuracy' }).waitFor();
    await compare.getByRole('columnheader', { name: 'Zero-shot baseline' }).waitFor();
    const confusion = run.getByRole('table', { name: /confusion matrix/ });
    await confusion.getByRole('columnheader', { name: 'Predicted' }).waitFor();
    assert.ok((await confusion.getByRole('row').count()) >= 4, 'confusion matrix has a row per category');
    await run.getByRole('table', { name: /per category/ }).getByRole('columnheader', { name: 'Recall' }).waitFor();
    await visit(admin, 'admin-training');

    const runName = (await run.locator('h3').textContent()).replace(/in use$/, '').trim();
    await run.getByRole('button', { name: `Activate ${runName.replace('Run', 'run')}` }).click();
    await page.getByText(`${runName} is now in use.`).waitFor();
    await page.locator('p', { hasText: 'Model in use:' }).getByText(runName).waitFor();
    await page.getByRole('button', { name: 'Roll back to the previous model' }).click();
    await page.getByText('Rolled back: the default model is in use again.').waitFor();
    await page.locator('p', { hasText: 'Model in use:' }).getByText('the default model').waitFor();

    await page.getByRole('button', { name: 'Re-analyse all' }).click();
    await page.getByText(/^Re-analysis: finished/).waitFor({ timeout: 60_000 });
  });

  it('(b) review queue: confirm one sentence and correct another', async () => {
    const { page } = admin;
    await page.goto(`/admin/p/${SLUG}/review`);
    await page.getByRole('heading', { name: 'Review queue' }).waitFor();
    const items = page.locator('.review-item');
    await items.first().waitFor();
    const startCount = await items.count();
    assert.ok(startCount >= 2, 'at least two sentences to review');
    const firstText = (await items.first().locator('.sentence-text').textContent()).trim();
    await items.first().getByRole('button', { name: /^Confirm “/ }).click();
    await page.getByText(/^Confirmed as /).waitFor();
    await page.getByText('1 reviewed in this session', { exact: false }).waitFor();
    assert.equal(await page.locator('.review-item', { hasText: firstText }).count(), 0);

    const second = items.first();
    const secondText = (await second.locator('.sentence-text').textContent()).trim();
    await second.getByLabel('or correct to').selectOption({ label: 'Directive' });
    await second.getByRole('button', { name: 'Correct', exact: true }).click();
    await page.getByText('Corrected to Directive.').waitFor();
    await page.getByText('2 reviewed in this session', { exact: false }).waitFor();
    assert.equal(await page.locator('.review-item', { hasText: secondText }).count(), 0);
    await visit(admin, 'admin-review');
  });

  it('(c) exports: the CSV has the primary category and leaves hidden submissions out unless asked', async () => {
    const { page } = admin;
    await page.goto(`/admin/p/${SLUG}/submissions`);
    await page.getByRole('heading', { name: 'Exports' }).waitFor();
    const download = async () => {
      const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Submissions (CSV)' }).click()]);
      return parseCsv(readFileSync(await d.path(), 'utf8').replace(/^\uFEFF/, ''));
    };
    const rows = await download();
    const header = rows[0];
    assert.ok(header.includes('primary_category'), `header: ${header}`);
    const textCol = header.indexOf('text');
    assert.ok(textCol >= 0);
    const texts = rows.slice(1).map((r) => r[textCol]);
    assert.equal(texts.length, 4);
    assert.ok(!texts.some((t) => t.includes('Secret hidden remark')), 'hidden submission exported without asking');
    assert.ok(rows.slice(1).every((r) => r[header.indexOf('primary_category')] !== ''), 'every exported row is categorised');

    await page.getByLabel('Include hidden submissions').check();
    await page.getByLabel('For Excel (UTF-8 with byte-order mark)').check();
    const [d2] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Submissions (CSV)' }).click()]);
    const raw = readFileSync(await d2.path(), 'utf8');
    assert.ok(raw.startsWith('\uFEFF'), 'byte-order mark for Excel');
    const withHidden = parseCsv(raw.slice(1));
    assert.equal(withHidden.length - 1, 5);
    assert.ok(withHidden.some((r) => r[textCol]?.includes('Secret hidden remark')));
    await visit(admin, 'admin-exports');

    // The dashboard shows categories; the map colours markers by category with a legend.
    await page.goto(`/admin/p/${SLUG}/dashboard`);
    await page.getByRole('heading', { name: 'By category' }).waitFor();
    await page.getByRole('heading', { name: 'Category × contributor type' }).waitFor();
    await page.getByRole('table', { name: /main category \(rows\) and contributor type/ }).waitFor();
    await visit(admin, 'admin-dashboard-categories');
    await page.getByRole('navigation', { name: 'Process sections' }).getByRole('link', { name: 'Map' }).click();
    await page.getByText('Marker colours and numbers: main category').waitFor();
    await page.locator('.cat-marker-icon').first().waitFor();
    await page.getByLabel('Category', { exact: true }).selectOption({ label: 'Directive' });
    await page.getByText(/submissions? with a place/).waitFor();
    await visit(admin, 'admin-map-categories');
  });

  it('(d) results link: created once, opens without sign-in, then stops working when withdrawn', async () => {
    const { page } = admin;
    await page.goto(`/admin/p/${SLUG}/sharing`);
    await page.getByRole('heading', { name: 'Results links', level: 1 }).waitFor();
    await page.getByText('No results links yet.').waitFor();
    await page.getByLabel('Who it is for').fill('City council');
    await page.getByLabel('Valid for (days, 1–365)').fill('7');
    await page.getByRole('button', { name: 'Create link' }).click();
    await page.getByRole('heading', { name: 'New results link' }).waitFor();
    shareUrl = (await page.getByTestId('share-url').textContent()).trim();
    assert.match(shareUrl, new RegExp(`^${srv.origin}/r/${SLUG}#[A-Za-z0-9._-]+$`));
    await visit(admin, 'admin-sharing-new');
    await page.getByRole('button', { name: 'Done — clear from screen' }).click();
    const row = page.getByRole('row').filter({ hasText: 'City council' });
    await row.getByText('Active').waitFor();
    assert.ok(!(await page.content()).includes(shareUrl.split('#')[1]), 'token still on the page after Done');

    const guest = await pageFor();
    await guest.page.goto(shareUrl);
    await guest.page.getByRole('heading', { name: TITLE }).waitFor();
    await guest.page.getByRole('heading', { name: 'By category' }).waitFor();
    await guest.page.getByRole('heading', { name: 'Submissions', level: 2, exact: true }).waitFor();
    await guest.page.getByText('Build a covered market next to the old pier.').waitFor();
    assert.equal(await guest.page.getByText('Secret hidden remark').count(), 0);
    const storage = await guest.page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
    assert.ok(!storage.includes(shareUrl.split('#')[1]), 'results token stored');
    await visit(guest, 'results-page');

    await row.getByRole('button', { name: 'Withdraw City council' }).click();
    await row.getByRole('button', { name: 'Confirm: withdraw City council' }).click();
    await page.getByText('The link was withdrawn; it stops working at once.').waitFor();
    await page.getByRole('row').filter({ hasText: 'City council' }).getByText('Withdrawn').waitFor();
    await visit(admin, 'admin-sharing');

    await guest.page.reload();
    await guest.page.getByRole('heading', { name: 'This results link does not work' }).waitFor();
    await guest.page.getByText('has expired or has been withdrawn', { exact: false }).waitFor();
    await visit(guest, 'results-invalid');
    await guest.context.close();
  });

  it('(e) public process: the participant sees what others said, and (f) similar ideas while typing', async () => {
    const { page } = participant;
    await page.goto(`/p/${SLUG}`);
    await page.getByRole('heading', { name: 'What others said' }).waitFor();
    await page.getByText('Build a covered market next to the old pier.').waitFor();
    assert.equal(await page.getByText('Secret hidden remark').count(), 0);

    const text = page.getByLabel('Your idea or comment');
    await text.fill('A covered market');
    await page.waitForTimeout(900);
    assert.equal(await page.getByRole('heading', { name: /Someone already said something close/ }).count(), 0, 'asked below 20 characters');
    await text.fill('We need a covered market next to the pier');
    await page.getByRole('heading', { name: 'Someone already said something close — add to it?' }).waitFor();
    await page.locator('.similar-panel').getByText('Build a covered market next to the old pier.').waitFor();
    await visit(participant, 'participant-similar');
  });
});
