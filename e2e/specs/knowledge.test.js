// The knowledge base through the UI (issue 3): an agent writes a document with an uploaded image,
// an admin designates it as the SLA, the customer reads it (image included) from the portal's
// navigation and is refused an internal article by its URL, and a Danish search for "printeren"
// finds the printer article.
//
// The steps share one server and one document, so they run in order; once a step fails, the later
// ones are skipped rather than failing with confusing follow-on errors.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { DEMO, launchBrowser, login, screenshot, startServer } from '../lib/harness.js';

const TITLE = 'Service Level Agreement 2027';
const BODY = [
  `# ${TITLE}`,
  '',
  'From 1 January 2027 we answer every ticket within one business day.',
  '',
  '| Priority | First response |',
  '|---|---|',
  '| P1 | 30 minutes |',
  '| P2 | 2 hours |',
].join('\n');
const PRINTER_ARTICLE = 'Printer offline — check the cable';

let server;
let browser;
const ctx = {}; // browser contexts: agent, admin, customer, dane
const pages = {};
let docPath; // "/kb/6"
let printerPath; // "/kb/3"
let failed = false;

function step(name, fn) {
  test(name, async (t) => {
    if (failed) {
      t.skip('an earlier step failed');
      return;
    }
    try {
      await fn(t);
    } catch (err) {
      failed = true;
      throw err;
    }
  });
}

async function see(locator, message) {
  try {
    await locator.first().waitFor({ state: 'visible' });
  } catch (err) {
    throw new Error(`${message ?? 'expected to see'} ${locator}: ${err.message}`);
  }
}

function nav(page, name = 'Main navigation') {
  return page.getByRole('navigation', { name });
}

// ---------- a tiny PNG, made here ----------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A width × height PNG, all one colour (8-bit RGB). */
function png(width, height, [r, g, b]) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => [r, g, b]).flat())]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Waits until every image in the document has loaded and has a size. */
async function imagesLoaded(page) {
  const img = page.locator('article.doc-body img');
  await see(img, 'expected the image in the document');
  await page.waitForFunction(() => {
    const imgs = [...document.querySelectorAll('article.doc-body img')];
    return imgs.length > 0 && imgs.every((i) => i.complete && i.naturalWidth > 0);
  });
  return img.evaluate((i) => i.naturalWidth);
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  for (const [who, locale] of [['agent', 'en-US'], ['admin', 'en-US'], ['customer', 'en-US'], ['dane', 'da-DK']]) {
    ctx[who] = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
    ctx[who].setDefaultTimeout(10_000);
    pages[who] = await ctx[who].newPage();
  }
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

step('1. an agent writes a new document and uploads an image into it', async () => {
  const page = pages.agent;
  await login(page, server.baseUrl, DEMO.lena.email, DEMO.lena.password);
  await Promise.all([
    page.waitForURL((url) => url.pathname === '/kb'),
    nav(page).getByRole('link', { name: 'Knowledge base' }).click(),
  ]);
  await see(page.getByRole('heading', { level: 1, name: 'Knowledge base' }));
  // Remember the internal printer article's address for the customer later.
  printerPath = await page.getByRole('link', { name: PRINTER_ARTICLE, exact: true }).getAttribute('href');
  assert.match(printerPath, /^\/kb\/\d+$/);

  await Promise.all([
    page.waitForURL((url) => url.pathname === '/kb/new'),
    page.getByRole('link', { name: 'New document' }).click(),
  ]);
  await page.getByLabel('Title', { exact: true }).fill(TITLE);
  assert.equal(await page.getByLabel('Visibility').inputValue(), 'internal', 'internal unless chosen otherwise');
  await page.getByLabel('Text (Markdown)').fill(BODY);
  await Promise.all([
    page.waitForURL((url) => /^\/kb\/\d+$/.test(url.pathname)),
    page.getByRole('button', { name: 'Create document' }).click(),
  ]);
  docPath = new URL(page.url()).pathname;
  await see(page.getByRole('status').filter({ hasText: `"${TITLE}" was created.` }));
  await see(page.getByRole('heading', { level: 1, name: TITLE }));

  await Promise.all([
    page.waitForURL((url) => url.pathname === `${docPath}/edit`),
    page.getByRole('link', { name: 'Edit', exact: true }).click(),
  ]);
  // Something typed but not saved yet survives the upload.
  const text = page.getByLabel('Text (Markdown)');
  await text.fill(`${BODY}\n\nThe desk's opening screen:`);
  await page.getByLabel('Add an image').setInputFiles({
    name: 'desk.png',
    mimeType: 'image/png',
    buffer: png(160, 90, [29, 78, 216]),
  });
  await page.getByRole('button', { name: 'Upload image' }).click();
  await see(page.getByRole('status').filter({ hasText: 'Image uploaded.' }));
  const body = await text.inputValue();
  assert.ok(body.includes("The desk's opening screen:"), `the typed text is kept: ${body}`);
  assert.match(body, /!\[desk\.png\]\(\/attachments\/\d+\)\s*$/, 'the image is added at the end');
  await see(page.getByRole('list', { name: 'Images in this document' }).getByText(/\/attachments\/\d+/));
  await screenshot(page, 'kb-edit');

  await Promise.all([
    page.waitForURL((url) => url.pathname === docPath),
    page.getByRole('button', { name: 'Save', exact: true }).click(),
  ]);
  await see(page.getByRole('status').filter({ hasText: 'Saved as revision 2.' }));
  assert.equal(await imagesLoaded(page), 160, 'the image shows at its size');
});

step('2. the history compares the two revisions', async () => {
  const page = pages.agent;
  await Promise.all([
    page.waitForURL((url) => url.pathname === `${docPath}/history`),
    page.getByRole('link', { name: 'History', exact: true }).click(),
  ]);
  await see(page.getByRole('heading', { level: 1, name: `History: ${TITLE}` }));
  await Promise.all([
    page.waitForURL((url) => url.pathname === `${docPath}/diff`),
    page.getByRole('button', { name: 'Compare' }).click(),
  ]);
  const added = page.locator('tr.d-added');
  await see(added.filter({ hasText: "The desk's opening screen:" }));
  await see(added.filter({ hasText: '![desk.png](/attachments/' }));
  await screenshot(page, 'kb-diff');
});

step('3. an admin designates the document as the SLA', async () => {
  const page = pages.admin;
  await login(page, server.baseUrl, DEMO.admin.email, DEMO.admin.password);
  await page.goto(`${server.baseUrl}${docPath}`);
  await see(page.getByRole('heading', { level: 1, name: TITLE }));
  const panel = page.getByRole('region', { name: 'SLA and Service catalog' });
  await see(panel.getByText('Replaces "Service Level Agreement".'));
  await panel.getByRole('button', { name: 'Use as the SLA' }).click();
  await see(page.getByRole('status').filter({ hasText: 'The SLA and Service catalog documents were saved.' }));
  await see(panel.getByRole('button', { name: 'Stop using as the SLA' }));
  await see(page.locator('.ticket-meta').getByText('SLA', { exact: true }));
  await screenshot(page, 'kb-document-admin');
});

step('4. the customer reads the SLA from the portal navigation, image included', async () => {
  const page = pages.customer;
  await login(page, server.baseUrl, DEMO.customer.email, DEMO.customer.password);
  await Promise.all([
    page.waitForURL((url) => url.pathname === '/sla'),
    nav(page).getByRole('link', { name: 'SLA', exact: true }).click(),
  ]);
  await see(page.getByRole('heading', { level: 1, name: TITLE }));
  await see(page.getByRole('main').getByText('we answer every ticket within one business day'));
  assert.equal(await imagesLoaded(page), 160, 'the customer may load the image of the SLA');
  // Nothing of the editing is offered to a customer.
  assert.equal(await page.getByRole('link', { name: 'Edit', exact: true }).count(), 0);
  assert.equal(await page.getByRole('link', { name: 'History', exact: true }).count(), 0);
  await screenshot(page, 'kb-sla-customer');
});

step('5. the customer is refused the internal printer article by its URL', async () => {
  const page = pages.customer;
  const resp = await page.goto(`${server.baseUrl}${printerPath}`);
  assert.equal(resp.status(), 404);
  await see(page.getByRole('heading', { level: 1, name: 'Not found' }));
  assert.ok(!(await page.content()).includes('check the cable'), 'nothing of the article leaks');
  // Nor does the customer's list or search show it.
  await page.goto(`${server.baseUrl}/kb?q=printer`);
  await see(page.getByRole('heading', { level: 1, name: 'Articles' }));
  assert.equal(await page.getByRole('link', { name: PRINTER_ARTICLE }).count(), 0);
});

step('6. a Danish search for "printeren" finds the printer article', async () => {
  const page = pages.dane;
  await page.goto(`${server.baseUrl}/login`);
  await page.getByLabel('E-mail', { exact: true }).fill(DEMO.lars.email);
  await page.getByLabel('Adgangskode', { exact: true }).fill(DEMO.lars.password);
  await Promise.all([
    page.waitForURL((url) => url.pathname !== '/login'),
    page.getByRole('button', { name: 'Log ind' }).click(),
  ]);
  await Promise.all([
    page.waitForURL((url) => url.pathname === '/kb'),
    nav(page, 'Hovednavigation').getByRole('link', { name: 'Vidensbase' }).click(),
  ]);
  await see(page.getByRole('heading', { level: 1, name: 'Vidensbase' }));
  await page.getByRole('searchbox', { name: 'Søg' }).fill('printeren');
  await Promise.all([
    page.waitForURL((url) => url.searchParams.get('q') === 'printeren'),
    page.getByRole('button', { name: 'Søg', exact: true }).click(),
  ]);
  const hit = page.getByRole('link', { name: PRINTER_ARTICLE, exact: true });
  await see(hit, 'expected the printer article in the results');
  await Promise.all([
    page.waitForURL((url) => url.pathname === printerPath),
    hit.click(),
  ]);
  await see(page.getByRole('heading', { level: 1, name: PRINTER_ARTICLE }));
  await see(page.getByRole('link', { name: 'Redigér' }));
});
