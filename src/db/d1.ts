import type { D1Database } from '@cloudflare/workers-types';
import type { BatchItem } from 'drizzle-orm/batch';
import { drizzle } from 'drizzle-orm/d1';
import * as schema from './schema';
import type { Database, Db, InboxInput } from './types';

/** D1 refuses a statement with more bound parameters than this. */
export const D1_MAX_PARAMS = 100;

type Batch = [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]];

/**
 * Cloudflare D1 (https://developers.cloudflare.com/d1/): no interactive transactions, so a unit of
 * work is one `batch`, which D1 runs atomically. Migrations are applied by
 * `wrangler d1 migrations apply` (migrations_dir in wrangler.toml), not here.
 */
export function openD1(binding: D1Database): Database {
  const db = drizzle(binding as never, { schema });
  const insertInbox = (rows: InboxInput[]) =>
    db.insert(schema.inbox).values(rows).onConflictDoNothing();
  // The inbox row's columns with a default are bound too: count them once, from a real statement.
  const probe: InboxInput = { channel: '', eventId: '', conversationId: '', eventEnc: '' };
  const paramsPerRow = insertInbox([probe]).toSQL().params.length;
  const rowsPerStatement = Math.max(1, Math.floor(D1_MAX_PARAMS / paramsPerRow));

  const batch = async (items: BatchItem<'sqlite'>[]) => {
    if (items.length) await db.batch(items as Batch);
  };
  return {
    db: db as unknown as Db,
    // Statements are drizzle queries built but not awaited: exactly what `batch` takes.
    commit: (statements) => batch(statements as unknown as BatchItem<'sqlite'>[]),
    async appendInbox(rows) {
      const items: BatchItem<'sqlite'>[] = [];
      for (let i = 0; i < rows.length; i += rowsPerStatement)
        items.push(insertInbox(rows.slice(i, i + rowsPerStatement)));
      await batch(items);
    },
    async ping() {
      try {
        return (await binding.prepare('select 1 as ok').first('ok')) === 1;
      } catch {
        return false;
      }
    },
    close: () => undefined,
  };
}
