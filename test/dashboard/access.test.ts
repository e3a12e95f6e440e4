import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from '../../src/accounts/sessions';
import { outbox, ticketMessages, ticketNotes, tickets } from '../../src/db/schema';
import { createPartnerToken } from '../../src/tickets/tokens';
import { fileCase, lineChat } from '../helpers/line-chat';
import { lineUserId } from '../helpers/line-events';
import { startSystem, waitFor, type TestSystem } from '../helpers/server';
import { staffClient, staffOf } from '../helpers/staff';

/**
 * Who may reach what: every dashboard route and every API route, tried by nobody, by a dead or
 * forged session, by another organisation's session or token, and without the CSRF token.
 * Organisation A is demo-ngo-tokai (a case in Aichi), B is demo-ngo-national (a case in Tokyo).
 */

const ORG_A = 'demo-ngo-tokai';
const ORG_B = 'demo-ngo-national';
/** What A's reporter typed: it must never reach anyone outside A. */
const WORDS_A = 'The foreman keeps my passport in the blue safe, room zq81';
/** A well-formed reference that no ticket has: a foreign ticket must look exactly like it. */
const NO_SUCH = 'HT-22222-22222';

let offset = 0;
const clock = () => Date.now() + offset;
let sys: TestSystem;
let refA: string;
let refB: string;
let summaryA: string;
let tokenA: string;
let tokenB: string;

type Client = ReturnType<typeof staffClient>;
type Staff = Awaited<ReturnType<typeof staffOf>>;
let caseworkerA: Staff;
let adminA: Staff;
let caseworkerB: Staff;
let adminB: Staff;

async function loggedIn(who: Staff): Promise<Client> {
  const client = staffClient(sys.server.url);
  const res = await client.login(who.email, who.password);
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toBe('/dashboard');
  return client;
}
const csrfOf = async (client: Client) => {
  const html = await (await client.get('/dashboard')).text();
  const csrf = client.csrfOf(html);
  expect(csrf).not.toBe('');
  return csrf;
};

/** Every needle of A's case found in a body (the reference in both cases, summary, words). */
const leaksOfA = (body: string) =>
  [refA, refA.toLowerCase(), summaryA, WORDS_A].filter((needle) => body.includes(needle));

interface Route {
  method: 'GET' | 'POST';
  path: string;
  form?: Record<string, string>;
  /** One of A's ticket routes. */
  ticket?: boolean;
}

/** The dashboard behind the login, with realistic parameters; logout last (it ends the session). */
const dashboardRoutes = (ref: string): Route[] => [
  { method: 'GET', path: '/dashboard' },
  {
    method: 'GET',
    path: '/dashboard?status=new&category=unpaid_wages&urgency=ongoing&prefecture=JP-23&language=en&from=2020-01-01&to=2099-12-31',
  },
  { method: 'GET', path: `/dashboard/tickets/${ref}`, ticket: true },
  { method: 'GET', path: `/dashboard/tickets/${ref.toLowerCase()}`, ticket: true },
  {
    method: 'GET',
    path: `/dashboard/tickets/${ref}?done=note`,
    ticket: true,
  },
  {
    method: 'POST',
    path: `/dashboard/tickets/${ref}/notes`,
    form: { body: 'Matrix note: call the labour office' },
    ticket: true,
  },
  {
    method: 'POST',
    path: `/dashboard/tickets/${ref}/status`,
    form: { status: 'closed' },
    ticket: true,
  },
  {
    method: 'POST',
    path: `/dashboard/tickets/${ref}/reply`,
    form: { body: 'Matrix reply: please call us' },
    ticket: true,
  },
  {
    method: 'POST',
    path: `/dashboard/tickets/${ref}/refer`,
    // The most tempting misuse: B pulls A's case into its own inbox.
    form: { partner: ORG_B, consent: 'yes' },
    ticket: true,
  },
  { method: 'GET', path: '/dashboard/stats' },
  { method: 'GET', path: '/dashboard/export/stats.csv' },
  { method: 'POST', path: '/dashboard/export/tickets.csv', form: { words: 'yes' } },
  { method: 'GET', path: '/dashboard/audit' },
  { method: 'GET', path: '/dashboard/audit?before=999999' },
  { method: 'GET', path: '/dashboard/totp' },
  { method: 'POST', path: '/dashboard/totp', form: { code: '123456' } },
  { method: 'POST', path: '/dashboard/logout', form: {} },
];

const hit = async (client: Client, route: Route, csrf?: string) => {
  const res =
    route.method === 'GET'
      ? await client.get(route.path)
      : await client.post(route.path, { ...(csrf !== undefined ? { csrf } : {}), ...route.form });
  return { status: res.status, location: res.headers.get('location'), body: await res.text() };
};

const label = (r: Route) => `${r.method} ${r.path}`;

/** A's ticket as the admin API sees it, with its notes, thread and outbox rows. */
async function stateOfA() {
  const { db } = sys.server.database;
  const res = await sys.api(`/api/v1/tickets/${refA}`);
  expect(res.status).toBe(200);
  const { ticket } = await res.json();
  const row = (await db.select().from(tickets).where(eq(tickets.reference, refA)))[0]!;
  return {
    ticket,
    notes: (await db.select().from(ticketNotes).where(eq(ticketNotes.ticketId, row.id))).length,
    messages: (await db.select().from(ticketMessages).where(eq(ticketMessages.ticketId, row.id)))
      .length,
    outbox: (await db.select().from(outbox)).length,
    pushes: sys.line.pushes.length,
  };
}

beforeAll(async () => {
  sys = await startSystem({}, { now: clock });
  const reporterA = lineChat(sys, lineUserId());
  refA = await fileCase(reporterA, {
    categories: ['unpaid_wages'],
    residence: 'titp',
    prefecture: 'JP-23',
  });
  await reporterA.type(WORDS_A);
  refB = await fileCase(lineChat(sys, lineUserId()), {
    categories: ['housing'],
    residence: 'titp',
    prefecture: 'JP-13',
  });
  const { ticket } = await (await sys.api(`/api/v1/tickets/${refA}`)).json();
  expect(ticket.partner.id).toBe(ORG_A);
  summaryA = ticket.summary;
  expect(summaryA.length).toBeGreaterThan(10);
  const { ticket: b } = await (await sys.api(`/api/v1/tickets/${refB}`)).json();
  expect(b.partner.id).toBe(ORG_B);
  expect(b.summary).not.toBe(summaryA);

  caseworkerA = await staffOf(sys, ORG_A);
  adminA = await staffOf(sys, ORG_A, 'org_admin');
  caseworkerB = await staffOf(sys, ORG_B);
  adminB = await staffOf(sys, ORG_B, 'org_admin');
  tokenA = await createPartnerToken(sys.server.database, ORG_A);
  tokenB = await createPartnerToken(sys.server.database, ORG_B);

  // The reporter's words are in A's thread (the needles are real, so their absence means much).
  const a = await loggedIn(caseworkerA);
  await waitFor(
    async () => (await (await a.get(`/dashboard/tickets/${refA}`)).text()).includes(WORDS_A),
    10_000,
    'the reporter’s words in the thread',
  );
}, 60_000);

afterAll(async () => {
  await sys?.stop();
});

describe('organisation A itself (the control: the needles are found where they belong)', () => {
  it('sees its case’s reference, summary and words in the inbox, ticket page and export', async () => {
    const a = await loggedIn(caseworkerA);
    const routes = dashboardRoutes(refA);
    const inbox = await hit(a, routes[0]!);
    expect(inbox.body).toContain(refA);
    expect((await hit(a, routes[1]!)).body).toContain(refA);
    const page = await hit(a, routes[2]!);
    expect(page.status).toBe(200);
    expect(leaksOfA(page.body)).toEqual(expect.arrayContaining([refA, summaryA, WORDS_A]));
    expect((await hit(a, routes[3]!)).status).toBe(200);
    const csv = await a.post('/dashboard/export/tickets.csv', {
      csrf: await csrfOf(a),
      words: 'yes',
    });
    expect(leaksOfA(await csv.text())).toEqual(expect.arrayContaining([refA, summaryA, WORDS_A]));
    const stats = await (await a.get('/dashboard/stats')).text();
    expect(stats).toContain('Aichi');
    expect(stats).toContain('Unpaid or underpaid wages');
    expect(await (await a.get('/dashboard/export/stats.csv')).text()).toMatch(
      /^category,unpaid_wages,/m,
    );
  });
});

describe('nobody (no cookie)', () => {
  it('is sent to the login page by every dashboard route, GET and POST, and sees nothing', async () => {
    const nobody = staffClient(sys.server.url);
    for (const route of dashboardRoutes(refA)) {
      const res = await hit(nobody, route, 'not-a-token');
      expect({ route: label(route), status: res.status, location: res.location }).toEqual({
        route: label(route),
        status: 303,
        location: '/dashboard/login',
      });
      expect(leaksOfA(res.body)).toEqual([]);
    }
    expect(nobody.cookie()).not.toContain('hl_session');
  });

  it('gets the login page (GET and a wrong POST) without any case data', async () => {
    const nobody = staffClient(sys.server.url);
    const page = await nobody.get('/dashboard/login');
    expect(page.status).toBe(200);
    expect(leaksOfA(await page.text())).toEqual([]);
    const wrong = await nobody.login(caseworkerA.email, 'not the password');
    expect(wrong.status).toBe(401);
    expect(wrong.headers.getSetCookie().join()).not.toContain('hl_session');
    expect(leaksOfA(await wrong.text())).toEqual([]);
  });

  it('cannot read the JSON API: 401 with a JSON error, for the list and for A’s ticket', async () => {
    for (const path of [
      '/api/v1/tickets',
      '/api/v1/tickets?status=new',
      `/api/v1/tickets/${refA}`,
      `/api/v1/tickets/${refA.toLowerCase()}`,
    ]) {
      const res = await fetch(`${sys.server.url}${path}`);
      expect({ path, status: res.status }).toEqual({ path, status: 401 });
      const body = await res.text();
      expect(JSON.parse(body).error.code).toBe('unauthorized');
      expect(leaksOfA(body)).toEqual([]);
    }
  });

  it('gets 401 from the API with a wrong token, or with a valid staff session cookie instead', async () => {
    const a = await loggedIn(caseworkerA);
    const attempts: { what: string; headers: Record<string, string> }[] = [
      { what: 'unknown partner token', headers: { authorization: `Bearer htk_${'x'.repeat(43)}` } },
      { what: 'admin token plus a letter', headers: { authorization: `Bearer ${'a'.repeat(33)}` } },
      { what: 'token without Bearer', headers: { authorization: tokenA } },
      { what: 'staff session cookie', headers: { cookie: a.cookie() } },
    ];
    for (const { what, headers } of attempts) {
      for (const path of ['/api/v1/tickets', `/api/v1/tickets/${refA}`]) {
        const res = await fetch(`${sys.server.url}${path}`, { headers });
        expect({ what, path, status: res.status }).toEqual({ what, path, status: 401 });
        expect(leaksOfA(await res.text())).toEqual([]);
      }
    }
  });
});

describe.each([
  ['a caseworker', () => caseworkerB],
  ['an organisation admin', () => adminB],
])('%s of organisation B', (_, who) => {
  it('gets 404 for every ticket route of A (GET and POST), exactly as for a case that does not exist', async () => {
    const before = await stateOfA();
    const b = await loggedIn(who());
    const csrf = await csrfOf(b);
    const ticketRoutes = dashboardRoutes(refA).filter((r) => r.ticket);
    const missingRoutes = dashboardRoutes(NO_SUCH).filter((r) => r.ticket);
    expect(ticketRoutes).toHaveLength(7);
    for (const [i, route] of ticketRoutes.entries()) {
      const res = await hit(b, route, csrf);
      expect({ route: label(route), status: res.status }).toEqual({
        route: label(route),
        status: 404,
      });
      expect(leaksOfA(res.body)).toEqual([]);
      // Existence is not revealed: the same page as for a reference nobody has.
      expect(res.body).toBe((await hit(b, missingRoutes[i]!, csrf)).body);
    }
    expect(await stateOfA()).toEqual(before);
  });

  it('sees no trace of A’s case on any other page, export or download', async () => {
    const b = await loggedIn(who());
    const csrf = await csrfOf(b);
    const inbox = await (await b.get('/dashboard')).text();
    expect(inbox).toContain(refB);
    const isAdmin = who().staff.role === 'org_admin';
    for (const route of dashboardRoutes(refA).filter((r) => !r.ticket)) {
      const res = await hit(b, route, csrf);
      const expected = route.path.startsWith('/dashboard/audit')
        ? isAdmin
          ? 200
          : 404
        : route.path === '/dashboard/totp' && route.method === 'POST'
          ? 400 // a wrong code
          : route.path === '/dashboard/logout'
            ? 303
            : 200;
      expect({ route: label(route), status: res.status }).toEqual({
        route: label(route),
        status: expected,
      });
      expect(leaksOfA(res.body)).toEqual([]);
    }
    // Logout (the last route) ended B's session.
    expect((await b.get('/dashboard')).status).toBe(303);
  });

  it('counts only its own cases: no Aichi, no unpaid wages in its statistics and exports', async () => {
    const b = await loggedIn(who());
    const stats = await (await b.get('/dashboard/stats')).text();
    expect(stats).toContain('Tokyo');
    expect(stats).not.toContain('Aichi');
    expect(stats).not.toContain('Unpaid or underpaid wages');
    const counts = await (await b.get('/dashboard/export/stats.csv')).text();
    expect(counts).toMatch(/^prefecture,JP-13,/m);
    expect(counts).not.toMatch(/^prefecture,JP-23,/m);
    expect(counts).not.toMatch(/^category,unpaid_wages,/m);
    const csv = await (
      await b.post('/dashboard/export/tickets.csv', { csrf: await csrfOf(b), words: 'yes' })
    ).text();
    expect(csv).toContain(refB);
    expect(csv).not.toContain('JP-23');
    expect(leaksOfA(csv)).toEqual([]);
    const filtered = await (
      await b.get('/dashboard?prefecture=JP-23&category=unpaid_wages&status=new')
    ).text();
    expect(filtered).toContain('No cases match.');
  });
});

describe('a partner API token of organisation B', () => {
  it('lists B’s tickets but never A’s, with any filter', async () => {
    for (const query of [
      '',
      '?limit=100',
      '?status=new',
      '?category=unpaid_wages',
      '?urgency=ongoing',
      '?status=new&category=unpaid_wages&urgency=ongoing',
    ]) {
      const res = await sys.api(`/api/v1/tickets${query}`, tokenB);
      expect({ query, status: res.status }).toEqual({ query, status: 200 });
      const body = await res.text();
      expect(leaksOfA(body)).toEqual([]);
      const refs = (JSON.parse(body).tickets as { reference: string }[]).map((t) => t.reference);
      if (query === '' || query === '?limit=100') expect(refs).toEqual([refB]);
    }
    // Control: A's token lists A's case.
    const a = await (await sys.api('/api/v1/tickets?category=unpaid_wages', tokenA)).json();
    expect(a.tickets.map((t: { reference: string }) => t.reference)).toEqual([refA]);
  });

  it('gets 404 for A’s ticket, in any letter case, exactly as for a ticket that does not exist', async () => {
    const missing = await sys.api(`/api/v1/tickets/${NO_SUCH}`, tokenB);
    expect(missing.status).toBe(404);
    const missingBody = await missing.json();
    for (const ref of [refA, refA.toLowerCase()]) {
      const res = await sys.api(`/api/v1/tickets/${ref}`, tokenB);
      expect(res.status).toBe(404);
      const body = await res.text();
      expect(leaksOfA(body)).toEqual([]);
      expect(JSON.parse(body)).toEqual(missingBody);
    }
    expect((await sys.api(`/api/v1/tickets/${refB}`, tokenB)).status).toBe(200);
    expect((await sys.api(`/api/v1/tickets/${refA}`, tokenA)).status).toBe(200);
  });
});

describe('a form post without the session’s CSRF token', () => {
  const posts = () => dashboardRoutes(refA).filter((r) => r.method === 'POST');

  it.each([
    ['no token', () => undefined],
    ['a forged token', () => 'forged-token'],
    ['an empty token', () => ''],
  ])('is refused with 403 and changes nothing (%s)', async (_, token) => {
    const before = await stateOfA();
    const a = await loggedIn(caseworkerA);
    for (const route of posts()) {
      const res = await hit(a, route, token());
      expect({ route: label(route), status: res.status }).toEqual({
        route: label(route),
        status: 403,
      });
      expect(leaksOfA(res.body)).toEqual([]);
    }
    expect(await stateOfA()).toEqual(before);
    // Not logged out either: the session still works, and A's page shows nothing of the posts.
    const page = await a.get(`/dashboard/tickets/${refA}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toContain('Matrix note');
    expect(html).not.toContain('Matrix reply');
  });

  it('is refused with another session’s token, even of the same organisation', async () => {
    const before = await stateOfA();
    const a = await loggedIn(caseworkerA);
    const other = await loggedIn(adminA);
    const otherCsrf = await csrfOf(other);
    expect(otherCsrf).not.toBe(await csrfOf(a));
    for (const route of posts()) {
      const res = await hit(a, route, otherCsrf);
      expect({ route: label(route), status: res.status }).toEqual({
        route: label(route),
        status: 403,
      });
    }
    expect(await stateOfA()).toEqual(before);
    expect((await a.get('/dashboard')).status).toBe(200);
  });

  it('cannot log in: the login form without its cookie token gets 403 and no session', async () => {
    const fresh = staffClient(sys.server.url);
    for (const form of [
      { email: caseworkerA.email, password: caseworkerA.password } as Record<string, string>,
      { email: caseworkerA.email, password: caseworkerA.password, csrf: 'forged' },
    ]) {
      const res = await fresh.post('/dashboard/login', form);
      expect(res.status).toBe(403);
      expect(res.headers.getSetCookie().join()).not.toContain('hl_session');
    }
    expect((await fresh.get('/dashboard')).status).toBe(303);
  });
});

describe('a session that is no longer valid', () => {
  const expectLocked = async (client: Client, csrf: string) => {
    for (const route of dashboardRoutes(refA)) {
      const res = await hit(client, route, csrf);
      expect({ route: label(route), status: res.status, location: res.location }).toEqual({
        route: label(route),
        status: 303,
        location: '/dashboard/login',
      });
      expect(leaksOfA(res.body)).toEqual([]);
    }
  };

  it('after logout: the old cookie and its CSRF token open nothing', async () => {
    const before = await stateOfA();
    const a = await loggedIn(caseworkerA);
    const csrf = await csrfOf(a);
    const oldCookie = a.cookie();
    const out = await a.post('/dashboard/logout', { csrf });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/dashboard/login');
    a.setCookie(oldCookie);
    await expectLocked(a, csrf);
    expect(await stateOfA()).toEqual(before);
  });

  it('after 2 hours idle (server clock moved on)', async () => {
    const a = await loggedIn(caseworkerA);
    const csrf = await csrfOf(a);
    try {
      offset = SESSION_IDLE_MS - 60_000;
      expect((await a.get('/dashboard')).status).toBe(200);
      offset += SESSION_IDLE_MS + 1000;
      await expectLocked(a, csrf);
    } finally {
      offset = 0;
    }
    // Dead for good, not only while the clock is ahead.
    expect((await a.get('/dashboard')).status).toBe(303);
  });

  it('after 12 hours even when used all the time', async () => {
    const a = await loggedIn(caseworkerA);
    const csrf = await csrfOf(a);
    const step = SESSION_IDLE_MS - 10 * 60_000;
    try {
      while (offset + step < SESSION_ABSOLUTE_MS) {
        offset += step;
        expect({ offset, status: (await a.get('/dashboard')).status }).toEqual({
          offset,
          status: 200,
        });
      }
      offset = SESSION_ABSOLUTE_MS + 1000;
      await expectLocked(a, csrf);
    } finally {
      offset = 0;
    }
    expect((await a.get('/dashboard')).status).toBe(303);
  });

  it.each([
    [
      'a random value',
      `hl_session=${Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url')}`,
    ],
    ['an empty value', 'hl_session='],
    ['a value with odd characters', 'hl_session=%00%27%22--%20or%201%3D1'],
  ])('that was never issued: %s', async (_, cookie) => {
    const c = staffClient(sys.server.url);
    c.setCookie(cookie);
    await expectLocked(c, 'x');
  });
});

describe('roles', () => {
  it('a platform admin sees both organisations’ cases', async () => {
    const admin = await staffOf(sys, null, 'platform_admin');
    const p = await loggedIn(admin);
    const inbox = await (await p.get('/dashboard')).text();
    expect(inbox).toContain(refA);
    expect(inbox).toContain(refB);
    expect((await p.get(`/dashboard/tickets/${refA}`)).status).toBe(200);
    expect((await p.get(`/dashboard/tickets/${refB}`)).status).toBe(200);
    const csv = await (
      await p.post('/dashboard/export/tickets.csv', { csrf: await csrfOf(p) })
    ).text();
    expect(csv).toContain(refA);
    expect(csv).toContain(refB);
  });

  it('an organisation admin sees the audit log of its organisation; a caseworker gets 404', async () => {
    const admin = await loggedIn(adminA);
    const audit = await admin.get('/dashboard/audit');
    expect(audit.status).toBe(200);
    const html = await audit.text();
    expect(html).toContain(caseworkerA.staff.displayName);
    expect(html).toContain(refA);
    expect(html).not.toContain(refB);
    const worker = await loggedIn(caseworkerA);
    const refused = await worker.get('/dashboard/audit');
    expect(refused.status).toBe(404);
    expect(await refused.text()).not.toContain('logged in');
    // The navigation offers the audit log only to those who may open it.
    expect(await (await admin.get('/dashboard')).text()).toContain('href="/dashboard/audit"');
    expect(await (await worker.get('/dashboard')).text()).not.toContain('href="/dashboard/audit"');
  });
});
