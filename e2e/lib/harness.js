// Shared helpers for Skranke's end-to-end tests.
//
// The tests run under node's built-in test runner (`node --test`) and drive
// Debian's Chromium through playwright-core (no browser download needed).
//
//   SKRANKE_BIN    path of the skranke binary (default ../target/debug/skranke)
//   CHROMIUM_PATH  path of the Chromium binary (default /usr/bin/chromium)

import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const E2E_DIR = path.resolve(here, '..');
export const SCREENSHOT_DIR = path.join(E2E_DIR, 'screenshots');

/** Demo logins seeded by `skranke serve --demo`. */
export const DEMO = Object.freeze({
  customer: { email: 'carla@demo.skranke', password: 'demo-customer' },
  lena: { email: 'lena@demo.skranke', password: 'demo-agent' },
  lars: { email: 'lars@demo.skranke', password: 'demo-agent' },
  ahmed: { email: 'ahmed@demo.skranke', password: 'demo-agent', name: 'LevelTwoAhmed' },
  tove: { email: 'tove@demo.skranke', password: 'demo-agent' },
  admin: { email: 'admin@demo.skranke', password: 'demo-admin' },
});

const STARTUP_TIMEOUT_MS = 30_000;
const POLL_INTERVAL_MS = 100;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Servers still running when this test process exits (a crashed test, a
// missing stop()) are killed so that no orphan outlives the run.
const running = new Set();
process.on('exit', () => {
  for (const child of running) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
});

/** Ask the OS for a free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Start `skranke serve --demo` on a free port with a fresh data dir.
 * Resolves once GET /healthz answers 200. Returns {baseUrl, port, dataDir, output(), stop()}.
 */
export async function startServer({ extraArgs = [], env = {} } = {}) {
  const bin = process.env.SKRANKE_BIN
    ? path.resolve(process.env.SKRANKE_BIN)
    : path.resolve(E2E_DIR, '..', 'target', 'debug', 'skranke');
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'skranke-e2e-'));
  const baseUrl = `http://127.0.0.1:${port}`;

  const args = ['serve', '--demo', '--bind', `127.0.0.1:${port}`, '--data-dir', dataDir, ...extraArgs];
  const child = spawn(bin, args, {
    cwd: dataDir,
    env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);

  let log = '';
  const keep = (chunk) => {
    log += chunk.toString();
    if (log.length > 200_000) log = log.slice(-100_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);

  let exited = null;
  let spawnError = null;
  const exitPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      running.delete(child);
      exited = { code, signal };
      resolve(exited);
    });
    child.on('error', (err) => {
      running.delete(child);
      spawnError = err;
      exited = exited ?? { code: null, signal: null };
      resolve(exited);
    });
  });

  let stopped = false;
  async function stop() {
    if (stopped) return;
    stopped = true;
    if (exited === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => {
        if (exited === null) child.kill('SIGKILL');
      }, 5_000);
      await exitPromise;
      clearTimeout(timer);
    }
    await rm(dataDir, { recursive: true, force: true });
  }

  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    if (spawnError) {
      await stop();
      throw new Error(`could not start ${bin}: ${spawnError.message} (build it with: cargo build --bin skranke)`);
    }
    if (exited !== null) {
      await stop();
      throw new Error(`skranke exited early (${JSON.stringify(exited)}) before /healthz answered:\n${log}`);
    }
    try {
      const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer().catch(() => {});
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`skranke did not answer 200 on ${baseUrl}/healthz within ${STARTUP_TIMEOUT_MS} ms:\n${log}`);
    }
    await sleep(POLL_INTERVAL_MS);
  }

  return { baseUrl, port, dataDir, output: () => log, stop };
}

/** Launch Debian's Chromium headless through playwright-core. */
export async function launchBrowser(options = {}) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    ...options,
  });
}

/** Log in through the UI form and wait until the browser has left /login. */
export async function login(page, baseUrl, email, password) {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await Promise.all([
    page.waitForURL((url) => url.pathname !== '/login', { timeout: 10_000 }),
    page.getByRole('button', { name: 'Log in' }).click(),
  ]);
}

/** Save a full-page screenshot to e2e/screenshots/NAME.png (creates the dir). */
export async function screenshot(page, name) {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
