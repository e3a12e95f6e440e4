import { describe, expect, it } from 'vitest';
import { listAudit } from '../../src/accounts/audit';
import { attemptLogin, confirmTotp, setUpTotp, type LoginInput } from '../../src/accounts/login';
import { sessionFor } from '../../src/accounts/sessions';
import { disableStaff, resetTotp, staffById } from '../../src/accounts/staff';
import type { Database } from '../../src/db/types';
import { codeAt, keys, MINUTE, openDb, raw, T0, withStaff } from './helpers';

const login = (database: Database, input: Partial<LoginInput> & { password: string }) =>
  attemptLogin(database, keys, {
    email: 'case.worker@example.org',
    ip: '192.0.2.1',
    now: T0,
    ...input,
  });

describe('login', () => {
  it('opens a session for the right password, any email case, and audits it', async () => {
    const database = openDb();
    const { staff, password } = await withStaff(database);
    const result = await login(database, { email: ' CASE.worker@example.org', password });
    expect(result).toMatchObject({ ok: true, staff, mustSetUpTotp: false });
    if (!result.ok) throw new Error('expected ok');
    expect(await sessionFor(database, result.session.token, T0)).toMatchObject({ staff });
    const { entries } = await listAudit(database, 'demo-ngo-tokai', { limit: 10 });
    expect(entries).toMatchObject([
      {
        action: 'login',
        staff: { id: staff.id, email: staff.email },
        at: new Date(T0).toISOString(),
      },
    ]);
  });

  it('gives the same answer for a wrong password, an unknown email and a disabled account', async () => {
    const database = openDb();
    const { staff, password } = await withStaff(database);
    const wrong = await login(database, { password: `${password}x` });
    const unknown = await login(database, { email: 'nobody@example.org', password });
    expect(wrong).toEqual({ ok: false, reason: 'invalid' });
    expect(unknown).toEqual(wrong);
    await disableStaff(database, staff.id, T0);
    expect(await login(database, { password })).toEqual(wrong);
  });

  it('refuses an email after 5 failures in 15 minutes, even with the right password', async () => {
    const database = openDb();
    const { password } = await withStaff(database);
    for (let i = 0; i < 5; i++)
      expect(await login(database, { password: 'guess', now: T0 + i * MINUTE })).toEqual({
        ok: false,
        reason: 'invalid',
      });
    // From another address too: the limit is on the email.
    const limited = await login(database, { password, ip: '198.51.100.7', now: T0 + 5 * MINUTE });
    // The oldest of the 5 failures leaves the window at T0 + 15 min.
    expect(limited).toEqual({ ok: false, reason: 'rate_limited', retryAfterSeconds: 10 * 60 });
    expect((await login(database, { password, now: T0 + 15 * MINUTE })).ok).toBe(true);
  });

  it('limits unknown emails the same way, so the limit does not reveal accounts', async () => {
    const database = openDb();
    await withStaff(database);
    for (let i = 0; i < 5; i++)
      await login(database, { email: 'nobody@example.org', password: 'x' });
    expect(await login(database, { email: 'nobody@example.org', password: 'x' })).toMatchObject({
      reason: 'rate_limited',
    });
  });

  it('a success clears the email counter but not the address counter', async () => {
    const database = openDb();
    const { password } = await withStaff(database);
    const ip = '203.0.113.9';
    for (let i = 0; i < 4; i++) await login(database, { password: 'guess', ip });
    expect((await login(database, { password, ip })).ok).toBe(true);
    // The email starts again from zero: four more failures still leave it open.
    for (let i = 0; i < 4; i++) await login(database, { password: 'guess', ip });
    expect((await login(database, { password, ip })).ok).toBe(true);
    // The address kept its 8 failures: 12 more (on other emails) reach its limit of 20.
    for (let i = 0; i < 12; i++)
      expect(await login(database, { email: `x${i}@example.org`, password: 'guess', ip })).toEqual({
        ok: false,
        reason: 'invalid',
      });
    expect(await login(database, { password, ip })).toMatchObject({ reason: 'rate_limited' });
    expect((await login(database, { password, ip: '203.0.113.10' })).ok).toBe(true);
    const stored = raw(database).prepare('select key from login_failures').all() as {
      key: string;
    }[];
    expect(stored.some((r) => r.key.includes('example.org'))).toBe(false);
  });
});

describe('TOTP', () => {
  it('is set up with a confirmed code, then required at every login, each code once', async () => {
    const database = openDb();
    const { staff, password } = await withStaff(database, { requireTotp: true });
    const first = await login(database, { password });
    expect(first).toMatchObject({ ok: true, mustSetUpTotp: true });

    const { secret, uri } = await setUpTotp(database, keys, staff.id);
    expect(uri).toContain('issuer=Hotline');
    const stored = raw(database).prepare('select totp_secret_enc from staff').get() as {
      totp_secret_enc: string;
    };
    expect(stored.totp_secret_enc).toMatch(/^v1:/);
    expect(stored.totp_secret_enc).not.toContain(secret);
    expect(await keys.open(stored.totp_secret_enc, `totp:${staff.id}`)).toBe(secret);
    expect((await staffById(database, staff.id))?.totpEnabled).toBe(false);

    expect(await confirmTotp(database, keys, staff.id, '000000', T0)).toBe(false);
    const used = codeAt(secret, T0);
    expect(await confirmTotp(database, keys, staff.id, used, T0)).toBe(true);
    expect((await staffById(database, staff.id))?.totpEnabled).toBe(true);
    await expect(setUpTotp(database, keys, staff.id)).rejects.toMatchObject({
      code: 'totp_already_enabled',
    });

    expect(await login(database, { password })).toEqual({ ok: false, reason: 'totp_required' });
    // The code that confirmed the setup is spent.
    expect(await login(database, { password, totpCode: used, now: T0 + 5_000 })).toEqual({
      ok: false,
      reason: 'totp_required',
    });
    const next = codeAt(secret, T0 + 30_000);
    const ok = await login(database, { password, totpCode: next, now: T0 + 30_000 });
    expect(ok).toMatchObject({ ok: true, mustSetUpTotp: false });
    expect(await login(database, { password, totpCode: next, now: T0 + 40_000 })).toEqual({
      ok: false,
      reason: 'totp_required',
    });
    // A wrong password with a good code is just wrong.
    expect(
      await login(database, {
        password: 'x',
        totpCode: codeAt(secret, T0 + 60_000),
        now: T0 + 60_000,
      }),
    ).toEqual({ ok: false, reason: 'invalid' });
    const { entries } = await listAudit(database, 'demo-ngo-tokai', { limit: 10 });
    expect(entries.map((e) => e.action)).toEqual(['login', 'totp.enable', 'login']);
  });

  it('counts wrong codes as failures, not a missing one', async () => {
    const database = openDb();
    const { staff, password } = await withStaff(database);
    const { secret } = await setUpTotp(database, keys, staff.id);
    await confirmTotp(database, keys, staff.id, codeAt(secret, T0), T0);
    for (let i = 0; i < 10; i++) await login(database, { password });
    for (let i = 0; i < 5; i++)
      expect(await login(database, { password, totpCode: '123456' })).toMatchObject({
        reason: 'totp_required',
      });
    expect(
      await login(database, { password, totpCode: codeAt(secret, T0 + 30_000), now: T0 + 30_000 }),
    ).toMatchObject({ reason: 'rate_limited' });
  });

  it('an operator reset turns it off, to be set up again', async () => {
    const database = openDb();
    const { staff, password } = await withStaff(database, { requireTotp: true });
    const { secret } = await setUpTotp(database, keys, staff.id);
    await confirmTotp(database, keys, staff.id, codeAt(secret, T0), T0);
    await resetTotp(database, staff.id);
    expect(await login(database, { password })).toMatchObject({ ok: true, mustSetUpTotp: true });
    const again = await setUpTotp(database, keys, staff.id);
    expect(again.secret).not.toBe(secret);
  });
});
