// End-to-end harness: the real backend on a temp database, serving the built SPA, and headless
// Debian Chromium driven by playwright-core. Every page visited is checked with axe-core and
// screenshotted into ../screenshots/.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '../..');
export const shotsDir = process.env.SCREENSHOT_DIR ?? join(repoRoot, 'screenshots');
const axeSource = readFileSync(join(here, '../node_modules/axe-core/axe.min.js'), 'utf8');

function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

/** The deployment's tile settings, as the built SPA reads them from /config.json. */
export function tileConfig() {
  for (const dir of ['dist', 'public']) {
    const file = join(repoRoot, 'frontend', dir, 'config.json');
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  }
  return { tileUrl: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png' };
}

/** A Playwright glob matching every tile of the configured tile URL template. */
export function tileGlob() {
  return tileConfig().tileUrl.replace(/\{[a-z]+\}/g, '*');
}

export function plannerBinary() {
  if (process.env.PLANNER_BIN) return process.env.PLANNER_BIN;
  const target = process.env.CARGO_TARGET_DIR ?? join(repoRoot, 'target');
  return join(resolve(repoRoot, target), 'debug', 'planner');
}

export async function startServer(extraEnv = {}) {
  const bin = plannerBinary();
  if (!existsSync(bin)) throw new Error(`backend binary not found at ${bin}: run cargo build --bin planner`);
  const dist = join(repoRoot, 'frontend', 'dist');
  if (!existsSync(join(dist, 'index.html'))) throw new Error('frontend/dist is missing: run npm run build');
  const dir = mkdtempSync(join(tmpdir(), 'planner-e2e-'));
  const port = await freePort();
  const adminToken = `e2e-admin-${randomBytes(16).toString('hex')}`;
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME ?? dir,
    DATABASE_URL: join(dir, 'e2e.db'),
    BIND_ADDR: `127.0.0.1:${port}`,
    ADMIN_TOKEN: adminToken,
    SECRET_KEY: randomBytes(32).toString('hex'),
    STATIC_DIR: dist,
    RATE_LIMIT_IP_PER_HOUR: '100000',
    RATE_LIMIT_IP_PER_DAY: '100000',
    PLANNER_CONFIG: join(dir, 'none'),
    APP_ENV: 'development',
    RUST_LOG: 'warn',
    ...extraEnv,
  };
  const child = spawn(bin, ['serve'], { env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`planner exited early (${child.exitCode}):\n${log}`);
    try {
      const res = await fetch(`${origin}/healthz`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`planner did not become healthy in 30 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    origin,
    adminToken,
    log: () => log,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([new Promise((r) => child.once('exit', r)), new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function startBrowser() {
  // playwright-core gives every launch a fresh temporary user-data-dir of its own.
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-quic',
      '--disable-sync',
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}

/**
 * A fresh browser context (its own cookies) with a page that records CSP violations and page
 * errors, so a test fails when the app breaks its own security policy.
 */
export async function newPage(browser, origin, opts = {}) {
  const context = await browser.newContext({
    baseURL: origin,
    acceptDownloads: true,
    locale: opts.locale ?? 'en-GB',
    viewport: opts.viewport ?? { width: 1280, height: 900 },
    deviceScaleFactor: 1,
    timezoneId: 'Europe/Madrid',
  });
  const page = await context.newPage();
  // Generous: CI machines have two cores and the debug backend analyses in the background.
  page.setDefaultTimeout(20_000);
  const problems = [];
  page.on('console', (msg) => {
    const text = msg.text();
    if (msg.type() === 'error' && /Content Security Policy|Refused to/.test(text)) problems.push(`CSP: ${text}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  return { context, page, problems };
}

/** Runs axe-core in the page; returns serious and critical violations. */
export async function axeCheck(page) {
  // Evaluated through the DevTools protocol, so the page's CSP (no inline scripts) is untouched.
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export async function screenshot(page, name) {
  mkdirSync(shotsDir, { recursive: true });
  await page.screenshot({ path: join(shotsDir, `${name}.png`), fullPage: true });
}

/** Calls the API at `origin` as `token` (set-up and checks beside the browser); a non-2xx
 *  answer fails the test with its body. Returns the JSON answer, or null for 204. */
export async function apiAs(origin, token, method, path, body) {
  const res = await fetch(`${origin}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body && { 'Content-Type': 'application/json' }) },
    body: body && JSON.stringify(body),
  });
  assert.ok(res.ok, `${method} ${path}: ${res.status} ${await res.clone().text()}`);
  return res.status === 204 ? null : res.json();
}
