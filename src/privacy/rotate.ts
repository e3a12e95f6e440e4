import { eq, like } from 'drizzle-orm';
import type { InboundEvent } from '../channels/types';
import { inboxContext, outboxContext, stateContext, userContext } from '../conversation/contexts';
import type { Keys } from '../crypto/keys';
import {
  conversations,
  inbox,
  loginFailures,
  outbox,
  staff,
  ticketMessages,
  ticketNotes,
  tickets,
} from '../db/schema';
import type { Database, Statement } from '../db/types';
import { totpContext } from '../accounts/login';
import { noteContext } from '../tickets/staff-actions';
import { messageContext } from '../tickets/store';

/**
 * A new master secret for an existing database: everything sealed with the old data key is
 * opened and sealed again with the new one, and every pseudonym (the HMAC of a platform id) is
 * derived again, with every row that refers to it. All in one commit: a failure changes nothing.
 * Run it with the server stopped: a running server still holds the old keys.
 */

export interface RotationReport {
  conversations: number;
  events: number;
  messages: number;
  threadMessages: number;
  notes: number;
  totpSecrets: number;
}

export async function rotateSecret(
  database: Database,
  from: Keys,
  to: Keys,
): Promise<RotationReport> {
  const { db } = database;
  const statements: Statement[] = [];
  const push = (...s: unknown[]) => statements.push(...(s as Statement[]));
  const report: RotationReport = {
    conversations: 0,
    events: 0,
    messages: 0,
    threadMessages: 0,
    notes: 0,
    totpSecrets: 0,
  };
  const reseal = async (sealed: string, context: string, newContext = context) =>
    to.seal(await from.open(sealed, context), newContext);

  // Pseudonyms first: every other table is re-keyed by this map.
  const renamed = new Map<string, string>();
  for (const c of await db.select().from(conversations)) {
    const userId = await from.open(c.userEnc, userContext(c.id));
    const id = await to.hmacHex(`${c.channel}:${userId}`);
    renamed.set(c.id, id);
    push(
      db
        .update(conversations)
        .set({
          id,
          userEnc: await to.seal(userId, userContext(id)),
          stateEnc: await reseal(c.stateEnc, stateContext(c.id), stateContext(id)),
        })
        .where(eq(conversations.id, c.id)),
    );
    report.conversations++;
  }

  for (const row of await db.select().from(inbox)) {
    let conversationId = renamed.get(row.conversationId);
    let eventEnc = row.eventEnc;
    if (eventEnc) {
      const event = JSON.parse(await from.open(eventEnc, inboxContext)) as InboundEvent;
      // An event not yet processed may come before its conversation exists.
      conversationId ??= await to.hmacHex(`${event.channel}:${event.userId}`);
      eventEnc = await to.seal(JSON.stringify(event), inboxContext);
      report.events++;
    }
    // A processed event of a conversation that is gone keeps only its id, for dedupe.
    push(
      db
        .update(inbox)
        .set({ eventEnc, conversationId: conversationId ?? 'gone' })
        .where(eq(inbox.id, row.id)),
    );
  }

  for (const row of await db.select().from(outbox)) {
    const conversationId = renamed.get(row.conversationId);
    if (!conversationId) {
      // No conversation to deliver to any more: nothing can ever open it again.
      push(db.delete(outbox).where(eq(outbox.id, row.id)));
      continue;
    }
    const [from_, to_] = [outboxContext(row.conversationId), outboxContext(conversationId)];
    push(
      db
        .update(outbox)
        .set({
          conversationId,
          messagesEnc: await reseal(row.messagesEnc, from_, to_),
          replyTokenEnc: row.replyTokenEnc ? await reseal(row.replyTokenEnc, from_, to_) : null,
        })
        .where(eq(outbox.id, row.id)),
    );
    report.messages++;
  }

  for (const t of await db
    .select({ id: tickets.id, conversationId: tickets.conversationId })
    .from(tickets)) {
    if (t.conversationId === null) continue;
    push(
      db
        .update(tickets)
        .set({ conversationId: renamed.get(t.conversationId) ?? null })
        .where(eq(tickets.id, t.id)),
    );
  }

  for (const m of await db.select().from(ticketMessages)) {
    push(
      db
        .update(ticketMessages)
        .set({ bodyEnc: await reseal(m.bodyEnc, messageContext(m.ticketId)) })
        .where(eq(ticketMessages.id, m.id)),
    );
    report.threadMessages++;
  }
  for (const n of await db.select().from(ticketNotes)) {
    push(
      db
        .update(ticketNotes)
        .set({ bodyEnc: await reseal(n.bodyEnc, noteContext(n.ticketId)) })
        .where(eq(ticketNotes.id, n.id)),
    );
    report.notes++;
  }
  for (const s of await db.select({ id: staff.id, enc: staff.totpSecretEnc }).from(staff)) {
    if (!s.enc) continue;
    push(
      db
        .update(staff)
        .set({ totpSecretEnc: await reseal(s.enc, totpContext(s.id)) })
        .where(eq(staff.id, s.id)),
    );
    report.totpSecrets++;
  }
  // Wrong tries at resuming a case are counted per pseudonym: those no longer exist.
  push(db.delete(loginFailures).where(like(loginFailures.key, 'resume:conversation:%')));

  await database.commit(statements);
  return report;
}
