import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../../src/accounts/staff';
import { totpCode } from '../../src/accounts/totp';
import { fileCase, lineChat } from '../helpers/line-chat';
import { lineUserId } from '../helpers/line-events';
import { startSystem, type TestSystem } from '../helpers/server';
import { staffClient, staffOf } from '../helpers/staff';

/** An organisation that requires two-factor authentication of all its staff. */
const ORG = 'demo-ngo-tokai';
const STEP_MS = 30_000;

let sys: TestSystem;
let reference: string;
beforeAll(async () => {
  sys = await startSystem();
  await createOrganisation(sys.server.database, { id: ORG, name: 'Tokai', requireTotp: true });
  reference = await fileCase(lineChat(sys, lineUserId()), {
    categories: ['unpaid_wages'],
    residence: 'titp',
    prefecture: 'JP-23',
  });
});
afterAll(async () => {
  await sys?.stop();
});

const secretOf = (html: string) => /<code>([A-Z2-7]{32})<\/code>/.exec(html)?.[1];
const loginError = 'the current 6-digit code|6桁のコード';

describe('an organisation that requires TOTP', () => {
  it('sends new staff to the set-up page until a right code turns it on; then logins need a code', async () => {
    const { email, password } = await staffOf(sys, ORG);
    const s = staffClient(sys.server.url);
    const login = await s.login(email, password);
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/dashboard/totp');

    // Until it is set up, every other page, GET or POST, leads to the set-up page, and no case.
    const csrf = s.csrfOf(await (await s.get('/dashboard/totp')).text());
    expect(csrf).not.toBe('');
    for (const path of [
      '/dashboard',
      `/dashboard/tickets/${reference}`,
      '/dashboard/stats',
      '/dashboard/export/stats.csv',
      '/dashboard/audit',
    ]) {
      const res = await s.get(path);
      expect({ path, status: res.status, to: res.headers.get('location') }).toEqual({
        path,
        status: 303,
        to: '/dashboard/totp',
      });
      expect(await res.text()).not.toContain(reference);
    }
    for (const [path, form] of [
      [`/dashboard/tickets/${reference}/notes`, { body: 'note before TOTP' }],
      [`/dashboard/tickets/${reference}/status`, { status: 'closed' }],
      ['/dashboard/export/tickets.csv', { words: 'yes' }],
    ] as const) {
      const res = await s.post(path, { csrf, ...form });
      expect({ path, status: res.status, to: res.headers.get('location') }).toEqual({
        path,
        status: 303,
        to: '/dashboard/totp',
      });
      expect(await res.text()).not.toContain(reference);
    }
    const { ticket } = await (await sys.api(`/api/v1/tickets/${reference}`)).json();
    expect(ticket.status).toBe('new');

    // The set-up page shows the secret as text and as an otpauth URI.
    const setup = await (await s.get('/dashboard/totp')).text();
    const secret = secretOf(setup);
    expect(secret).toBeDefined();
    expect(setup).toContain(`otpauth://totp/Hotline:${encodeURIComponent(email)}`);
    expect(setup).toContain(`secret=${secret}`);

    // A wrong code: refused, still not set up.
    const right = totpCode(secret!, Date.now());
    const wrong = String((Number(right) + 500_000) % 1_000_000).padStart(6, '0');
    const refused = await s.submit('/dashboard/totp', '/dashboard/totp', { code: wrong });
    expect(refused.status).toBe(400);
    expect((await s.get('/dashboard')).headers.get('location')).toBe('/dashboard/totp');

    // Reloading the set-up page keeps the secret already shown (the app may have scanned it).
    const page = await (await s.get('/dashboard/totp')).text();
    const current = secretOf(page)!;
    expect(current).toBe(secret);
    const confirmCode = totpCode(current, Date.now());
    const done = await s.post('/dashboard/totp', { csrf: s.csrfOf(page), code: confirmCode });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/dashboard');
    const inbox = await s.get('/dashboard');
    expect(inbox.status).toBe(200);
    expect(await inbox.text()).toContain(reference);

    // The same account, later: the password alone is refused with `totp_required`.
    const later = staffClient(sys.server.url);
    const noCode = await later.login(email, password);
    expect(noCode.status).toBe(401);
    expect(noCode.headers.getSetCookie().join()).not.toContain('hl_session');
    expect(await noCode.text()).toMatch(new RegExp(loginError));
    expect((await later.get('/dashboard')).status).toBe(303);

    // The code already used to turn TOTP on does not work a second time.
    const replay = await later.login(email, password, confirmCode);
    expect(replay.status).toBe(401);
    expect(await replay.text()).toMatch(new RegExp(loginError));

    // The next code of the app: accepted, and straight to the inbox.
    const ok = await later.login(email, password, totpCode(current, Date.now() + STEP_MS));
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/dashboard');
    expect(ok.headers.getSetCookie().join()).toMatch(/hl_session=[^;]+/);
    expect(await (await later.get('/dashboard')).text()).toContain(reference);
  });

  it('an account with TOTP on that opens the set-up page again is sent on, not given a new secret', async () => {
    const { email, password } = await staffOf(sys, ORG);
    const s = staffClient(sys.server.url);
    await s.login(email, password);
    const page = await (await s.get('/dashboard/totp')).text();
    const secret = secretOf(page)!;
    const on = await s.post('/dashboard/totp', {
      csrf: s.csrfOf(page),
      code: totpCode(secret, Date.now()),
    });
    expect(on.headers.get('location')).toBe('/dashboard');
    const again = await s.get('/dashboard/totp');
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe('/dashboard');
    const post = await s.submit('/dashboard', '/dashboard/totp', { code: '000000' });
    expect(post.status).toBe(303);
    expect(post.headers.get('location')).toBe('/dashboard');
    // The secret in use did not change: the next code still logs in.
    const later = staffClient(sys.server.url);
    const ok = await later.login(email, password, totpCode(secret, Date.now() + STEP_MS));
    expect(ok.status).toBe(303);
  });
});
