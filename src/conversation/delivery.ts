import { and, asc, eq, inArray, lte } from 'drizzle-orm';
import type { OutboundMessage, SendResult } from '../channels/types';
import { decrypt, encrypt } from '../crypto/keys';
import { conversations, outbox } from '../db/schema';
import type { Statement } from '../db/types';
import type { HostDeps } from './deps';
import { errorCode } from '../log';
import { pack } from './pack';
import { outboxContext, userContext } from './process';

type OutboxRow = typeof outbox.$inferSelect;

const backoff = (attempts: number, result: SendResult): number =>
  (!result.ok && result.retryAfterMs) ||
  Math.min(500 * 2 ** attempts, 8000) + Math.floor(Math.random() * 200);

/**
 * Send what is due, oldest first and one row per conversation at a time, so a reporter's
 * messages never overtake each other. Follows "Delivery on LINE" of the contract: the reply
 * token while it is fresh, otherwise a push only where the reporter allowed it, otherwise the
 * mailbox, which goes out with the reply to their next event.
 */
export async function deliverDue(deps: HostDeps): Promise<number> {
  const due = await dueRows(deps);
  await Promise.all(due.map((row) => deliverRow(deps, row)));
  return due.length;
}

export type { OutboxRow };

/** The oldest pending row of each conversation, when its time has come. */
export async function dueRows(deps: HostDeps): Promise<OutboxRow[]> {
  const pending = await deps.database.db
    .select()
    .from(outbox)
    .where(eq(outbox.status, 'pending'))
    .orderBy(asc(outbox.id))
    .limit(500);
  const heads = new Map<string, OutboxRow>();
  for (const row of pending) if (!heads.has(row.conversationId)) heads.set(row.conversationId, row);
  return [...heads.values()].filter((r) => r.nextAttemptAt <= deps.now());
}

/** One row: never throws, a failure is logged with its code and the row retried later. */
export async function deliverRow(deps: HostDeps, row: OutboxRow): Promise<void> {
  try {
    await deliverOne(deps, row);
  } catch (err) {
    deps.log.error('delivery failed', { outbox: row.id, code: errorCode(err) });
  }
}

async function deliverOne(deps: HostDeps, row: OutboxRow): Promise<void> {
  const { database, keys } = deps;
  const { db } = database;
  const sender = deps.senders[row.channel as keyof HostDeps['senders']];
  const ctx = outboxContext(row.conversationId);
  const nowIso = () => new Date(deps.now()).toISOString();
  // Once LINE calls a reply token spent, it is never tried again for this row.
  let forgetToken = false;
  const tokenFields = () => (forgetToken ? { replyTokenEnc: null, replyUntil: null } : {});
  const finish = async (
    status: OutboxRow['status'],
    via: string | null,
    errorCode: string | null,
    mailboxIds: number[] = [],
  ) => {
    const s: Statement[] = [
      db
        .update(outbox)
        .set({
          status,
          via,
          errorCode,
          sentAt: status === 'sent' ? nowIso() : null,
          attempts: row.attempts + 1,
          ...tokenFields(),
        })
        .where(eq(outbox.id, row.id)) as unknown as Statement,
    ];
    if (mailboxIds.length)
      s.push(
        db
          .update(outbox)
          .set({ status: 'sent', via, sentAt: nowIso() })
          .where(
            and(inArray(outbox.id, mailboxIds), eq(outbox.status, 'mailbox')),
          ) as unknown as Statement,
      );
    await database.commit(s);
  };
  const retryLater = async (result: SendResult, until?: number) => {
    let next = deps.now() + backoff(row.attempts, result);
    if (until !== undefined) next = Math.min(next, until);
    await db
      .update(outbox)
      .set({
        attempts: row.attempts + 1,
        nextAttemptAt: next,
        errorCode: result.ok ? null : result.code,
        ...tokenFields(),
      })
      .where(eq(outbox.id, row.id));
    deps.log.warn('delivery will be retried', {
      outbox: row.id,
      code: result.ok ? null : result.code,
      attempt: row.attempts + 1,
    });
  };

  const keepUndelivered = async (
    packed: { messages: OutboundMessage[]; mailboxIds: number[] },
    delivered: number,
  ) => {
    await database.commit([
      db
        .update(outbox)
        .set({
          messagesEnc: await encrypt(keys, JSON.stringify(packed.messages.slice(delivered)), ctx),
        })
        .where(eq(outbox.id, row.id)) as unknown as Statement,
      ...(packed.mailboxIds.length
        ? [
            db
              .update(outbox)
              .set({ status: 'sent', via: 'push', sentAt: nowIso() })
              .where(
                and(inArray(outbox.id, packed.mailboxIds), eq(outbox.status, 'mailbox')),
              ) as unknown as Statement,
          ]
        : []),
    ]);
  };

  // The web chat reads its messages from the outbox itself.
  if (row.channel === 'web') return finish('sent', 'web', null);
  if (!sender) return finish('failed', null, 'channel_disabled');

  const convo = (
    await db.select().from(conversations).where(eq(conversations.id, row.conversationId)).limit(1)
  )[0];
  if (!convo) return finish('failed', null, 'no_conversation');
  const messages = JSON.parse(await decrypt(keys, row.messagesEnc, ctx)) as OutboundMessage[];
  const mailboxRows = await db
    .select()
    .from(outbox)
    .where(
      and(
        eq(outbox.conversationId, row.conversationId),
        eq(outbox.status, 'mailbox'),
        lte(outbox.id, row.id),
      ),
    )
    .orderBy(asc(outbox.id));
  const mailbox = await Promise.all(
    mailboxRows.map(async (m) => ({
      id: m.id,
      messages: JSON.parse(await decrypt(keys, m.messagesEnc, ctx)) as OutboundMessage[],
    })),
  );

  if (row.replyTokenEnc && row.replyUntil !== null && deps.now() < row.replyUntil) {
    const packed = pack(messages, mailbox, sender.maxMessages);
    if (!packed) return finish('failed', null, 'too_many_messages');
    const result = await sender.reply(await decrypt(keys, row.replyTokenEnc, ctx), packed.messages);
    if (result.ok) {
      deps.log.info('replied', {
        outbox: row.id,
        messages: packed.messages.length,
        mailbox: packed.mailboxIds.length,
      });
      return finish('sent', 'reply', null, packed.mailboxIds);
    }
    if (result.retryable && deps.now() + 100 < row.replyUntil)
      return retryLater(result, row.replyUntil);
    if (!result.retryable && !result.tokenSpent) {
      deps.log.error('reply refused', { outbox: row.id, code: result.code });
      return finish('failed', null, result.code);
    }
    // The token is spent or about to expire: fall through to push or mailbox.
    forgetToken = true;
  }

  // Each platform's own rules: LINE pushes only with consent; Messenger counts its windows.
  const mode = sender.pushMode({
    answer: row.inboxId !== null,
    consented: convo.notify && convo.followed && !convo.safeMode,
    sinceInboundMs: convo.lastInboundAt === null ? null : deps.now() - convo.lastInboundAt,
  });
  if (!mode) {
    deps.log.info('kept in mailbox', { outbox: row.id });
    return finish('mailbox', null, null);
  }
  const userId = await decrypt(keys, convo.userEnc, userContext(convo.id));
  // A staff answer is never pushed as written: only its neutral notice, once until they write.
  const notice = messages.find((m) => m.notice)?.notice;
  if (notice) {
    if (mailboxRows.some((m) => m.via === 'notice')) return finish('mailbox', 'notice', null);
    const result = await sender.push(userId, [{ text: notice }], row.retryKey, mode);
    if (result.ok) {
      deps.log.info('notice pushed', { outbox: row.id, mode });
      return finish('mailbox', 'notice', null);
    }
    if (result.windowClosed) return finish('mailbox', null, null);
    if (result.retryable) return retryLater(result);
    deps.log.error('push refused', { outbox: row.id, code: result.code });
    return finish('failed', null, result.code);
  }
  const packed = pack(messages, mailbox, sender.maxMessages);
  if (!packed) return finish('failed', null, 'too_many_messages');
  // The same X-Line-Retry-Key on every attempt: LINE drops a duplicate it already accepted.
  const result = await sender.push(userId, packed.messages, row.retryKey, mode);
  if (result.ok) {
    deps.log.info('pushed', { outbox: row.id, messages: packed.messages.length, mode });
    return finish('sent', mode === 'push' ? 'push' : mode, null, packed.mailboxIds);
  }
  // Sent one by one (Messenger): what did arrive is never sent again, the rest stays in this row.
  if (result.delivered) await keepUndelivered(packed, result.delivered);
  if (result.windowClosed) {
    deps.log.info('kept in mailbox', { outbox: row.id, code: result.code });
    return finish('mailbox', null, null);
  }
  if (result.retryable) return retryLater(result);
  deps.log.error('push refused', { outbox: row.id, code: result.code });
  return finish('failed', null, result.code);
}
