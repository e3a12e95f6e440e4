import { asc, eq, sql } from 'drizzle-orm';
import { decrypt, encrypt, type Keys } from '../crypto/keys';
import { conversations, outbox, staff, ticketMessages, ticketNotes, tickets } from '../db/schema';
import type { Db, Statement } from '../db/types';
import type { Directory } from '../routing/directory';
import type { TicketRow } from './json';
import { notifyStatements } from './notifications';
import { messageContext } from './store';

/** What staff do to a case: notes, status, answers to the reporter, referral. Statements only. */

export const STATUSES = [
  'new',
  'in_progress',
  'waiting_reporter',
  'referred',
  'resolved',
  'closed',
] as const;
export type Status = (typeof STATUSES)[number];

export const noteContext = (ticketId: string) => `ticket_note:${ticketId}`;
/** The same binding the conversation host uses for a reporter's outbox rows. */
const outboxContext = (conversationId: string) => `outbox:${conversationId}`;

export async function noteStatements(
  db: Db,
  keys: Keys,
  ticket: TicketRow,
  staffId: string,
  body: string,
  now: number,
): Promise<Statement[]> {
  return [
    db.insert(ticketNotes).values({
      ticketId: ticket.id,
      staffId,
      bodyEnc: await encrypt(keys, body, noteContext(ticket.id)),
      createdAt: new Date(now).toISOString(),
    }) as unknown as Statement,
  ];
}

export function statusStatement(db: Db, ticket: TicketRow, status: Status, now: number): Statement {
  return db
    .update(tickets)
    .set({ status, updatedAt: new Date(now).toISOString() })
    .where(eq(tickets.id, ticket.id)) as unknown as Statement;
}

/**
 * A staff answer: an outbox row for the reporter's conversation, with no reply token, so delivery
 * applies the contract's rules (push only with notify=yes, else the mailbox until the reporter
 * writes), and the thread entry linked to it, so the page can say whether it arrived.
 */
export async function replyStatements(
  db: Db,
  keys: Keys,
  ticket: TicketRow,
  staffId: string,
  text: string,
  now: number,
  /** The neutral words a push may show instead, in the reporter's language. */
  notice: string,
): Promise<Statement[]> {
  if (!ticket.conversationId) return [];
  const retryKey = crypto.randomUUID();
  const at = new Date(now).toISOString();
  // Where the reporter follows the case now: it may have moved since it started.
  const convo = (
    await db
      .select({ channel: conversations.channel })
      .from(conversations)
      .where(eq(conversations.id, ticket.conversationId))
      .limit(1)
  )[0];
  const channel = convo?.channel ?? ticket.channels.at(-1) ?? ticket.channel;
  return [
    db.insert(outbox).values({
      conversationId: ticket.conversationId,
      channel,
      messagesEnc: await encrypt(
        keys,
        JSON.stringify([{ text, notice }]),
        outboxContext(ticket.conversationId),
      ),
      retryKey,
      createdAt: at,
    }) as unknown as Statement,
    db.insert(ticketMessages).values({
      ticketId: ticket.id,
      author: 'staff',
      channel,
      staffId,
      bodyEnc: await encrypt(keys, text, messageContext(ticket.id)),
      outboxId: sql`(select ${outbox.id} from ${outbox} where ${outbox.retryKey} = ${retryKey})`,
      createdAt: at,
    }) as unknown as Statement,
  ];
}

/** To another partner, with the reporter's consent: it leaves this organisation's inbox. */
export function referStatements(
  db: Db,
  directory: Directory,
  ticket: TicketRow,
  partnerId: string,
  referredBy: string,
  now: number,
): Statement[] {
  const next: TicketRow = {
    ...ticket,
    partnerId,
    status: 'referred',
    routingRule: 'staff-referral',
    routingReason: `Referred by ${referredBy} with the reporter's consent`,
    updatedAt: new Date(now).toISOString(),
  };
  return [
    db
      .update(tickets)
      .set({
        partnerId: next.partnerId,
        status: next.status,
        routingRule: next.routingRule,
        routingReason: next.routingReason,
        updatedAt: next.updatedAt,
      })
      .where(eq(tickets.id, ticket.id)) as unknown as Statement,
    ...notifyStatements(db, directory, next, 'ticket.referred'),
  ];
}

export interface ThreadMessage {
  author: 'reporter' | 'staff' | 'system';
  body: string;
  channel: string;
  createdAt: string;
  staffName: string | null;
  delivery: 'pending' | 'mailbox' | 'sent' | 'failed' | null;
}

/** The case thread, decrypted: only for staff allowed to see the case (the caller checks). */
export async function threadOf(db: Db, keys: Keys, ticketId: string): Promise<ThreadMessage[]> {
  const rows = await db
    .select({
      author: ticketMessages.author,
      bodyEnc: ticketMessages.bodyEnc,
      channel: ticketMessages.channel,
      createdAt: ticketMessages.createdAt,
      staffName: staff.displayName,
      delivery: outbox.status,
      outboxId: ticketMessages.outboxId,
    })
    .from(ticketMessages)
    .leftJoin(staff, eq(staff.id, ticketMessages.staffId))
    .leftJoin(outbox, eq(outbox.id, ticketMessages.outboxId))
    .where(eq(ticketMessages.ticketId, ticketId))
    .orderBy(asc(ticketMessages.id));
  return Promise.all(
    rows.map(async (r) => ({
      author: r.author,
      body: await decrypt(keys, r.bodyEnc, messageContext(ticketId)),
      channel: r.channel,
      createdAt: r.createdAt,
      staffName: r.staffName,
      // Retention removes an outbox row only once it was sent (src/privacy/retention.ts).
      delivery: r.author === 'staff' ? (r.delivery ?? (r.outboxId ? 'sent' : 'pending')) : null,
    })),
  );
}

export async function notesOf(
  db: Db,
  keys: Keys,
  ticketId: string,
): Promise<{ body: string; createdAt: string; staffName: string }[]> {
  const rows = await db
    .select({
      bodyEnc: ticketNotes.bodyEnc,
      createdAt: ticketNotes.createdAt,
      name: staff.displayName,
    })
    .from(ticketNotes)
    .leftJoin(staff, eq(staff.id, ticketNotes.staffId))
    .where(eq(ticketNotes.ticketId, ticketId))
    .orderBy(asc(ticketNotes.id));
  return Promise.all(
    rows.map(async (r) => ({
      body: await decrypt(keys, r.bodyEnc, noteContext(ticketId)),
      createdAt: r.createdAt,
      staffName: r.name ?? '–',
    })),
  );
}

/** Whether the reporter can still be reached (not erased, a conversation to answer in). */
export const canReply = (ticket: TicketRow) => ticket.conversationId !== null;

export const isStatus = (s: string): s is Status => (STATUSES as readonly string[]).includes(s);
