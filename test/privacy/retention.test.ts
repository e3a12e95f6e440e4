import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportStatsCsv } from '../../src/dashboard/exports';
import { createLogger } from '../../src/log';
import { DEFAULT_RETENTION, runRetention } from '../../src/privacy/retention';
import { weeklyCounts } from '../../src/tickets/inbox';
import { fileCase, lineChat } from '../helpers/line-chat';
import { lineUserId } from '../helpers/line-events';
import { startSystem, type TestSystem } from '../helpers/server';

/** Retention on a database with cases of every age and state: exactly the expired ones go. */

const DAY = 86_400_000;
let sys: TestSystem;
const cases: Record<string, string> = {};

const sql = <T>(query: string, ...params: unknown[]): T[] => {
  const db = new Database(sys.databasePath);
  try {
    const stmt = db.prepare(query);
    return (stmt.reader ? stmt.all(...params) : (stmt.run(...params), [])) as T[];
  } finally {
    db.close();
  }
};
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();
const age = (reference: string, status: string, updatedDaysAgo: number, createdDaysAgo: number) =>
  sql(
    'update tickets set status = ?, updated_at = ?, created_at = ? where reference = ?',
    status,
    ago(updatedDaysAgo),
    ago(createdDaysAgo),
    reference,
  );
const exists = async (reference: string) =>
  (await sys.api(`/api/v1/tickets/${reference}`)).status === 200;

beforeAll(async () => {
  sys = await startSystem();
  const facts = [
    ['closedLongAgo', ['unpaid_wages'], 'JP-23'],
    ['resolvedLongAgo', ['violence', 'document_seizure'], 'JP-13'],
    ['closedRecently', ['housing'], 'JP-23'],
    ['openButOld', ['excessive_hours'], 'JP-27'],
    ['fresh', ['unpaid_wages'], 'JP-13'],
  ] as const;
  for (const [name, categories, prefecture] of facts)
    cases[name] = await fileCase(lineChat(sys, lineUserId()), {
      categories: [...categories],
      residence: 'titp',
      prefecture,
    });
  await sys.server.worker.idle();
  age(cases.closedLongAgo!, 'closed', 100, 20);
  age(cases.resolvedLongAgo!, 'resolved', 91, 60);
  age(cases.closedRecently!, 'closed', 10, 20);
  age(cases.openButOld!, 'in_progress', 200, 70);
  // An intake abandoned long ago, and one from yesterday (no case behind either).
  await lineChat(sys, lineUserId()).follow();
  await lineChat(sys, lineUserId()).follow();
  await sys.server.worker.idle();
  const loose = sql<{ id: string }>(
    'select id from conversations where ticket_id is null order by created_at desc limit 2',
  );
  sql('update conversations set updated_at = ? where id = ?', ago(100), loose[0]!.id);
  sql('update conversations set updated_at = ? where id = ?', ago(1), loose[1]!.id);
  // Delivery records: some a week and a half old, and one still pending from then.
  sql("update inbox set received_at = ? where id % 2 = 0 and status = 'done'", ago(10));
  sql("update outbox set created_at = ? where id % 2 = 0 and status = 'sent'", ago(10));
  sql(
    "insert into outbox (conversation_id, channel, messages_enc, retry_key, status, created_at) values ('c', 'line', 'v1:x', 'k-pending', 'pending', ?)",
    ago(10),
  );
});
afterAll(async () => {
  await sys.stop();
});

describe('retention', () => {
  it('removes exactly the expired cases, idle conversations and old records, and the statistics do not change', async () => {
    const { database } = sys.server;
    const now = Date.now();
    const before = {
      all: await weeklyCounts(database.db, null, now),
      tokai: await weeklyCounts(database.db, 'demo-ngo-tokai', now),
      csv: await exportStatsCsv(database.db, null, now),
    };
    const conversationsBefore = sql<{ n: number }>('select count(*) as n from conversations')[0]!.n;
    const oldSent = sql<{ n: number }>(
      "select count(*) as n from outbox where status = 'sent' and created_at < ?",
      ago(7),
    )[0]!.n;
    expect(oldSent).toBeGreaterThan(0);
    const purgedIds = sql<{ id: string }>(
      'select id from tickets where reference in (?, ?)',
      cases.closedLongAgo,
      cases.resolvedLongAgo,
    ).map((r) => r.id);

    const report = await runRetention({
      database,
      now: () => now,
      log: createLogger('error'),
      policy: DEFAULT_RETENTION,
    });

    expect(report.tickets).toBe(2);
    expect(await exists(cases.closedLongAgo!)).toBe(false);
    expect(await exists(cases.resolvedLongAgo!)).toBe(false);
    for (const kept of ['closedRecently', 'openButOld', 'fresh'])
      expect(await exists(cases[kept]!), kept).toBe(true);
    // Nothing of a purged case is left behind: thread, notes, notifications, link.
    for (const table of ['ticket_messages', 'ticket_notes', 'notifications'])
      expect(
        sql<{ n: number }>(
          `select count(*) as n from ${table} where ticket_id in (?, ?)`,
          ...purgedIds,
        )[0]!.n,
        table,
      ).toBe(0);
    expect(
      sql<{ n: number }>(
        'select count(*) as n from conversations where ticket_id in (?, ?)',
        ...purgedIds,
      )[0]!.n,
    ).toBe(0);
    expect(report.conversations).toBe(1);
    expect(sql<{ n: number }>('select count(*) as n from conversations')[0]!.n).toBe(
      conversationsBefore - 1,
    );
    expect(report.outbox).toBeGreaterThan(0);
    expect(
      sql<{ n: number }>(
        "select count(*) as n from outbox where status = 'sent' and created_at < ?",
        ago(7),
      )[0]!.n,
    ).toBe(0);
    expect(report.inbox).toBeGreaterThan(0);
    expect(
      sql<{ n: number }>("select count(*) as n from outbox where retry_key = 'k-pending'")[0]!.n,
    ).toBe(1);
    expect(
      sql<{ n: number }>(
        "select count(*) as n from inbox where status = 'done' and received_at < ?",
        ago(7),
      )[0]!.n,
    ).toBe(0);

    // The statistics are those of before, for everyone and for one partner.
    expect(await weeklyCounts(database.db, null, now)).toEqual(before.all);
    expect(await weeklyCounts(database.db, 'demo-ngo-tokai', now)).toEqual(before.tokai);
    expect(await exportStatsCsv(database.db, null, now)).toBe(before.csv);
    expect(before.all.total).toBe(5);

    // A second pass finds nothing more to do.
    const again = await runRetention({
      database,
      now: () => now,
      log: createLogger('error'),
      policy: DEFAULT_RETENTION,
    });
    expect(again).toEqual({ tickets: 0, conversations: 0, inbox: 0, outbox: 0, notifications: 0 });
    expect(await weeklyCounts(database.db, null, now)).toEqual(before.all);
  });
});
