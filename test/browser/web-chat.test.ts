import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium } from '../helpers/browser';
import { startSystem, type TestSystem } from '../helpers/server';

let sys: TestSystem;
let browser: Browser;

// CI installs Chromium; a developer machine without it skips these tests and says so.
describe.skipIf(!hasChromium && !process.env.CI)('the web chat in a real browser', () => {
  beforeAll(async () => {
    sys = await startSystem();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
  });

  it('greets a visitor on a phone, takes taps and typed words, and changes language from the menu', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 800 }, locale: 'vi-VN' });
    await page.goto(`${sys.server.url}/chat`);
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    // The greeting and the language question arrive by themselves.
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await page.getByRole('button', { name: 'Có' }).click();
    await expect
      .poll(() => page.getByRole('button', { name: 'Xong ✓' }).count(), { timeout: 10_000 })
      .toBe(1);

    // The menu entry changes the language without losing the place in the intake.
    await page.getByRole('button', { name: /Ngôn ngữ/ }).click();
    await page.getByRole('button', { name: 'English' }).click();
    await expect
      .poll(() => page.getByRole('button', { name: 'Money and pay' }).count(), { timeout: 10_000 })
      .toBe(1);

    // Typing works like tapping: the number of an option.
    await page.getByLabel('Your message').or(page.locator('#text')).fill('1');
    await page.locator('#text').press('Enter');
    await expect
      .poll(() => page.getByRole('button', { name: 'Unpaid wages' }).count(), { timeout: 10_000 })
      .toBe(1);
    if (process.env.SCREENSHOT_DIR)
      await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/web-chat.png` });
    await page.close();
  });
});
