import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import {
  conversations,
  inbox,
  loginFailures,
  notifications,
  outbox,
  staffSessions,
  ticketCounts,
  ticketMessages,
  ticketNotes,
  tickets,
} from '../db/schema';
import type { Database, Db, Statement } from '../db/types';
import type { Logger } from '../log';
import { weekOf } from '../tickets/inbox';
import type { TicketRow } from '../tickets/json';

/**
 * Nothing is kept longer than it is needed. A finished case goes `caseDays` after its last
 * change, leaving only its counts for the statistics; delivery records (inbox, outbox,
 * notifications) go after `recordDays`, once they have done their work. The same pass runs
 * hourly on Node and from the cron trigger on Workers.
 */
export interface RetentionPolicy {
  /** Days a resolved or closed case is kept after its last change (default 90). */
  caseDays: number;
  /** Days a processed event, a sent message or a sent notification is kept (default 7). */
  recordDays: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { caseDays: 90, recordDays: 7 };

const DAY = 86_400_000;
/** At most this many cases per batch: each purge is a handful of statements. */
const BATCH = 25;
/** Conversation ids per statement: D1 binds at most 100 parameters. */
const IDLE_BATCH = 90;

/** The counts a case leaves behind, so statistics are the same before and after it goes. */
export function countStatements(db: Db, ticket: TicketRow): Statement[] {
  const week = weekOf(ticket.createdAt);
  const partnerId = ticket.partnerId ?? '';
  const rows = [
    { dimension: 'total' as const, value: '' },
    ...[...new Set(ticket.categories)].map((c) => ({ dimension: 'category' as const, value: c })),
    { dimension: 'urgency' as const, value: ticket.urgency },
    { dimension: 'prefecture' as const, value: ticket.prefecture ?? 'none' },
  ].map((r) => ({ ...r, week, partnerId, count: 1 }));
  return [
    db
      .insert(ticketCounts)
      .values(rows)
      .onConflictDoUpdate({
        target: [
          ticketCounts.week,
          ticketCounts.partnerId,
          ticketCounts.dimension,
          ticketCounts.value,
        ],
        set: { count: sql`${ticketCounts.count} + 1` },
      }) as unknown as Statement,
  ];
}

/**
 * Everything of one case goes: thread, notes, notifications, the ticket, and the conversation's
 * link to it; its counts stay. Used by retention and by staff erasing a case.
 */
export function purgeTicketStatements(db: Db, ticket: TicketRow): Statement[] {
  return [
    ...countStatements(db, ticket),
    db.delete(ticketMessages).where(eq(ticketMessages.ticketId, ticket.id)),
    db.delete(ticketNotes).where(eq(ticketNotes.ticketId, ticket.id)),
    db.delete(notifications).where(eq(notifications.ticketId, ticket.id)),
    db.update(conversations).set({ ticketId: null }).where(eq(conversations.ticketId, ticket.id)),
    db.delete(tickets).where(eq(tickets.id, ticket.id)),
  ] as unknown as Statement[];
}

export interface RetentionReport {
  tickets: number;
  conversations: number;
  inbox: number;
  outbox: number;
  notifications: number;
}

export async function runRetention(deps: {
  database: Database;
  now: () => number;
  log: Logger;
  policy: RetentionPolicy;
}): Promise<RetentionReport> {
  const { database, policy } = deps;
  const { db } = database;
  const now = deps.now();
  const caseCutoff = new Date(now - policy.caseDays * DAY).toISOString();
  const recordCutoff = now - policy.recordDays * DAY;
  const recordCutoffIso = new Date(recordCutoff).toISOString();
  const report: RetentionReport = {
    tickets: 0,
    conversations: 0,
    inbox: 0,
    outbox: 0,
    notifications: 0,
  };

  for (;;) {
    const expired = await db
      .select()
      .from(tickets)
      .where(
        and(inArray(tickets.status, ['resolved', 'closed']), lt(tickets.updatedAt, caseCutoff)),
      )
      .limit(BATCH);
    if (!expired.length) break;
    // One commit per case: a crash half-way leaves whole cases, never a case without its counts.
    for (const ticket of expired) await database.commit(purgeTicketStatements(db, ticket));
    report.tickets += expired.length;
  }

  // A conversation with no case that nobody has written to for as long as a case is kept:
  // its state (answers of an abandoned intake) and the encrypted platform id go, with its messages.
  for (;;) {
    const idle = await db
      .select({ id: conversations.id })
      .from(conversations)
      .where(and(isNull(conversations.ticketId), lt(conversations.updatedAt, caseCutoff)))
      .limit(IDLE_BATCH);
    if (!idle.length) break;
    const ids = idle.map((c) => c.id);
    await database.commit([
      db.delete(outbox).where(inArray(outbox.conversationId, ids)),
      db
        .delete(inbox)
        .where(and(inArray(inbox.conversationId, ids), inArray(inbox.status, ['done', 'failed']))),
      db.delete(conversations).where(inArray(conversations.id, ids)),
    ] as unknown as Statement[]);
    report.conversations += ids.length;
  }

  // Delivery records, once they have done their work. A redelivery comes within hours, so a week
  // of event ids is plenty for dedupe; pending rows are never touched.
  const records = [
    [inbox, and(inArray(inbox.status, ['done', 'failed']), lt(inbox.receivedAt, recordCutoffIso))],
    [outbox, and(eq(outbox.status, 'sent'), lt(outbox.createdAt, recordCutoffIso))],
    [
      notifications,
      and(eq(notifications.status, 'sent'), lt(notifications.createdAt, recordCutoffIso)),
    ],
  ] as const;
  const [inboxRows, outboxRows, notificationRows] = await Promise.all(
    records.map(([table, where]) => count(db, table, where)),
  );
  report.inbox = inboxRows ?? 0;
  report.outbox = outboxRows ?? 0;
  report.notifications = notificationRows ?? 0;
  await database.commit([
    ...records.map(([table, where]) => db.delete(table).where(where)),
    // Throttle records and ended sessions are useless after a day.
    db.delete(loginFailures).where(lt(loginFailures.at, now - DAY)),
    db
      .delete(staffSessions)
      .where(or(lt(staffSessions.expiresAt, now), lt(staffSessions.lastSeenAt, now - DAY))),
  ] as unknown as Statement[]);

  if (Object.values(report).some((n) => n > 0)) deps.log.info('retention', { ...report });
  return report;
}

async function count(
  db: Db,
  table: typeof inbox | typeof outbox | typeof notifications,
  where: ReturnType<typeof and>,
): Promise<number> {
  const rows = await db
    .select({ n: sql<number>`count(*)` })
    .from(table)
    .where(where);
  return rows[0]?.n ?? 0;
}
