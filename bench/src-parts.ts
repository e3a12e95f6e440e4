import type { InboundEvent } from '../src/channels/types';
import * as ingestModule from '../src/conversation/ingest';
import * as keysModule from '../src/crypto/keys';
import type { Database } from '../src/db/types';

/**
 * The few parts of src/ the cost breakdown composes that are being reworked (keys, the inbox
 * writer), looked up by what the current code exports, so the benchmark keeps compiling and
 * running across the change. Each lookup mirrors what src/entry/server.ts does.
 */

type Keys = keysModule.Keys;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, ((...args: any[]) => any) | undefined>;

export const WEB_CRYPTO = 'Web Crypto';

/** The keys the server uses: node:crypto ones where src/crypto/node-keys.ts exists. */
export async function serverKeys(secret: string): Promise<{ keys: Keys; kind: string }> {
  try {
    const path = new URL('../src/crypto/node-keys.ts', import.meta.url).href;
    const nodeKeys = ((await import(path)) as Loose).nodeKeys;
    if (nodeKeys) return { keys: nodeKeys(secret) as Keys, kind: 'node:crypto' };
  } catch {
    // not in this version
  }
  return { keys: await keysModule.deriveKeys(secret), kind: WEB_CRYPTO };
}

/** What the webhook's ingest awaits: the inbox writer (group commit) or storeEvents. */
export function inboxWriter(
  database: Database,
  keys: Keys,
): (events: InboundEvent[]) => Promise<void> {
  const m = ingestModule as unknown as Loose;
  if (m.createInboxWriter) return m.createInboxWriter(database, keys);
  const store = m.storeEvents;
  if (store) return (events) => store(database, keys, events);
  throw new Error('src/conversation/ingest.ts exports neither createInboxWriter nor storeEvents');
}
