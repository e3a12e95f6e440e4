import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type * as schema from './schema';

/** A drizzle database over either driver; every query is awaited, so D1 runs the same code. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Db = BaseSQLiteDatabase<'sync' | 'async', any, typeof schema>;

/** A query built but not yet run, for `commit`. */
export interface Statement {
  run(): unknown;
}

/** One inbound event as the webhook stores it (already encrypted and pseudonymised). */
export interface InboxInput {
  channel: string;
  eventId: string;
  conversationId: string;
  eventEnc: string;
}

export interface Database {
  db: Db;
  /**
   * Run statements atomically: all or none. Neither driver gives an async transaction
   * (better-sqlite3's is synchronous, D1 has only batch), so services build statements first.
   */
  commit(statements: Statement[]): Promise<void>;
  /**
   * The webhook's hot path: append events to the inbox in one transaction, ignoring event ids
   * already there (redeliveries). A driver primitive so each can use its fastest statement.
   */
  appendInbox(rows: InboxInput[]): Promise<void>;
  ping(): Promise<boolean>;
  close(): void;
}
