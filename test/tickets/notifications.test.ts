import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/types';
import { notifications, tickets } from '../../src/db/schema';
import { createLogger } from '../../src/log';
import type { Directory } from '../../src/routing/directory';
import { toTicketJson } from '../../src/tickets/json';
import {
  notificationTargets,
  notifyStatements,
  retryAfterMs,
  sendDueNotifications,
} from '../../src/tickets/notifications';
import { addMessage, openTicket, updateTicket } from '../../src/tickets/store';
import { load } from '../routing/helpers';
import {
  notifyingDirectory,
  notifyWith,
  openDb,
  partnerServer,
  ticketFacts,
  keys,
} from './helpers';

const flow = { id: 'intake', version: 4, hash: 'h' };
const NOW = Date.parse('2026-11-20T14:30:00Z');
let clock = NOW;
let database: Database;
let partner: Awaited<ReturnType<typeof partnerServer>>;
let directory: Directory;
let notify = notifyWith();
const logs: string[] = [];
const send = () =>
  sendDueNotifications({
    db: database.db,
    directory,
    notify,
    log: createLogger('debug', (l) => logs.push(l)),
    now: () => clock,
  });
/** Sends until nothing is due, moving the clock past each backoff. */
async function drain(rounds = 10) {
  for (let i = 0; i < rounds; i++) {
    await send();
    clock += 20 * 60_000;
  }
}

async function file(answers: Record<string, unknown>, words: string[] = []) {
  const opened = openTicket(database.db, directory, {
    facts: ticketFacts({ answers }),
    channel: 'line',
    conversationId: 'c1',
    flow,
    now: new Date(clock).toISOString(),
  });
  const statements = [opened.statement];
  for (const w of words)
    statements.push(...(await addMessage(database.db, keys, opened.row.id, 'reporter', 'line', w)));
  statements.push(
    ...(await addMessage(database.db, keys, opened.row.id, 'staff', 'web', 'staff note')),
  );
  statements.push(...notifyStatements(database.db, directory, opened.row, 'ticket.filed'));
  await database.commit(statements);
  return opened.row;
}

beforeAll(async () => {
  partner = await partnerServer();
});
afterAll(() => partner.close());
beforeEach(() => {
  database = openDb();
  directory = notifyingDirectory(partner.url);
  notify = notifyWith();
  partner.requests.length = 0;
  partner.script.length = 0;
  logs.length = 0;
  clock = NOW;
});
afterEach(() => database.close());

describe('the ticket records the rule that routed it', () => {
  it('stores the rule and its why, and shows them as "routing" in the ticket JSON', () => {
    const { row } = openTicket(database.db, load(), {
      facts: ticketFacts({ prefecture: 'JP-23' }),
      channel: 'line',
      conversationId: 'c',
      flow,
      now: '2026-11-20T00:00:00.000Z',
    });
    expect(row).toMatchObject({
      partnerId: 'demo-ngo-tokai',
      routingRule: 'tokai-trainee-support',
      routingReason: 'Cases in Aichi, Gifu, Mie and Shizuoka go to the local Tokai support group',
    });
    const json = toTicketJson(row, load());
    expect(json.partner).toEqual({
      id: 'demo-ngo-tokai',
      kind: 'ngo',
      name: 'Demo Tokai Trainee Support (Aichi, Gifu, Mie, Shizuoka)',
    });
    expect(json.routing).toEqual({
      rule: 'tokai-trainee-support',
      reason: 'Cases in Aichi, Gifu, Mie and Shizuoka go to the local Tokai support group',
    });
    expect(toTicketJson({ ...row, partnerId: null }, load()).routing).toBeNull();
  });

  it('routes again while the ticket is new, and keeps the partner once someone took it', () => {
    const d = load();
    const { row } = openTicket(database.db, d, {
      facts: ticketFacts({ prefecture: null }),
      channel: 'line',
      conversationId: 'c',
      flow,
      now: '2026-11-20T00:00:00.000Z',
    });
    expect(row.routingRule).toBe('best-placed-ngo');
    const jobChange = ticketFacts({ categories: ['job_change'], residenceStatus: 'ssw' });
    const moved = updateTicket(database.db, d, row, jobChange, {}, '2026-11-20T00:01:00.000Z').row;
    expect([moved.partnerId, moved.routingRule]).toEqual([
      'demo-hello-work',
      'job-change-hello-work',
    ]);
    const taken = { ...moved, status: 'in_progress' };
    const kept = updateTicket(database.db, d, taken, ticketFacts(), {}, '2026-11-20T00:02:00.000Z');
    expect([kept.row.partnerId, kept.row.routingRule]).toEqual([
      'demo-hello-work',
      'job-change-hello-work',
    ]);
  });
});

describe('who is notified', () => {
  it('an emergency: the routed partner and every partner on call; a filed case: the routed one', () => {
    const d = notifyingDirectory('https://partners.example');
    const ids = (event: 'ticket.emergency' | 'ticket.filed', partnerId: string) =>
      notificationTargets(d, { partnerId }, event).map((p) => p.id);
    expect(ids('ticket.emergency', 'demo-ngo-tokai')).toEqual([
      'demo-ngo-national',
      'demo-ngo-tokai',
    ]);
    expect(ids('ticket.filed', 'demo-ngo-tokai')).toEqual(['demo-ngo-tokai']);
    expect(ids('ticket.emergency', 'demo-ngo-national')).toEqual(['demo-ngo-national']);
    // Without a notificationUrl, a partner reads its cases through the API only.
    expect(
      notificationTargets(load(), { partnerId: 'demo-ngo-tokai' }, 'ticket.emergency'),
    ).toEqual([]);
  });

  it('gives each notification its own idempotency key, kept when the same one is queued again', async () => {
    const row = await file({});
    const emergency = notifyStatements(database.db, directory, row, 'ticket.emergency');
    await database.commit([
      ...emergency,
      ...notifyStatements(database.db, directory, row, 'ticket.filed'),
    ]);
    const rows = await database.db.select().from(notifications);
    expect(rows.map((r) => [r.partnerId, r.event])).toEqual([
      ['demo-ngo-tokai', 'ticket.filed'],
      ['demo-ngo-national', 'ticket.emergency'],
      ['demo-ngo-tokai', 'ticket.emergency'],
    ]);
    expect(new Set(rows.map((r) => r.idempotencyKey)).size).toBe(3);
    expect(rows[0]!.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('sending', () => {
  it('signs the raw body with the partner’s secret, and dates it', async () => {
    const row = await file({});
    await drain(1);
    const [req] = partner.requests;
    expect(req!.path).toBe('/demo-ngo-tokai');
    const secret = await notify.secretOf('demo-ngo-tokai');
    expect(secret).toBe(await keys.notifySecret('demo-ngo-tokai'));
    expect(req!.headers['x-hotline-signature']).toBe(
      `sha256=${createHmac('sha256', secret).update(req!.raw).digest('hex')}`,
    );
    expect(req!.headers['x-hotline-timestamp']).toBe(String(Math.floor(NOW / 1000)));
    expect(req!.headers['content-type']).toBe('application/json');
    const body = JSON.parse(req!.raw);
    expect(body.event).toBe('ticket.filed');
    expect(body.ticket.reference).toBe(row.reference);
    expect(body.ticket.routing.rule).toBe('tokai-trainee-support');
  });

  it('uses PARTNER_SECRET_<ID> instead of the derived secret when the operator set one', async () => {
    const own = 'the-tokai-groups-own-secret-0123456789';
    directory = notifyingDirectory(partner.url);
    notify = notifyWith({ PARTNER_SECRET_DEMO_NGO_TOKAI: own });
    await file({});
    await drain(1);
    const [req] = partner.requests;
    expect(req!.headers['x-hotline-signature']).toBe(
      `sha256=${createHmac('sha256', own).update(req!.raw).digest('hex')}`,
    );
  });

  it('retries 5xx, 429 and refused connections with the same Idempotency-Key, then stops', async () => {
    await file({});
    partner.script.push(
      { status: 503, headers: { 'retry-after': '0' } },
      { status: 500 },
      { status: 429, headers: { 'retry-after': '2' } },
    );
    await drain(6);
    expect(partner.requests.map((r) => r.status)).toEqual([503, 500, 429, 204]);
    expect(new Set(partner.requests.map((r) => r.headers['idempotency-key'])).size).toBe(1);
    const [n] = await database.db.select().from(notifications);
    expect(n).toMatchObject({ status: 'sent', attempts: 4, errorCode: null });
    expect(partner.requests[0]!.headers['idempotency-key']).toBe(n!.idempotencyKey);
  });

  it('honours Retry-After, and backs off without it', async () => {
    await file({});
    partner.script.push({ status: 503, headers: { 'retry-after': '120' } }, { status: 502 });
    await send();
    let [n] = await database.db.select().from(notifications);
    expect(n!.nextAttemptAt).toBe(clock + 120_000);
    clock += 120_000;
    await send();
    [n] = await database.db.select().from(notifications);
    expect(n!.nextAttemptAt - clock).toBeGreaterThanOrEqual(2000);
    expect(n!.nextAttemptAt - clock).toBeLessThanOrEqual(2200);
    expect(retryAfterMs('Fri, 20 Nov 2026 14:31:00 GMT', NOW)).toBe(60_000);
    expect(retryAfterMs('soon', NOW)).toBeNull();
    expect(retryAfterMs('999999', NOW)).toBe(3_600_000);
  });

  it('gives up at once on a 4xx other than 429: the partner’s configuration needs fixing', async () => {
    await file({});
    partner.script.push({ status: 404 });
    await drain(3);
    expect(partner.requests).toHaveLength(1);
    const [n] = await database.db.select().from(notifications);
    expect(n).toMatchObject({ status: 'failed', errorCode: 'http_404' });
  });
});

describe('the reporter’s words', () => {
  const words = ['Công ty giữ hộ chiếu của tôi', 'Họ không trả lương 3 tháng'];

  it('go along only when the reporter said yes to share_words, their messages only', async () => {
    const row = await file({ share_words: 'yes' }, words);
    await drain(1);
    const body = JSON.parse(partner.requests[0]!.raw);
    expect(body.words).toEqual(words);
    expect(body.redacted).toEqual([]);
    expect(JSON.stringify(body.ticket)).not.toContain(words[0]);
    expect(partner.requests[0]!.raw).not.toContain('staff note');
    expect(logs.some((l) => l.includes('"partner notified"') && l.includes('"words":true'))).toBe(
      true,
    );
    expect(logs.join('\n')).not.toContain(words[0]);
    // And never in the JSON API.
    const [stored] = await database.db.select().from(tickets).where(eq(tickets.id, row.id));
    expect(JSON.stringify(toTicketJson(stored!, directory))).not.toContain(words[0]);
  });

  it('go with phone and card numbers masked, say which kinds, and are signed as sent', async () => {
    const seeded = [
      'Chủ giữ thẻ cư trú AB12345678CD của em',
      'Gọi em số 090-1234-5678 sau 9 giờ tối, lương 150,000 yên',
    ];
    await file({ share_words: 'yes' }, seeded);
    await drain(1);
    const [req] = partner.requests;
    const body = JSON.parse(req!.raw);
    expect(body.words).toEqual([
      'Chủ giữ thẻ cư trú [residence card no.] của em',
      'Gọi em số [phone] sau 9 giờ tối, lương 150,000 yên',
    ]);
    expect(body.redacted).toEqual(['phone', 'residence_card']);
    for (const secret of ['AB12345678CD', '090-1234-5678', '1234-5678', '12345678'])
      expect(req!.raw).not.toContain(secret);
    expect(req!.headers['x-hotline-signature']).toBe(
      `sha256=${createHmac('sha256', await notify.secretOf('demo-ngo-tokai'))
        .update(req!.raw)
        .digest('hex')}`,
    );
    expect(logs.join('\n')).not.toContain('090-1234-5678');
  });

  for (const answer of ['no', null, undefined, 'skip'])
    it(`stay out when share_words is ${String(answer)}`, async () => {
      await file(answer === undefined ? {} : { share_words: answer }, words);
      await drain(1);
      const raw = partner.requests[0]!.raw;
      expect(JSON.parse(raw)).not.toHaveProperty('words');
      expect(JSON.parse(raw)).not.toHaveProperty('redacted');
      expect(raw).not.toContain(words[0]);
    });

  it('follow the answer at the time of sending: consent given later reaches later notifications', async () => {
    const row = await file({ share_words: 'no' }, words);
    await drain(1);
    expect(JSON.parse(partner.requests[0]!.raw)).not.toHaveProperty('words');
    await database.db
      .update(tickets)
      .set({ facts: { share_words: 'yes' } })
      .where(eq(tickets.id, row.id));
    await database.commit(notifyStatements(database.db, directory, row, 'ticket.emergency'));
    await drain(1);
    expect(partner.requests.slice(1).map((r) => JSON.parse(r.raw).words)).toEqual([words, words]);
  });
});
