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
  let queue: { rows: InboxInput[]; done: (err?: unknown) => void }[] = [];
  let scheduled = false;

  const flush = async () => {
    const batch = queue;
    queue = [];
    scheduled = false;
    try {
      await database.appendInbox(batch.flatMap((b) => b.rows));
      for (const b of batch) b.done();
    } catch (err) {
      for (const b of batch) b.done(err);
    }
  };

  return async function store(events: InboundEvent[]): Promise<void> {
    if (!events.length) return;
    const rows = await Promise.all(
      events.map(async (e) => {
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
      }),
    );
    await new Promise<void>((resolve, reject) => {
      queue.push({ rows, done: (err) => (err ? reject(err) : resolve()) });
      if (!scheduled) {
        scheduled = true;
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
