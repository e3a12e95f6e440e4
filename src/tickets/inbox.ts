import { and, asc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import { ticketCounts, tickets } from '../db/schema';
import type { Db } from '../db/types';
import type { TicketRow } from './json';

export interface InboxQuery {
  status?: string | undefined;
  category?: string | undefined;
  urgency?: string | undefined;
  prefecture?: string | undefined;
  language?: string | undefined;
  /** ISO dates (YYYY-MM-DD), Japan time, both included. */
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
}

const JST = '+09:00';
const URGENCY_ORDER = sql`case ${tickets.urgency} when 'emergency' then 0 when 'urgent' then 1 when 'ongoing' then 2 when 'past' then 3 else 4 end`;

/**
 * The cases an organisation works on (`partnerId` null: every case, for platform admins), most
 * urgent first, then oldest first: the one waiting longest at the top of its urgency.
 */
export async function inboxTickets(
  db: Db,
  partnerId: string | null,
  q: InboxQuery,
): Promise<TicketRow[]> {
  const where: SQL[] = [];
  if (partnerId !== null) where.push(eq(tickets.partnerId, partnerId));
  if (q.status) where.push(eq(tickets.status, q.status));
  if (q.urgency) where.push(eq(tickets.urgency, q.urgency));
  if (q.prefecture) where.push(eq(tickets.prefecture, q.prefecture));
  if (q.language) where.push(eq(tickets.language, q.language));
  if (q.category) where.push(sql`instr(${tickets.categories}, ${JSON.stringify(q.category)}) > 0`);
  if (q.from)
    where.push(gte(tickets.createdAt, new Date(`${q.from}T00:00:00${JST}`).toISOString()));
  if (q.to) {
    const end = new Date(`${q.to}T00:00:00${JST}`);
    end.setUTCDate(end.getUTCDate() + 1);
    where.push(lt(tickets.createdAt, end.toISOString()));
  }
  return db
    .select()
    .from(tickets)
    .where(where.length ? and(...where) : undefined)
    .orderBy(URGENCY_ORDER, asc(tickets.createdAt), asc(tickets.id))
    .limit(q.limit);
}

/** The Monday (Japan time) of the week an instant falls in, as YYYY-MM-DD. */
export function weekOf(iso: string): string {
  const jst = new Date(Date.parse(iso) + 9 * 3600_000);
  const back = (jst.getUTCDay() + 6) % 7;
  jst.setUTCDate(jst.getUTCDate() - back);
  return jst.toISOString().slice(0, 10);
}

export interface WeeklyCounts {
  weeks: string[];
  /** dimension → value → count per week (same order as `weeks`). */
  byCategory: Map<string, number[]>;
  byUrgency: Map<string, number[]>;
  byPrefecture: Map<string, number[]>;
  total: number;
}

/** Cases per week over the last `weeks` weeks, by category, urgency and prefecture. */
export async function weeklyCounts(
  db: Db,
  partnerId: string | null,
  now: number,
  weeks = 12,
): Promise<WeeklyCounts> {
  const labels: string[] = [];
  const first = new Date(Date.parse(`${weekOf(new Date(now).toISOString())}T00:00:00${JST}`));
  first.setUTCDate(first.getUTCDate() - 7 * (weeks - 1));
  for (let i = 0; i < weeks; i++) {
    const d = new Date(first.getTime() + i * 7 * 86_400_000);
    labels.push(weekOf(d.toISOString()));
  }
  const where: SQL[] = [gte(tickets.createdAt, first.toISOString())];
  if (partnerId !== null) where.push(eq(tickets.partnerId, partnerId));
  const rows = await db
    .select({
      createdAt: tickets.createdAt,
      categories: tickets.categories,
      urgency: tickets.urgency,
      prefecture: tickets.prefecture,
    })
    .from(tickets)
    .where(and(...where));
  const out: WeeklyCounts = {
    weeks: labels,
    byCategory: new Map(),
    byUrgency: new Map(),
    byPrefecture: new Map(),
    total: rows.length,
  };
  const add = (m: Map<string, number[]>, key: string, week: number, n = 1) => {
    const counts = m.get(key) ?? labels.map(() => 0);
    counts[week] = (counts[week] ?? 0) + n;
    m.set(key, counts);
  };
  for (const r of rows) {
    const week = labels.indexOf(weekOf(r.createdAt));
    if (week < 0) continue;
    for (const c of r.categories) add(out.byCategory, c, week);
    add(out.byUrgency, r.urgency, week);
    add(out.byPrefecture, r.prefecture ?? 'none', week);
  }
  // Cases retention has removed count on through what they left behind.
  const kept = await db
    .select()
    .from(ticketCounts)
    .where(
      and(
        gte(ticketCounts.week, labels[0]!),
        ...(partnerId !== null ? [eq(ticketCounts.partnerId, partnerId)] : []),
      ),
    );
  const byDimension = {
    category: out.byCategory,
    urgency: out.byUrgency,
    prefecture: out.byPrefecture,
  };
  for (const k of kept) {
    const week = labels.indexOf(k.week);
    if (week < 0) continue;
    if (k.dimension === 'total') {
      out.total += k.count;
      continue;
    }
    add(byDimension[k.dimension], k.value, week, k.count);
  }
  return out;
}

/** Counts under 5 could single a reporter out: exports show them as "<5". */
export const suppressed = (n: number): string => (n > 0 && n < 5 ? '<5' : String(n));
