// Embedding (EMBED_ORIGINS): a page on another site frames the app, signs in inside the frame
// and stays signed in after a reload (SameSite=None; Secure; Partitioned cookie); a site that
// is not listed cannot frame it at all. The app runs on http://localhost (a secure context for
// cookies), the framing pages on http://127.0.0.1 — another site.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { startBrowser, startServer } from './harness.mjs';

let srv;
let br;
let appUrl = '';
const framers = [];

function framer() {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><title>City page</title><h1>City page</h1>
<iframe title="Participatory Planner" src="${appUrl}/admin" width="1000" height="700"></iframe>`);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

describe('embedding in another site', () => {
  before(async () => {
    framers.push(await framer(), await framer());
    const allowed = `http://127.0.0.1:${framers[0].address().port}`;
    srv = await startServer({ EMBED_ORIGINS: allowed });
    appUrl = srv.origin.replace('127.0.0.1', 'localhost');
    br = await startBrowser();
  });

  after(async () => {
    await br?.close();
    await srv?.stop();
    for (const f of framers) f.close();
  });

  it('an allowed site frames the app, and the session survives a reload inside the frame', async () => {
    const context = await br.browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(`http://127.0.0.1:${framers[0].address().port}/`);
    const frame = page.frameLocator('iframe');
    await frame.getByRole('heading', { name: 'Admin sign-in' }).waitFor();
    await frame.getByLabel('Admin token').fill(srv.adminToken);
    await frame.getByRole('button', { name: 'Sign in' }).click();
    await frame.getByRole('heading', { name: 'Processes' }).waitFor();
    const cookies = await context.cookies(appUrl);
    const session = cookies.find((c) => c.name.endsWith('planner_session'));
    assert.ok(session, `no session cookie: ${JSON.stringify(cookies)}`);
    assert.equal(session.sameSite, 'None');
    assert.equal(session.secure, true);
    await page.reload();
    await page.frameLocator('iframe').getByRole('heading', { name: 'Processes' }).waitFor();
    await context.close();
  });

  it('a site that is not listed cannot frame the app', async () => {
    const context = await br.browser.newContext();
    const page = await context.newPage();
    const blocked = page.waitForEvent('console', { predicate: (m) => /frame-ancestors/.test(m.text()), timeout: 20_000 });
    await page.goto(`http://127.0.0.1:${framers[1].address().port}/`);
    await blocked;
    const frame = page.frames().find((f) => f !== page.mainFrame());
    assert.ok(frame);
    await page.waitForTimeout(500);
    assert.equal(await frame.getByRole('heading', { name: 'Admin sign-in' }).count(), 0, 'nothing of the app renders in the frame');
    assert.doesNotMatch(frame.url(), /\/admin$/, `frame still shows the app: ${frame.url()}`);
    await context.close();
  });
});
