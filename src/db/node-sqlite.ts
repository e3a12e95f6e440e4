import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';
import type { Database, Db, InboxInput } from './types';

/** The embedded default: one SQLite file, WAL, secure_delete, migrations applied on open. */
export function openSqlite(path: string, migrationsFolder: string): Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new BetterSqlite3(path);
  sqlite.pragma('journal_mode = WAL');
  // Deleted rows are overwritten, so erased reports leave no readable trace in the file.
  sqlite.pragma('secure_delete = ON');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder });
  // Prepared once: building and preparing a query per request costs more than running it.
  const insertInbox = db
    .insert(schema.inbox)
    .values({
      channel: sql.placeholder('channel'),
      eventId: sql.placeholder('eventId'),
      conversationId: sql.placeholder('conversationId'),
      eventEnc: sql.placeholder('eventEnc'),
    })
    .onConflictDoNothing()
    .prepare();
  const appendInbox = sqlite.transaction((rows: InboxInput[]) => {
    for (const row of rows) insertInbox.run({ ...row });
  });
  return {
    db: db as unknown as Db,
    async commit(statements) {
      sqlite.transaction(() => {
        for (const s of statements) s.run();
      })();
    },
    async appendInbox(rows) {
      appendInbox(rows);
    },
    async ping() {
      try {
        return sqlite.prepare('select 1 as ok').get() !== undefined;
      } catch {
        return false;
      }
    },
    close: () => sqlite.close(),
  };
}
