import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import BetterSqlite3 from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';
import type { Database, Db, InboxInput, Statement } from './types';

/** How long a write waits for another connection's transaction (busy_timeout) before failing. */
const BUSY_TIMEOUT_MS = 5000;

function configure(sqlite: BetterSqlite3.Database, busyTimeoutMs: number) {
  sqlite.pragma('journal_mode = WAL');
  // Deleted rows are overwritten, so erased reports leave no readable trace in the file.
  sqlite.pragma('secure_delete = ON');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${busyTimeoutMs}`);
  sqlite.pragma('synchronous = NORMAL');
}

const isBusy = (err: unknown) =>
  err instanceof Error &&
  'code' in err &&
  typeof err.code === 'string' &&
  err.code.startsWith('SQLITE_BUSY');

/** The embedded default: one SQLite file, WAL, secure_delete, migrations applied on open. */
export function openSqlite(path: string, migrationsFolder: string): Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new BetterSqlite3(path);
  configure(sqlite, BUSY_TIMEOUT_MS);
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder });

  // The inbox writer (the webhook's hot path) has a connection of its own, on a file. The other
  // connections' commits (the conversation worker's, on its thread) take the same write lock,
  // and better-sqlite3 is synchronous: with busy_timeout, SQLite would sleep on the webhook's
  // event loop until the lock is free, and every request in flight would wait with it. This
  // connection never sleeps (busy_timeout 0, BEGIN IMMEDIATE takes the lock before any work);
  // a busy lock is waited for on a timer instead, while requests go on arriving and join the
  // next batch. Nor does it checkpoint the WAL (fsyncs of the whole log): the connections that
  // run the worker's commits do that, as SQLite does by default.
  const writer =
    path === ':memory:'
      ? sqlite
      : (() => {
          const w = new BetterSqlite3(path);
          configure(w, 0);
          w.pragma('wal_autocheckpoint = 0');
          return w;
        })();
  // Prepared once: building and preparing a query per request costs more than running it. The
  // columns left out take their defaults (status pending, no attempts, received now).
  const insertInbox = writer.prepare(
    'insert into inbox (channel, event_id, conversation_id, event_enc) values (?, ?, ?, ?) on conflict do nothing',
  );
  const appendInbox = writer.transaction((rows: InboxInput[]) => {
    for (const r of rows) insertInbox.run(r.channel, r.eventId, r.conversationId, r.eventEnc);
  });
  const transaction = sqlite.transaction((statements: Statement[]) => {
    for (const s of statements) s.run();
  });
  return {
    db: db as unknown as Db,
    async commit(statements) {
      // Queries are built and prepared before the transaction, so the write lock is held for the
      // writes alone (the webhook's inbox writer waits for it).
      transaction(
        statements.map((s) => {
          const p = (s as { prepare?: () => Statement }).prepare;
          if (typeof p !== 'function') return s;
          try {
            return p.call(s);
          } catch {
            return s; // it fails again inside the transaction, which rolls back
          }
        }),
      );
    },
    async appendInbox(rows) {
      if (writer === sqlite) return appendInbox.immediate(rows);
      const deadline = Date.now() + BUSY_TIMEOUT_MS;
      for (let wait = 1; ; wait = Math.min(2 * wait, 16)) {
        try {
          return appendInbox.immediate(rows);
        } catch (err) {
          if (!isBusy(err) || Date.now() > deadline) throw err;
        }
        await sleep(wait);
      }
    },
    async ping() {
      try {
        return sqlite.prepare('select 1 as ok').get() !== undefined;
      } catch {
        return false;
      }
    },
    close: () => {
      if (writer !== sqlite) writer.close();
      sqlite.close();
    },
  };
}
