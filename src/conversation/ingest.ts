import { and, asc, eq, gt } from 'drizzle-orm';
import type { ChannelId, InboundEvent, OutboundMessage } from '../channels/types';
import { decrypt, encrypt, pseudonymOf, type Keys } from '../crypto/keys';
import { outbox } from '../db/schema';
import type { Database, InboxInput } from '../db/types';
import { inboxContext, outboxContext } from './process';

/** After the I/O already waiting (setImmediate on Node; a zero timeout elsewhere). */
const nextTurn = (f: () => void) =>
  typeof setImmediate === 'function' ? setImmediate(f) : setTimeout(f, 0);

/**
 * Persists events before the webhook answers: a redelivered event id is a no-op. Requests that
 * arrive together are written in one transaction (group commit): each still waits for its own
 * rows to be durable, but a busy server pays for one commit per burst, not one per request.
 */
export function createInboxWriter(database: Database, keys: Keys) {
  type Waiting = { rows: InboxInput[]; resolve: () => void; reject: (err: unknown) => void };
  let queue: Waiting[] = [];
  let running = false;

  // One flush at a time: what arrives while a batch is written (or waits for the write lock)
  // goes into the next batch.
  const flush = async () => {
    try {
      while (queue.length) {
        const batch = queue;
        queue = [];
        const rows: InboxInput[] = [];
        for (const b of batch) for (const r of b.rows) rows.push(r);
        try {
          await database.appendInbox(rows);
          for (const b of batch) b.resolve();
        } catch (err) {
          for (const b of batch) b.reject(err);
        }
      }
    } finally {
      running = false;
    }
  };

  const row = async (e: InboundEvent): Promise<InboxInput> => {
    const conversationId = await pseudonymOf(keys, e.channel, e.userId);
    // An event without a platform id (an old-style Messenger postback): a keyed one, so a
    // redelivery still dedupes and the id says nothing about who sent it.
    if (!e.eventId)
      e.eventId = `derived-${(await keys.hmacHex(`event:${conversationId}:${e.timestamp}:${JSON.stringify(e.payload)}`)).slice(0, 32)}`;
    return {
      channel: e.channel,
      eventId: e.eventId,
      conversationId,
      eventEnc: await encrypt(keys, JSON.stringify(e), inboxContext),
    };
  };

  return async function store(events: InboundEvent[]): Promise<void> {
    if (!events.length) return;
    const rows = events.length === 1 ? [await row(events[0]!)] : await Promise.all(events.map(row));
    await new Promise<void>((resolve, reject) => {
      queue.push({ rows, resolve, reject });
      if (!running) {
        running = true;
        nextTurn(() => void flush());
      }
    });
  };
}

/** Messages sent to a web-chat visitor after a given outbox id, for the page to show. */
export async function webMessages(
  database: Database,
  keys: Keys,
  channel: ChannelId,
  userId: string,
  after: number,
): Promise<{ id: number; messages: OutboundMessage[] }[]> {
  const conversationId = await pseudonymOf(keys, channel, userId);
  const rows = await database.db
    .select()
    .from(outbox)
    .where(
      and(
        eq(outbox.conversationId, conversationId),
        eq(outbox.status, 'sent'),
        gt(outbox.id, after),
      ),
    )
    .orderBy(asc(outbox.id))
    .limit(50);
  return Promise.all(
    rows.map(async (r) => ({
      id: r.id,
      messages: JSON.parse(
        await decrypt(keys, r.messagesEnc, outboxContext(conversationId)),
      ) as OutboundMessage[],
    })),
  );
}
