import { and, desc, eq, lt, or, sql, type SQL } from 'drizzle-orm';
import { encrypt, type Keys } from '../crypto/keys';
import { newReference } from '../crypto/random';
import { ticketMessages, tickets } from '../db/schema';
import type { Db, Statement } from '../db/types';
import type { Directory } from '../routing/directory';
import { route } from '../routing/route';
import type { TicketFacts } from './facts';
import type { TicketRow } from './json';

export const newTicketId = (): string => crypto.randomUUID();

/** The columns a ticket takes from the facts of its session. */
const factColumns = (facts: TicketFacts) => ({
  language: facts.language,
  categories: facts.categories,
  dangerCategories: facts.dangerCategories,
  urgency: facts.urgency,
  flags: facts.flags,
  prefecture: facts.prefecture,
  industry: facts.industry,
  residenceStatus: facts.residenceStatus,
  summary: facts.summary,
  facts: facts.answers,
});

/** The partner, and the rule that chose it with its why, as the ticket records them. */
const routingColumns = (directory: Directory, facts: TicketFacts) => {
  const routed = route(directory, facts);
  return {
    partnerId: routed.partner.id,
    routingRule: routed.rule.id,
    routingReason: routed.rule.why,
  };
};

export interface OpenTicket {
  row: TicketRow;
  statement: Statement;
}

/** A new ticket from the facts known now, routed at once. */
export function openTicket(
  db: Db,
  directory: Directory,
  args: {
    facts: TicketFacts;
    channel: string;
    conversationId: string;
    flow: { id: string; version: number; hash: string };
    now: string;
  },
): OpenTicket {
  const { facts } = args;
  const row: TicketRow = {
    id: newTicketId(),
    reference: newReference(),
    status: 'new',
    channel: args.channel,
    channels: [args.channel],
    ...factColumns(facts),
    ...routingColumns(directory, facts),
    flowId: args.flow.id,
    flowVersion: args.flow.version,
    flowHash: args.flow.hash,
    secretHash: null,
    conversationId: args.conversationId,
    createdAt: args.now,
    updatedAt: args.now,
  };
  return { row, statement: db.insert(tickets).values(row) as unknown as Statement };
}

/** New facts on an existing ticket; routing follows them while nobody has picked the case up. */
export function updateTicket(
  db: Db,
  directory: Directory,
  row: TicketRow,
  facts: TicketFacts,
  extra: Partial<TicketRow>,
  now: string,
): { row: TicketRow; statement: Statement } {
  const next: TicketRow = {
    ...row,
    ...factColumns(facts),
    ...(row.status === 'new' ? routingColumns(directory, facts) : {}),
    ...extra,
    updatedAt: now,
  };
  const { id: _id, reference: _ref, createdAt: _c, ...changes } = next;
  return {
    row: next,
    statement: db
      .update(tickets)
      .set(changes)
      .where(eq(tickets.id, row.id)) as unknown as Statement,
  };
}

/** Bound to each message's ciphertext, so it cannot be moved to another case. */
export const messageContext = (ticketId: string): string => `ticket_message:${ticketId}`;

/**
 * A message for a case thread, encrypted. Returned in an array: a drizzle query is a thenable,
 * and an async function returning one bare would run it on the spot, outside the commit.
 */
export async function addMessage(
  db: Db,
  keys: Keys,
  ticketId: string,
  author: 'reporter' | 'staff' | 'system',
  channel: string,
  body: string,
): Promise<[Statement]> {
  const bodyEnc = await encrypt(keys, body, messageContext(ticketId));
  return [
    db
      .insert(ticketMessages)
      .values({ ticketId, author, channel, bodyEnc }) as unknown as Statement,
  ];
}

export async function ticketById(db: Db, id: string): Promise<TicketRow | null> {
  const rows = await db.select().from(tickets).where(eq(tickets.id, id)).limit(1);
  return rows[0] ?? null;
}

export interface TicketQuery {
  status?: string;
  category?: string;
  urgency?: string;
  cursor?: { createdAt: string; id: string };
  limit: number;
}

/** `partnerId` null means every ticket (admin); otherwise only tickets routed to that partner. */
export async function listTickets(
  db: Db,
  partnerId: string | null,
  q: TicketQuery,
): Promise<TicketRow[]> {
  const where: SQL[] = [];
  if (partnerId !== null) where.push(eq(tickets.partnerId, partnerId));
  if (q.status) where.push(eq(tickets.status, q.status));
  if (q.urgency) where.push(eq(tickets.urgency, q.urgency));
  // categories is a JSON array of plain ids: match the quoted id exactly.
  if (q.category) where.push(sql`instr(${tickets.categories}, ${JSON.stringify(q.category)}) > 0`);
  if (q.cursor) {
    where.push(
      or(
        lt(tickets.createdAt, q.cursor.createdAt),
        and(eq(tickets.createdAt, q.cursor.createdAt), lt(tickets.id, q.cursor.id)),
      )!,
    );
  }
  return db
    .select()
    .from(tickets)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(tickets.createdAt), desc(tickets.id))
    .limit(q.limit);
}

export async function ticketByReference(
  db: Db,
  partnerId: string | null,
  reference: string,
): Promise<TicketRow | null> {
  const where = [eq(tickets.reference, reference.toUpperCase())];
  if (partnerId !== null) where.push(eq(tickets.partnerId, partnerId));
  const rows = await db
    .select()
    .from(tickets)
    .where(and(...where))
    .limit(1);
  return rows[0] ?? null;
}

export const countTickets = async (db: Db): Promise<number> =>
  (await db.select({ n: sql<number>`count(*)` }).from(tickets))[0]?.n ?? 0;
