import { eq, lte, or } from 'drizzle-orm';
import { sha256Hex } from '../crypto/keys';
import { organisations, staff, staffSessions } from '../db/schema';
import type { Database, Db, Statement } from '../db/types';
import { auditStatement } from './audit';
import { toOrganisation, toStaff } from './rows';
import type { Organisation, Staff } from './types';

/** Idle sessions end after 2 h, every session after 12 h (a working day). */
export const SESSION_IDLE_MS = 2 * 60 * 60_000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60_000;
/** last_seen_at is written at most once a minute: a page load should not always cost a write. */
const TOUCH_EVERY_MS = 60_000;

export type StaffSession = typeof staffSessions.$inferSelect;

export interface NewSession {
  /** For the cookie; only its SHA-256 is stored. */
  token: string;
  csrfToken: string;
  /** The absolute end (ms): the cookie's lifetime. */
  expiresAt: number;
}

export interface SessionContext {
  staff: Staff;
  /** null for a platform admin. */
  organisation: Organisation | null;
  session: StaffSession;
}

const randomToken = (): string =>
  Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');

/** Whether a stored session is still alive at `now` (pure). */
export const sessionAlive = (s: StaffSession, now: number): boolean =>
  now < s.expiresAt && now - s.lastSeenAt < SESSION_IDLE_MS;

/** A session's statements, for committing with others (login commits it with its audit row). */
export async function sessionStatements(
  db: Db,
  staffId: string,
  now: number,
): Promise<{ session: NewSession; statements: Statement[] }> {
  const session = {
    token: randomToken(),
    csrfToken: randomToken(),
    expiresAt: now + SESSION_ABSOLUTE_MS,
  };
  const statements = [
    // Dead sessions of anyone go here, so the table holds only live ones and a few stragglers.
    db
      .delete(staffSessions)
      .where(
        or(lte(staffSessions.expiresAt, now), lte(staffSessions.lastSeenAt, now - SESSION_IDLE_MS)),
      ) as unknown as Statement,
    db.insert(staffSessions).values({
      id: await sha256Hex(session.token),
      staffId,
      csrfToken: session.csrfToken,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: session.expiresAt,
    }) as unknown as Statement,
  ];
  return { session, statements };
}

export async function createSession(
  database: Database,
  staffId: string,
  now: number,
): Promise<NewSession> {
  const { session, statements } = await sessionStatements(database.db, staffId, now);
  await database.commit(statements);
  return session;
}

/** Who holds this token, or null when it is unknown, expired, or its account is disabled. */
export async function sessionFor(
  database: Database,
  token: string,
  now: number,
): Promise<SessionContext | null> {
  if (!token) return null;
  const id = await sha256Hex(token);
  const row = (
    await database.db
      .select({ session: staffSessions, staff, organisation: organisations })
      .from(staffSessions)
      .innerJoin(staff, eq(staff.id, staffSessions.staffId))
      .leftJoin(organisations, eq(organisations.id, staff.orgId))
      .where(eq(staffSessions.id, id))
      .limit(1)
  )[0];
  if (!row || row.staff.disabledAt !== null) return null;
  if (!sessionAlive(row.session, now)) {
    await database.db.delete(staffSessions).where(eq(staffSessions.id, id));
    return null;
  }
  let session = row.session;
  if (now - session.lastSeenAt >= TOUCH_EVERY_MS) {
    await database.db
      .update(staffSessions)
      .set({ lastSeenAt: now })
      .where(eq(staffSessions.id, id));
    session = { ...session, lastSeenAt: now };
  }
  return {
    staff: toStaff(row.staff),
    organisation: row.organisation ? toOrganisation(row.organisation) : null,
    session,
  };
}

/** Logout: the session is gone and the audit log says so. False when there was none. */
export async function endSession(database: Database, token: string, now: number): Promise<boolean> {
  const id = await sha256Hex(token);
  const row = (
    await database.db
      .select({ staffId: staff.id, orgId: staff.orgId })
      .from(staffSessions)
      .innerJoin(staff, eq(staff.id, staffSessions.staffId))
      .where(eq(staffSessions.id, id))
      .limit(1)
  )[0];
  if (!row) return false;
  await database.commit([
    database.db.delete(staffSessions).where(eq(staffSessions.id, id)) as unknown as Statement,
    auditStatement(database.db, {
      orgId: row.orgId,
      staffId: row.staffId,
      action: 'logout',
      at: now,
    }),
  ]);
  return true;
}

export async function endAllSessions(database: Database, staffId: string): Promise<void> {
  await database.db.delete(staffSessions).where(eq(staffSessions.staffId, staffId));
}

/** Constant-time check of a form's CSRF token against the session's. */
export function csrfMatches(session: StaffSession, submitted: string): boolean {
  const a = new TextEncoder().encode(session.csrfToken);
  const b = new TextEncoder().encode(submitted);
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}
