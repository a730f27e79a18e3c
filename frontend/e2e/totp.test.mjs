// Two-step sign-in in Chromium: a moderator sets up an authenticator app (the secret is read
// from the page, next to the QR code, and codes are computed here with RFC 6238), saves the
// recovery codes, then signs in with a code and, in another browser, with a recovery code.
// Every page is axe-checked.
// Run: node --test e2e/totp.test.mjs (after `cargo build --bin planner` and `npm run build`).
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { axeCheck, newPage, screenshot, startBrowser, startServer } from './harness.mjs';

let srv;
let br;
let token = '';
let secret = '';
let recoveryCodes = [];
let spentStep = 0;

function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out = [];
  for (const c of text.replace(/=+$/, '').toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >>> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}

/** RFC 6238: HMAC-SHA-1, 30-second steps, 6 digits. */
function totp(secretBase32, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const h = createHmac('sha1', base32Decode(secretBase32)).update(counter).digest();
  const o = h[19] & 0x0f;
  const n = ((h[o] & 0x7f) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3];
  return String(n % 1_000_000).padStart(6, '0');
}

const nowStep = () => Math.floor(Date.now() / 30_000);

async function visit(p, name) {
  await p.page.waitForLoadState('networkidle').catch(() => {});
  const violations = await axeCheck(p.page);
  assert.deepEqual(violations, [], `axe-core serious/critical violations on ${name}:\n${JSON.stringify(violations, null, 2)}`);
  assert.deepEqual(p.problems, [], `CSP violations or page errors on ${name}`);
  await screenshot(p.page, name);
}

async function enterToken(p, value) {
  await p.page.goto('/admin');
  await p.page.getByLabel('Admin token').fill(value);
  await p.page.getByRole('button', { name: 'Sign in' }).click();
}

before(async () => {
  srv = await startServer();
  br = await startBrowser();
  const owner = await newPage(br.browser, srv.origin);
  const post = async (path, data) => {
    const res = await owner.page.request.post(path, { data, headers: { Origin: srv.origin, Authorization: `Bearer ${srv.adminToken}` } });
    assert.ok(res.ok(), `${path}: ${res.status()} ${await res.text()}`);
    return res.json();
  };
  await post('/api/v1/processes', { slug: 'harbour', title: 'What should the harbour become?', prompt: 'Tell us.' });
  token = (await post('/api/v1/admin/tokens', { label: 'Ana', role: 'moderator', processes: ['harbour'] })).token;
  await owner.context.close();
});

after(async () => {
  await br?.close();
  await srv?.stop();
});

describe('Two-step sign-in in Chromium', () => {
  it('a staff member sets up an authenticator app and gets recovery codes', async () => {
    const p = await newPage(br.browser, srv.origin);
    const { page } = p;
    await enterToken(p, token);
    await page.getByRole('heading', { name: 'Processes' }).waitFor();
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Two-step sign-in' }).click();
    await page.getByRole('heading', { name: 'Two-step sign-in', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    await page.getByRole('img', { name: /QR code/ }).waitFor();
    secret = (await page.locator('code.totp-secret').textContent()).trim();
    assert.match(secret, /^[A-Z2-7]{32}$/);
    await visit(p, 'totp-setup');
    spentStep = nowStep();
    await page.getByLabel('Code from your authenticator app').fill(totp(secret, spentStep));
    await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    await page.getByRole('heading', { name: 'Your recovery codes' }).waitFor();
    recoveryCodes = (await page.locator('ul.recovery-codes li').allTextContents()).map((c) => c.trim());
    assert.equal(recoveryCodes.length, 10);
    await visit(p, 'totp-recovery-codes');
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByText('Two-step sign-in is on for your token.').waitFor();
    await p.context.close();
  });

  it('signing in then asks for a code, and a current code signs in', async () => {
    const p = await newPage(br.browser, srv.origin);
    const { page } = p;
    await enterToken(p, token);
    await page.getByRole('heading', { name: 'Two-step sign-in' }).waitFor();
    await visit(p, 'totp-sign-in-code');
    // A code after the one spent at enrolment (each code works once).
    await page.getByLabel('Code from your authenticator app').fill(totp(secret, Math.max(nowStep(), spentStep) + 1));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Processes' }).waitFor();
    await page.getByRole('table').getByText('What should the harbour become?').waitFor();
    await visit(p, 'totp-signed-in');
    await p.context.close();
  });

  it('a recovery code signs in instead of a code', async () => {
    const p = await newPage(br.browser, srv.origin);
    const { page } = p;
    await enterToken(p, token);
    await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await page.getByLabel('Recovery code').fill(recoveryCodes[0]);
    await visit(p, 'totp-sign-in-recovery');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Processes' }).waitFor();
    await visit(p, 'totp-signed-in-recovery');
    await p.context.close();
  });
});
