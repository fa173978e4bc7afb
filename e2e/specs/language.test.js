// English and Danish: the browser's language picks the language of a guest's page, and a signed-in
// person's own choice on /profile wins over it from then on, in every browser.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, launchBrowser, login, startServer } from '../lib/harness.js';

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

/** A fresh browser context (no cookies) with the given browser language. */
async function newPage(locale) {
  const context = await browser.newContext({ locale });
  context.setDefaultTimeout(10_000);
  return { context, page: await context.newPage() };
}

function nav(page, name) {
  return page.getByRole('navigation', { name });
}

test('a browser asking for Danish gets the Danish login page', async () => {
  const { context, page } = await newPage('da-DK');
  try {
    await page.goto(`${server.baseUrl}/login`);
    await page.getByRole('heading', { level: 1, name: 'Log ind' }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'da');
    assert.equal(await page.getByLabel('E-mail', { exact: true }).count(), 1);
    assert.equal(await page.getByLabel('Adgangskode', { exact: true }).count(), 1);
    assert.equal(await page.getByRole('button', { name: 'Log ind' }).count(), 1);
    assert.equal(await page.getByText('Password', { exact: true }).count(), 0);

    // A wrong password is explained in Danish too.
    await page.getByLabel('E-mail', { exact: true }).fill(DEMO.customer.email);
    await page.getByLabel('Adgangskode', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Log ind' }).click();
    await page.getByRole('alert').filter({ hasText: 'Forkert e-mail eller adgangskode' }).waitFor();
  } finally {
    await context.close();
  }
});

test('a browser asking for English gets the English login page', async () => {
  const { context, page } = await newPage('en-US');
  try {
    await page.goto(`${server.baseUrl}/login`);
    await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await page.getByLabel('Password', { exact: true }).count(), 1);
  } finally {
    await context.close();
  }
});

test('choosing Danish on the profile page turns the navigation Danish, and it sticks', async () => {
  const { context, page } = await newPage('en-US');
  try {
    await login(page, server.baseUrl, DEMO.lena.email, DEMO.lena.password);
    await nav(page, 'Main navigation').getByRole('link', { name: 'My tickets' }).waitFor();

    await Promise.all([
      page.waitForURL((url) => url.pathname === '/profile'),
      nav(page, 'Main navigation').getByRole('link', { name: 'Profile' }).click(),
    ]);
    await page.getByRole('heading', { level: 1, name: 'Profile' }).waitFor();
    await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: 'Dansk' });
    await page.getByRole('button', { name: 'Save', exact: true }).click();

    // The confirmation and the whole page are in Danish now.
    await page.getByRole('status').filter({ hasText: 'Dit sprog er gemt.' }).waitFor();
    await page.getByRole('heading', { level: 1, name: 'Profil' }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'da');
    const danishNav = nav(page, 'Hovednavigation');
    for (const link of ['Mine sager', 'Kø', 'Alle sager', 'Ny sag', 'Notifikationer', 'Profil']) {
      assert.equal(await danishNav.getByRole('link', { name: link }).count(), 1, `nav link "${link}"`);
    }
    assert.equal(await danishNav.getByRole('button', { name: 'Log ud' }).count(), 1);
    assert.equal(await page.getByText('My tickets', { exact: true }).count(), 0);
    assert.equal(await page.getByRole('combobox', { name: 'Sprog' }).inputValue(), 'da');

    // Other pages follow.
    await Promise.all([
      page.waitForURL((url) => url.pathname === '/work'),
      danishNav.getByRole('link', { name: 'Mine sager' }).click(),
    ]);
    await page.getByRole('heading', { level: 1, name: 'Mine sager' }).waitFor();
  } finally {
    await context.close();
  }

  // The choice belongs to the person: an English browser shows it after login too.
  const other = await newPage('en-US');
  try {
    await login(other.page, server.baseUrl, DEMO.lena.email, DEMO.lena.password);
    await nav(other.page, 'Hovednavigation').getByRole('link', { name: 'Mine sager' }).waitFor();
    assert.equal(await other.page.getAttribute('html', 'lang'), 'da');
  } finally {
    await other.context.close();
  }
});
