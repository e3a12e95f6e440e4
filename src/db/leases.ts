import { and, eq, sql } from 'drizzle-orm';
import { leases } from './schema';
import type { Db } from './types';

/**
 * A named lease in the database, taken and renewed with one statement (an upsert that only
 * overwrites an expired lease or the holder's own), so it works on D1, which has no interactive
 * transactions. Whoever holds it until `until` is the only one working that queue.
 */
export async function takeLease(
  db: Db,
  name: string,
  holder: string,
  ttlMs: number,
  now = Date.now(),
): Promise<boolean> {
  const rows = await db
    .insert(leases)
    .values({ name, holder, until: now + ttlMs })
    .onConflictDoUpdate({
      target: leases.name,
      set: { holder: sql`excluded.holder`, until: sql`excluded.until` },
      setWhere: sql`${leases.until} <= ${now} or ${leases.holder} = excluded.holder`,
    })
    .returning({ holder: leases.holder });
  return rows[0]?.holder === holder;
}

export async function releaseLease(db: Db, name: string, holder: string): Promise<void> {
  await db.delete(leases).where(and(eq(leases.name, name), eq(leases.holder, holder)));
}
