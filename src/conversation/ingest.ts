import { and, asc, eq, gt } from 'drizzle-orm';
import type { ChannelId, InboundEvent, OutboundMessage } from '../channels/types';
import { decrypt, encrypt, pseudonymOf, type Keys } from '../crypto/keys';
import { inbox, outbox } from '../db/schema';
import type { Database, Statement } from '../db/types';
import { inboxContext, outboxContext } from './process';

/** Persist events before the webhook answers: one atomic write; a redelivered event id is a no-op. */
export async function storeEvents(
  database: Database,
  keys: Keys,
  events: InboundEvent[],
): Promise<void> {
  if (!events.length) return;
  const { db } = database;
  const rows = await Promise.all(
    events.map(async (e) => ({
      channel: e.channel,
      eventId: e.eventId,
      conversationId: await pseudonymOf(keys, e.channel, e.userId),
      eventEnc: await encrypt(keys, JSON.stringify(e), inboxContext),
    })),
  );
  await database.commit(
    rows.map((r) => db.insert(inbox).values(r).onConflictDoNothing() as unknown as Statement),
  );
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
