// "No lost words": what a participant writes survives a reload, a failed send and a session
// that ends under them, and is sent exactly once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { axeCheck, newPage, screenshot, startBrowser, startServer } from './harness.mjs';

const SLUG = 'no-lost-words';
let srv;
let br;
let tokens = []; // { id, token }
let p; // { context, page, problems }

/** The admin API, as a script would call it. */
async function adminApi(method, path, body) {
  const res = await fetch(`${srv.origin}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${srv.adminToken}`, ...(body && { 'Content-Type': 'application/json' }) },
    body: body && JSON.stringify(body),
  });
  assert.ok(res.ok, `${method} ${path}: ${res.status} ${await res.clone().text()}`);
  return res.status === 204 ? null : res.json();
}

/** The submissions the server holds with exactly this text. */
async function submissionsWith(text) {
  const page = await adminApi('GET', `/processes/${SLUG}/submissions?limit=200`);
  return page.items.filter((s) => s.text === text);
}

async function checked(name) {
  await p.page.waitForLoadState('networkidle').catch(() => {});
  assert.deepEqual(await axeCheck(p.page), [], `axe on ${name}`);
  assert.deepEqual(p.problems, [], `CSP violations or page errors on ${name}`);
  await screenshot(p.page, name);
}

async function signIn(token) {
  await p.page.getByLabel('Your access token').fill(token);
  await p.page.getByRole('button', { name: 'Sign in' }).click();
}

const textArea = () => p.page.getByLabel('Your idea or comment');

before(async () => {
  srv = await startServer();
  br = await startBrowser();
  await adminApi('POST', '/processes', { slug: SLUG, title: 'What would make the square better?', prompt: 'One idea, please.' });
  const proc = await adminApi('GET', `/processes/${SLUG}`);
  const issued = await adminApi('POST', `/processes/${SLUG}/tokens`, { count: 2, contributor_type: proc.contributor_types[0].key });
  tokens = issued.tokens;
  p = await newPage(br.browser, srv.origin);
});

after(async () => {
  await br?.close();
  await srv?.stop();
});

describe('drafts in Chromium', () => {
  it('keeps the text through a reload, without ever storing the token', async () => {
    await p.page.goto(`/p/${SLUG}`);
    await signIn(tokens[0].token);
    await textArea().fill('Shade trees along the north side of the square.');
    await p.page.reload();
    await p.page.getByText('We kept what you were writing last time on this device.').waitFor();
    assert.equal(await textArea().inputValue(), 'Shade trees along the north side of the square.');
    const stored = await p.page.evaluate(() => JSON.stringify({ ...localStorage }));
    assert.doesNotMatch(stored, /ppp_|ppa_|e2e-admin-/);
    assert.match(stored, new RegExp(`planner\\.draft\\.v1:${SLUG}:${tokens[0].id}`));
    await checked('draft-restored');
    // Signing out and in again with the same token brings it back too.
    await p.page.getByRole('button', { name: 'Sign out' }).click();
    await p.page.getByRole('heading', { name: 'Sign in to take part' }).waitFor();
    assert.equal(await textArea().count(), 0);
    await signIn(tokens[0].token);
    assert.equal(await textArea().inputValue(), 'Shade trees along the north side of the square.');
  });

  it('keeps the text when a send fails, says why and sends it on retry', async () => {
    const text = 'A drinking fountain near the playground.';
    await textArea().fill(text);
    let refused = 0;
    await p.page.route(`**/api/v1/processes/${SLUG}/submissions`, (route) => {
      if (route.request().method() !== 'POST') return route.fallback();
      refused++;
      return refused === 1
        ? route.abort('internetdisconnected')
        : route.fulfill({ status: 429, headers: { 'Retry-After': '30', 'Content-Type': 'application/problem+json' }, body: JSON.stringify({ type: 'about:blank', title: 'Too many requests', status: 429, code: 'rate_limited', retry_after: 30 }) });
    });
    await p.page.getByRole('button', { name: 'Send submission' }).click();
    await p.page.getByText('The server could not be reached.').waitFor();
    await p.page.getByText('Nothing was lost').waitFor();
    assert.equal(await textArea().inputValue(), text);
    await p.page.getByRole('button', { name: 'Try again' }).click();
    await p.page.getByText('Too many requests from your network right now.').waitFor();
    assert.equal(await textArea().inputValue(), text);
    await checked('draft-send-failed');
    // A reload in between still has it.
    await p.page.unroute(`**/api/v1/processes/${SLUG}/submissions`);
    await p.page.reload();
    assert.equal(await textArea().inputValue(), text);
    assert.equal(refused, 2);
    assert.deepEqual(await submissionsWith(text), []);
    await p.page.getByRole('button', { name: 'Send submission' }).click();
    await p.page.getByRole('heading', { name: 'Thank you — your submission was received' }).waitFor();
    assert.equal((await submissionsWith(text)).length, 1);
    // Acknowledged: the draft is gone.
    assert.equal(await p.page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('planner.draft')).length), 0);
    await p.page.getByRole('button', { name: 'Write another' }).click();
    // The note about a kept draft went with it.
    assert.equal(await p.page.getByText('We kept what you were writing').count(), 0);
  });

  it('an ended session shows sign-in beside the form and the text is sent once after it', async () => {
    const text = 'Benches facing the fountain, some with backs.';
    await textArea().fill(text);
    // The facilitator revokes the token while the participant writes: its sessions end at once.
    await adminApi('DELETE', `/tokens/${tokens[0].id}`);
    let posts = 0;
    p.page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith(`/api/v1/processes/${SLUG}/submissions`)) posts++;
    });
    await p.page.getByRole('button', { name: 'Send submission' }).click();
    await p.page.getByRole('heading', { name: 'Sign in again to send' }).waitFor();
    await p.page.getByText('it will be sent').waitFor();
    // The form never went away.
    assert.equal(await textArea().inputValue(), text);
    await checked('draft-session-ended');
    // The revoked token cannot come back; the facilitator's new one can, and takes the text along.
    await signIn(tokens[0].token);
    await p.page.getByRole('alert').filter({ hasText: /token/i }).first().waitFor();
    assert.equal(await textArea().inputValue(), text);
    await signIn(tokens[1].token);
    await p.page.getByRole('heading', { name: 'Thank you — your submission was received' }).waitFor();
    await p.page.waitForLoadState('networkidle');
    assert.equal(posts, 2, 'one refused send, one after sign-in');
    const sent = await submissionsWith(text);
    assert.equal(sent.length, 1, 'the text reached the server exactly once');
    const keys = await p.page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('planner.draft')));
    assert.deepEqual(keys, []);
    await checked('draft-sent-after-sign-in');
  });
});
