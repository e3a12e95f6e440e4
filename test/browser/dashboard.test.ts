import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tickets } from '../../src/db/schema';
import { hasChromium, launchChromium } from '../helpers/browser';
import { fileCase, lineChat } from '../helpers/line-chat';
import { lineUserId } from '../helpers/line-events';
import { startSystem, waitFor, type TestSystem } from '../helpers/server';
import { staffOf } from '../helpers/staff';

/** Where the reviewer finds the screenshots (kept out of git by .gitignore). */
const SHOTS = join(process.cwd(), 'test-results', 'screenshots');
const VIEWPORTS = {
  phone: { width: 390, height: 844 },
  laptop: { width: 1280, height: 800 },
} as const;
const DAY = 86_400_000;

const NOTE = 'Called the labour standards office; they open a file on Monday.';
const REPLY = 'We read your case. Keep your pay slips and do not sign anything new.';

let sys: TestSystem;
let browser: Browser;
let reporter: string;
let tokaiCase: string;
let nationalCase: string;
let caseworker: Awaited<ReturnType<typeof staffOf>>;

/** A fresh browser (no cookies) at laptop size; a missing element fails in 10 s, not 30. */
async function laptop() {
  const context = await browser.newContext({ viewport: VIEWPORTS.laptop });
  context.setDefaultTimeout(10_000);
  return context;
}

/** Logs in through the form as a person would: typing, then pressing the button. */
async function logIn(page: Page, who: { email: string; password: string }) {
  await page.goto(`${sys.server.url}/dashboard`);
  // No session: the dashboard sends the visitor to the login page.
  expect(new URL(page.url()).pathname).toBe('/dashboard/login');
  await page.getByLabel(/^(E-mail|メールアドレス)$/).pressSequentially(who.email);
  await page.getByLabel(/^(Password|パスワード)$/).pressSequentially(who.password);
  await Promise.all([
    page.waitForURL(`${sys.server.url}/dashboard`),
    page.getByRole('button', { name: /^(Log in|ログイン)$/ }).click(),
  ]);
}

/** Form controls (hidden inputs aside) that no label names: neither <label> nor aria-label(ledby). */
const unlabelled = (page: Page) =>
  page.evaluate(() => {
    const controls = [
      ...document.querySelectorAll<HTMLInputElement>('input, select, textarea'),
    ].filter((el) => el.type !== 'hidden');
    const named = (el: HTMLInputElement) =>
      [...(el.labels ?? [])].some((l) => l.textContent!.trim() !== '') ||
      (el.getAttribute('aria-label') ?? '').trim() !== '' ||
      (el.getAttribute('aria-labelledby') ?? '')
        .split(/\s+/)
        .some((id) => id && document.getElementById(id)?.textContent?.trim());
    return {
      count: controls.length,
      missing: controls.filter((el) => !named(el)).map((el) => el.outerHTML),
    };
  });

/** How many pixels the page is wider than the window (0: no sideways scrolling). */
const overflow = (page: Page) =>
  page.evaluate(() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth));

const shoot = (page: Page, name: string) =>
  page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

// CI installs Chromium; a developer machine without it skips these tests and says so.
describe.skipIf(!hasChromium && !process.env.CI)('the staff dashboard in a real browser', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    sys = await startSystem();
    browser = await launchChromium();
    reporter = lineUserId();
    tokaiCase = await fileCase(lineChat(sys, reporter), {
      categories: ['unpaid_wages'],
      residence: 'titp',
      prefecture: 'JP-23',
    });
    nationalCase = await fileCase(lineChat(sys, lineUserId()), {
      categories: ['housing'],
      residence: 'titp',
      prefecture: 'JP-13',
    });
    // More cases of the Tokai group, of every urgency, so that the inbox and the charts have
    // something to show; some are moved back by weeks so that the weekly charts have several bars.
    const more: { facts: Parameters<typeof fileCase>[1]; daysAgo: number }[] = [
      {
        facts: {
          categories: ['excessive_hours'],
          residence: 'ssw',
          prefecture: 'JP-22',
          safeNow: 'no',
        },
        daysAgo: 0,
      },
      {
        facts: {
          categories: ['document_seizure'],
          residence: 'titp',
          prefecture: 'JP-21',
          industry: 'food_manufacturing',
        },
        daysAgo: 8,
      },
      {
        facts: {
          categories: ['unpaid_wages', 'excessive_hours'],
          residence: 'titp',
          prefecture: 'JP-23',
          industry: 'machinery_metal',
        },
        daysAgo: 15,
      },
      {
        facts: {
          categories: ['injury'],
          residence: 'titp',
          prefecture: 'JP-24',
          stillHappening: 'no',
        },
        daysAgo: 22,
      },
      {
        facts: { categories: ['job_change'], residence: 'titp', prefecture: 'JP-23' },
        daysAgo: 36,
      },
      {
        facts: { categories: ['housing'], residence: 'titp', prefecture: 'JP-21' },
        daysAgo: 50,
      },
    ];
    for (const { facts, daysAgo } of more) {
      const reference = await fileCase(lineChat(sys, lineUserId()), facts);
      if (daysAgo)
        await sys.server.database.db
          .update(tickets)
          .set({ createdAt: new Date(Date.now() - daysAgo * DAY).toISOString() })
          .where(eq(tickets.reference, reference));
    }
    caseworker = await staffOf(sys, 'demo-ngo-tokai');
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
  });

  it('a caseworker logs in, sees only their cases, notes, answers, and the answer reaches LINE', async () => {
    const context = await laptop();
    const page = await context.newPage();
    await logIn(page, caseworker);

    // The inbox: the Tokai case, not the national one.
    await expect.poll(() => page.getByRole('link', { name: tokaiCase }).count()).toBe(1);
    expect(await page.getByRole('link', { name: nationalCase }).count()).toBe(0);
    expect(await page.content()).not.toContain(nationalCase);

    await Promise.all([
      page.waitForURL(`**/dashboard/tickets/${tokaiCase}`),
      page.getByRole('link', { name: tokaiCase }).click(),
    ]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(tokaiCase);
    expect(await page.locator('dl').first().textContent()).toContain('Unpaid or underpaid wages');

    // An internal note.
    await page.getByLabel('New note (only your organisation sees it)').pressSequentially(NOTE);
    await Promise.all([
      page.waitForURL('**/dashboard/tickets/*?done=note'),
      page.getByRole('button', { name: 'Add note' }).click(),
    ]);
    expect(await page.getByRole('status').textContent()).toBe('Note added.');
    expect(
      await page.locator('section[aria-labelledby="notes"] .msg').filter({ hasText: NOTE }).count(),
    ).toBe(1);

    // An answer to the reporter: queued, waiting for their next message (no notifications).
    await page.getByLabel('Answer the reporter').fill(REPLY);
    await Promise.all([
      page.waitForURL('**/dashboard/tickets/*?done=reply'),
      page.getByRole('button', { name: 'Send answer' }).click(),
    ]);
    expect(await page.getByRole('status').textContent()).toBe('Answer queued for the reporter.');
    const answer = page.locator('.msg.staff').filter({ hasText: REPLY });
    expect(await answer.count()).toBe(1);
    // Once the delivery worker has looked at it: no push allowed, so it waits in the mailbox.
    await sys.server.worker.idle();
    await page.reload();
    expect(await answer.locator('.meta').textContent()).toContain(
      "waiting for the reporter's next message",
    );
    expect(sys.line.pushes.filter((p) => JSON.stringify(p).includes(REPLY))).toEqual([]);

    // The reporter writes again: the answer comes in the reply to that message.
    const messages = await lineChat(sys, reporter).type('Is anyone reading this?');
    expect(messages.map((m) => m.text).join('\n')).toContain(REPLY);

    // The ticket page now says the answer was delivered, and shows the reporter's new words.
    await waitFor(
      async () => {
        await page.reload();
        return (await answer.locator('.meta').textContent())?.includes('delivered');
      },
      10_000,
      'the answer marked delivered',
    );
    expect(await answer.locator('.meta').textContent()).not.toContain('waiting');
    expect(
      await page.locator('.msg.reporter').filter({ hasText: 'Is anyone reading this?' }).count(),
    ).toBe(1);
    await context.close();
  });

  it('can be used with the keyboard alone: Tab through the login form, Enter to log in and to open a case', async () => {
    const context = await laptop();
    const page = await context.newPage();
    await page.goto(`${sys.server.url}/dashboard/login`);
    const focused = () =>
      page.evaluate(() => ({
        id: document.activeElement?.id ?? '',
        outline: getComputedStyle(document.activeElement!).outlineStyle,
      }));
    await page.keyboard.press('Tab');
    expect(await focused()).toEqual({ id: 'email', outline: 'solid' });
    await page.keyboard.type(caseworker.email);
    await page.keyboard.press('Tab');
    expect((await focused()).id).toBe('password');
    await page.keyboard.type(caseworker.password);
    await Promise.all([
      page.waitForURL(`${sys.server.url}/dashboard`),
      page.keyboard.press('Enter'),
    ]);
    expect(await page.getByRole('link', { name: tokaiCase }).count()).toBe(1);

    // From the top of the inbox, Tab reaches the case link (with a visible focus ring).
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(
        (ref) => document.activeElement?.textContent === ref,
        tokaiCase,
      );
    }
    expect(reached).toBe(true);
    expect((await focused()).outline).toBe('solid');
    await Promise.all([
      page.waitForURL(`**/dashboard/tickets/${tokaiCase}`),
      page.keyboard.press('Enter'),
    ]);
    await context.close();
  });

  it('names every form control with a label, on every page', async () => {
    const admin = await staffOf(sys, 'demo-ngo-tokai', 'org_admin');
    const context = await laptop();
    const page = await context.newPage();
    await page.goto(`${sys.server.url}/dashboard/login`);
    const results: Record<string, { count: number; missing: string[] }> = {
      login: await unlabelled(page),
    };
    await logIn(page, admin);
    for (const [name, path] of [
      ['inbox', '/dashboard'],
      ['ticket', `/dashboard/tickets/${tokaiCase}`],
      ['stats', '/dashboard/stats'],
      ['audit', '/dashboard/audit'],
      ['totp', '/dashboard/totp'],
    ] as const) {
      await page.goto(`${sys.server.url}${path}`);
      results[name] = await unlabelled(page);
    }
    for (const [name, r] of Object.entries(results))
      expect({ name, missing: r.missing }).toEqual({ name, missing: [] });
    // The check looked at real forms: the login, filter, case and export forms have controls.
    expect(results.login!.count).toBe(3);
    expect(results.inbox!.count).toBeGreaterThanOrEqual(7);
    expect(results.ticket!.count).toBeGreaterThanOrEqual(5);
    expect(results.stats!.count).toBe(1);
    expect(results.totp!.count).toBe(1);
    await context.close();
  });

  it('takes full-page screenshots of the inbox, a case and the statistics on a phone and a laptop', async () => {
    const context = await laptop();
    const page = await context.newPage();
    await logIn(page, caseworker);
    for (const [size, viewport] of Object.entries(VIEWPORTS)) {
      await page.setViewportSize(viewport);
      await page.goto(`${sys.server.url}/dashboard`);
      // Several cases, most urgent first.
      expect(await page.locator('tbody tr').count()).toBeGreaterThanOrEqual(7);
      expect(await page.locator('tbody tr').first().locator('td').nth(1).textContent()).toBe(
        'Emergency (danger now)',
      );
      expect(await overflow(page)).toBe(0);
      await shoot(page, `inbox-${size}`);
      await page.goto(`${sys.server.url}/dashboard/tickets/${tokaiCase}`);
      // The first test's note, answer and the reporter's message are there to be seen.
      expect(await page.locator('.msg').count()).toBeGreaterThanOrEqual(2);
      expect(await overflow(page)).toBe(0);
      await shoot(page, `ticket-${size}`);
      await page.goto(`${sys.server.url}/dashboard/stats`);
      // Bars in several weeks, in each of the three charts.
      const bars = await page
        .locator('svg[role="img"]')
        .evaluateAll((svgs) =>
          svgs.map(
            (s) => new Set([...s.querySelectorAll('rect')].map((r) => r.getAttribute('x'))).size,
          ),
        );
      expect(bars).toHaveLength(3);
      for (const weeks of bars) expect(weeks).toBeGreaterThanOrEqual(5);
      expect(await overflow(page)).toBe(0);
      await shoot(page, `stats-${size}`);
    }
    await context.close();
  });
});
