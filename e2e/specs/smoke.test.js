import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, screenshot, startServer } from '../lib/harness.js';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('login page shows an Email field', async () => {
  const page = await browser.newPage();
  try {
    const res = await page.goto(`${server.baseUrl}/login`);
    assert.equal(res?.status(), 200);
    const email = page.getByLabel('Email', { exact: true });
    assert.equal(await email.count(), 1, 'expected exactly one field labelled "Email"');
    assert.ok(await email.isVisible());
    await screenshot(page, 'login');
  } finally {
    await page.close();
  }
});
