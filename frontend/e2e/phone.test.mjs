// "Fast on a phone, measured": a participant's first visit to a process page under Chrome's
// "Fast 3G" emulation. The JavaScript that crosses the wire must stay within 100 kB and the token
// field must be usable within 3 s; the figures are printed, with the same visit refusing
// compression (as the server answered before it compressed anything) for comparison.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { axeCheck, newPage, startBrowser, startServer } from './harness.mjs';
import { FAST_3G, kB, recordTransfers, scriptBytes } from './network.mjs';

const SLUG = 'phone-check';
const JS_BUDGET_BYTES = 100_000;
const INTERACTIVE_BUDGET_MS = 3_000;

let srv;
let br;

before(async () => {
  srv = await startServer();
  br = await startBrowser();
  const res = await fetch(`${srv.origin}/api/v1/processes`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${srv.adminToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ slug: SLUG, title: 'Where should the new benches go?', prompt: 'Tell us one place.' }),
  });
  assert.equal(res.status, 201, await res.text());
});

after(async () => {
  await br?.close();
  await srv?.stop();
});

/** A first visit (empty cache) to the process page; returns what it cost. */
async function firstVisit(extraHeaders) {
  const p = await newPage(br.browser, srv.origin, { viewport: { width: 390, height: 844 } });
  try {
    const rec = await recordTransfers(p.page, FAST_3G, extraHeaders);
    // The moment the page puts an enabled token field in the document, from the page's own
    // clock (0 = navigation start); Playwright's polling would add up to half a second.
    await p.page.addInitScript(() => {
      const seen = new MutationObserver(() => {
        const field = document.querySelector('input[name="token"]');
        if (field && !field.disabled) {
          window.__tokenFieldAt = performance.now();
          seen.disconnect();
        }
      });
      seen.observe(document, { childList: true, subtree: true });
    });
    await p.page.goto(`/p/${SLUG}`, { waitUntil: 'commit' });
    const token = p.page.getByLabel('Your access token');
    await token.waitFor({ state: 'visible' });
    // Usable means it takes typing, not just that it is drawn.
    await token.fill('ppp_typed');
    assert.equal(await token.inputValue(), 'ppp_typed');
    const interactiveMs = Math.round(await p.page.evaluate(() => window.__tokenFieldAt));
    assert.ok(interactiveMs > 0, 'the token field was never seen appearing');
    await p.page.waitForLoadState('networkidle');
    const responses = rec.responses();
    await rec.stop();
    return { interactiveMs, responses, page: p };
  } catch (e) {
    await p.context.close();
    throw e;
  }
}

function report(label, { interactiveMs, responses }) {
  const scripts = responses.filter((r) => r.type === 'Script');
  const total = responses.reduce((s, r) => s + r.bytes, 0);
  console.log(
    `${label}: JavaScript ${kB(scriptBytes(responses))} over the wire in ${scripts.length} file(s) ` +
      `[${scripts.map((s) => `${s.url.split('/').pop()} ${s.encoding} ${kB(s.bytes)}`).join(', ')}]; ` +
      `all responses ${kB(total)}; token field usable ${interactiveMs} ms after navigation start ` +
      `(Fast 3G: ${FAST_3G.latency} ms latency, ${FAST_3G.downloadThroughput} B/s down, ${FAST_3G.uploadThroughput} B/s up)`,
  );
}

describe('a participant on a phone', () => {
  it('gets the process page within the JavaScript and time budgets under Fast 3G', async () => {
    const visit = await firstVisit(null);
    try {
      report('compressed (as served)', visit);
      const scripts = visit.responses.filter((r) => r.type === 'Script');
      assert.ok(scripts.length > 0, 'the page loaded no script at all');
      for (const s of scripts) assert.match(s.encoding, /^(br|gzip)$/, `${s.url} was sent uncompressed`);
      assert.ok(scriptBytes(visit.responses) <= JS_BUDGET_BYTES, `JavaScript over the wire: ${kB(scriptBytes(visit.responses))}`);
      assert.ok(visit.interactiveMs <= INTERACTIVE_BUDGET_MS, `token field usable after ${visit.interactiveMs} ms`);
      // The participant page pulls in neither the charts nor the map before they are needed.
      assert.deepEqual(
        scripts.map((s) => s.url).filter((u) => /chartSetup|leaflet|AdminRoutes/.test(u)),
        [],
      );
      assert.deepEqual(await axeCheck(visit.page.page), []);
      assert.deepEqual(visit.page.problems, []);
    } finally {
      await visit.page.context.close();
    }
  });

  it('costs far more when compression is refused (the figure before compression)', async () => {
    const compressed = await firstVisit(null);
    await compressed.page.context.close();
    const identity = await firstVisit({ 'Accept-Encoding': 'identity' });
    try {
      report('uncompressed (Accept-Encoding: identity)', identity);
      for (const s of identity.responses.filter((r) => r.type === 'Script')) assert.equal(s.encoding, 'identity', s.url);
      // Same files, same page: compression must cut the script bytes by more than half.
      assert.ok(scriptBytes(compressed.responses) * 2 < scriptBytes(identity.responses));
    } finally {
      await identity.page.context.close();
    }
  });
});
