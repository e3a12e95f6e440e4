import { and, desc, eq, gt, lt } from 'drizzle-orm';
import { sha256Hex } from '../crypto/keys';
import { loginFailures } from '../db/schema';
import type { Database, Db, Statement } from '../db/types';

/** Failed logins counted over 15 minutes: 5 per email (guessing one password), 20 per address. */
export const FAILURE_WINDOW_MS = 15 * 60_000;
export const EMAIL_FAILURE_LIMIT = 5;
export const IP_FAILURE_LIMIT = 20;

export interface ThrottleKeys {
  email: string;
  ip: string;
}

/** The email is hashed: the table of failures should not become a list of who was targeted. */
export const throttleKeys = async (email: string, ip: string): Promise<ThrottleKeys> => ({
  email: `email:${await sha256Hex(email)}`,
  ip: `ip:${ip}`,
});

/**
 * Seconds until a key is below its limit again, given the time of its limit-th most recent
 * failure in the window (null: fewer failures than the limit, so not limited).
 */
export function retryAfterSeconds(limitthRecentAt: number | null, now: number): number | null {
  if (limitthRecentAt === null) return null;
  return Math.max(1, Math.ceil((limitthRecentAt + FAILURE_WINDOW_MS - now) / 1000));
}

async function limitthRecent(
  database: Database,
  key: string,
  limit: number,
  now: number,
): Promise<number | null> {
  const row = (
    await database.db
      .select({ at: loginFailures.at })
      .from(loginFailures)
      .where(and(eq(loginFailures.key, key), gt(loginFailures.at, now - FAILURE_WINDOW_MS)))
      .orderBy(desc(loginFailures.at))
      .limit(1)
      .offset(limit - 1)
  )[0];
  return row?.at ?? null;
}

/** How long this email or address must wait, or null when it may try. */
export async function throttled(
  database: Database,
  keys: ThrottleKeys,
  now: number,
): Promise<number | null> {
  const [byEmail, byIp] = await Promise.all([
    limitthRecent(database, keys.email, EMAIL_FAILURE_LIMIT, now),
    limitthRecent(database, keys.ip, IP_FAILURE_LIMIT, now),
  ]);
  const waits = [retryAfterSeconds(byEmail, now), retryAfterSeconds(byIp, now)].filter(
    (s): s is number => s !== null,
  );
  return waits.length ? Math.max(...waits) : null;
}

/** One failure for both keys; old rows of every key go at the same time so the table stays small. */
export const failureStatements = (db: Db, keys: ThrottleKeys, now: number): Statement[] => [
  db
    .delete(loginFailures)
    .where(lt(loginFailures.at, now - FAILURE_WINDOW_MS)) as unknown as Statement,
  db.insert(loginFailures).values([
    { key: keys.email, at: now },
    { key: keys.ip, at: now },
  ]) as unknown as Statement,
];

/** A success forgives the email's failures, not the address's: one good login must not reopen guessing from that address. */
export const clearEmailFailures = (db: Db, keys: ThrottleKeys): Statement =>
  db.delete(loginFailures).where(eq(loginFailures.key, keys.email)) as unknown as Statement;
