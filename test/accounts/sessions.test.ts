import { describe, expect, it } from 'vitest';
import { listAudit } from '../../src/accounts/audit';
import {
  createSession,
  csrfMatches,
  endAllSessions,
  endSession,
  sessionFor,
} from '../../src/accounts/sessions';
import { disableStaff, resetPassword, resetTotp } from '../../src/accounts/staff';
import { HOUR, MINUTE, openDb, raw, T0, withStaff } from './helpers';

describe('sessions', () => {
  it('gives a random token, stores only its SHA-256, and finds the staff and organisation', async () => {
    const database = openDb();
    const { staff } = await withStaff(database);
    const s = await createSession(database, staff.id, T0);
    expect(s.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(s.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(s.csrfToken).not.toBe(s.token);
    expect(s.expiresAt).toBe(T0 + 12 * HOUR);
    const stored = raw(database).prepare('select * from staff_sessions').all() as { id: string }[];
    expect(stored).toHaveLength(1);
    expect(stored[0]!.id).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(s.token);

    const found = await sessionFor(database, s.token, T0 + MINUTE);
    expect(found?.staff).toEqual(staff);
    expect(found?.organisation).toMatchObject({ id: 'demo-ngo-tokai', requireTotp: false });
    expect(found?.session.csrfToken).toBe(s.csrfToken);
    expect(csrfMatches(found!.session, s.csrfToken)).toBe(true);
    expect(csrfMatches(found!.session, s.csrfToken.slice(1))).toBe(false);
    expect(await sessionFor(database, 'not-a-token', T0)).toBeNull();
    expect(await sessionFor(database, '', T0)).toBeNull();
  });

  it('a platform admin has no organisation', async () => {
    const database = openDb();
    const { staff } = await withStaff(database, {
      role: 'platform_admin',
      email: 'root@hotline.jp',
    });
    const s = await createSession(database, staff.id, T0);
    expect(await sessionFor(database, s.token, T0)).toMatchObject({
      staff: { role: 'platform_admin', orgId: null },
      organisation: null,
    });
  });

  it('ends after 2 hours idle', async () => {
    const database = openDb();
    const { staff } = await withStaff(database);
    const s = await createSession(database, staff.id, T0);
    expect(await sessionFor(database, s.token, T0 + 2 * HOUR - MINUTE)).not.toBeNull();
    expect(await sessionFor(database, s.token, T0 + 4 * HOUR - MINUTE)).toBeNull();
    // Gone for good, even if the clock went back.
    expect(await sessionFor(database, s.token, T0 + HOUR)).toBeNull();
  });

  it('slides with activity but ends 12 hours after login', async () => {
    const database = openDb();
    const { staff } = await withStaff(database);
    const s = await createSession(database, staff.id, T0);
    for (let h = 1; h < 12; h++)
      expect(await sessionFor(database, s.token, T0 + h * HOUR)).not.toBeNull();
    expect(await sessionFor(database, s.token, T0 + 12 * HOUR - MINUTE)).not.toBeNull();
    expect(await sessionFor(database, s.token, T0 + 12 * HOUR)).toBeNull();
  });

  it('writes last_seen_at at most once a minute', async () => {
    const database = openDb();
    const { staff } = await withStaff(database);
    const s = await createSession(database, staff.id, T0);
    const lastSeen = () =>
      (
        raw(database).prepare('select last_seen_at from staff_sessions').get() as {
          last_seen_at: number;
        }
      ).last_seen_at;
    await sessionFor(database, s.token, T0 + 59_000);
    expect(lastSeen()).toBe(T0);
    const found = await sessionFor(database, s.token, T0 + 61_000);
    expect(lastSeen()).toBe(T0 + 61_000);
    expect(found?.session.lastSeenAt).toBe(T0 + 61_000);
  });

  it('a disabled account has no session, even a token made before', async () => {
    const database = openDb();
    const { staff } = await withStaff(database);
    const s = await createSession(database, staff.id, T0);
    await disableStaff(database, staff.id, T0 + MINUTE);
    expect(await sessionFor(database, s.token, T0 + 2 * MINUTE)).toBeNull();
    const late = await createSession(database, staff.id, T0 + 3 * MINUTE);
    expect(await sessionFor(database, late.token, T0 + 3 * MINUTE)).toBeNull();
  });

  it('logout ends one session and is audited; password and TOTP resets end them all', async () => {
    const database = openDb();
    const { staff } = await withStaff(database);
    const a = await createSession(database, staff.id, T0);
    const b = await createSession(database, staff.id, T0);
    expect(await endSession(database, a.token, T0 + MINUTE)).toBe(true);
    expect(await endSession(database, a.token, T0 + MINUTE)).toBe(false);
    expect(await sessionFor(database, a.token, T0 + MINUTE)).toBeNull();
    expect(await sessionFor(database, b.token, T0 + MINUTE)).not.toBeNull();
    const { entries } = await listAudit(database, 'demo-ngo-tokai', { limit: 10 });
    expect(entries.map((e) => e.action)).toEqual(['logout']);

    await endAllSessions(database, staff.id);
    expect(await sessionFor(database, b.token, T0 + MINUTE)).toBeNull();
    const c = await createSession(database, staff.id, T0);
    await resetPassword(database, staff.id);
    expect(await sessionFor(database, c.token, T0 + MINUTE)).toBeNull();
    const d = await createSession(database, staff.id, T0);
    await resetTotp(database, staff.id);
    expect(await sessionFor(database, d.token, T0 + MINUTE)).toBeNull();
  });
});
