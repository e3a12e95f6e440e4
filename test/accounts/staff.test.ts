import { describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/accounts/passwords';
import {
  createOrganisation,
  createStaff,
  disableStaff,
  organisationById,
  resetPassword,
  staffByEmail,
  staffById,
} from '../../src/accounts/staff';
import { AccountsError } from '../../src/accounts/types';
import { openDb, raw, T0, withStaff } from './helpers';

const storedHash = (database: ReturnType<typeof openDb>, id: string) =>
  (
    raw(database).prepare('select password_hash from staff where id = ?').get(id) as {
      password_hash: string;
    }
  ).password_hash;

describe('staff accounts', () => {
  it('creates an organisation once', async () => {
    const database = openDb();
    const org = await createOrganisation(database, {
      id: 'demo-ngo-tokai',
      name: 'Tokai',
      requireTotp: true,
    });
    expect(org).toMatchObject({ id: 'demo-ngo-tokai', name: 'Tokai', requireTotp: true });
    expect(await organisationById(database, 'demo-ngo-tokai')).toEqual(org);
    await expect(
      createOrganisation(database, { id: 'demo-ngo-tokai', name: 'Tokai', requireTotp: false }),
    ).rejects.toMatchObject({ code: 'duplicate_organisation' });
  });

  it('stores the email lower-case and only a hash of the generated password', async () => {
    const database = openDb();
    const { staff, password } = await withStaff(database, { email: '  Kim@Example.ORG ' });
    expect(staff).toMatchObject({
      email: 'kim@example.org',
      orgId: 'demo-ngo-tokai',
      role: 'caseworker',
      language: 'ja',
      totpEnabled: false,
      disabledAt: null,
    });
    expect(staff.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(staff).not.toHaveProperty('passwordHash');
    const hash = storedHash(database, staff.id);
    expect(hash).not.toContain(password);
    expect(await verifyPassword(hash, password)).toBe(true);
    expect(await staffByEmail(database, 'KIM@example.org')).toEqual(staff);
    expect(await staffById(database, staff.id)).toEqual(staff);
    expect(await staffByEmail(database, 'nobody@example.org')).toBeNull();
  });

  it('refuses a duplicate email whatever its case, with a message', async () => {
    const database = openDb();
    await withStaff(database, { email: 'kim@example.org' });
    const err = await withStaff(database, { email: 'KIM@example.org' }).catch((e) => e);
    expect(err).toBeInstanceOf(AccountsError);
    expect(err.code).toBe('duplicate_email');
    expect(err.message).toContain('kim@example.org');
  });

  it('refuses a bad email, an unknown organisation and roles on the wrong side of it', async () => {
    const database = openDb();
    const make = (orgId: string | null, role: 'platform_admin' | 'caseworker', email = 'a@b.jp') =>
      createStaff(database, { orgId, email, displayName: 'A', role });
    await expect(make('demo-ngo-tokai', 'caseworker', 'not-an-email')).rejects.toMatchObject({
      code: 'invalid_email',
    });
    await expect(make('no-such-org', 'caseworker')).rejects.toMatchObject({
      code: 'unknown_organisation',
    });
    await expect(make(null, 'caseworker')).rejects.toMatchObject({ code: 'invalid_role' });
    await createOrganisation(database, { id: 'demo-ngo-tokai', name: 'Tokai', requireTotp: false });
    await expect(make('demo-ngo-tokai', 'platform_admin')).rejects.toMatchObject({
      code: 'invalid_role',
    });
    const admin = await make(null, 'platform_admin', 'root@hotline.jp');
    expect(admin.staff).toMatchObject({ orgId: null, role: 'platform_admin' });
  });

  it('resets a password to a new one and disables an account', async () => {
    const database = openDb();
    const { staff, password } = await withStaff(database);
    const fresh = await resetPassword(database, staff.id);
    expect(fresh).not.toBe(password);
    expect(await verifyPassword(storedHash(database, staff.id), fresh)).toBe(true);
    expect(await verifyPassword(storedHash(database, staff.id), password)).toBe(false);
    await disableStaff(database, staff.id, T0);
    expect((await staffById(database, staff.id))?.disabledAt).toBe(new Date(T0).toISOString());
    await expect(resetPassword(database, 'no-such-id')).rejects.toMatchObject({
      code: 'unknown_staff',
    });
  });
});
