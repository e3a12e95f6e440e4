import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { organisations, staff, staffSessions } from '../db/schema';
import type { Database, Statement } from '../db/types';
import { generatePassword, hashPassword } from './passwords';
import { staffRow, toOrganisation, toStaff } from './rows';
import {
  AccountsError,
  normaliseEmail,
  type Organisation,
  type Role,
  type Staff,
  type StaffLanguage,
} from './types';

const emailSchema = z.email();

const isUniqueViolation = (err: unknown): boolean =>
  err instanceof Error && /UNIQUE constraint failed|SQLITE_CONSTRAINT/i.test(err.message);

export async function createOrganisation(
  database: Database,
  input: { id: string; name: string; requireTotp: boolean },
): Promise<Organisation> {
  if (await organisationById(database, input.id))
    throw new AccountsError('duplicate_organisation', `organisation "${input.id}" already exists`);
  const [row] = await database.db
    .insert(organisations)
    .values({ id: input.id, name: input.name, requireTotp: input.requireTotp })
    .returning();
  return toOrganisation(row!);
}

export async function organisationById(
  database: Database,
  id: string,
): Promise<Organisation | null> {
  const row = (
    await database.db.select().from(organisations).where(eq(organisations.id, id)).limit(1)
  )[0];
  return row ? toOrganisation(row) : null;
}

/** Turns the two-factor requirement of an organisation on or off (its staff are asked at next login). */
export async function setRequireTotp(
  database: Database,
  id: string,
  requireTotp: boolean,
): Promise<Organisation> {
  const [row] = await database.db
    .update(organisations)
    .set({ requireTotp })
    .where(eq(organisations.id, id))
    .returning();
  if (!row) throw new AccountsError('no_organisation', `organisation "${id}" does not exist`);
  return toOrganisation(row);
}

/** The new account and its generated password, which is shown once and stored only hashed. */
export async function createStaff(
  database: Database,
  input: {
    orgId: string | null;
    email: string;
    displayName: string;
    role: Role;
    language?: StaffLanguage;
  },
): Promise<{ staff: Staff; password: string }> {
  const email = normaliseEmail(input.email);
  if (!emailSchema.safeParse(email).success)
    throw new AccountsError('invalid_email', `"${input.email}" is not an email address`);
  // The table checks it too; this says which way round it is wrong.
  if ((input.role === 'platform_admin') !== (input.orgId === null))
    throw new AccountsError(
      'invalid_role',
      input.orgId === null
        ? `role ${input.role} needs an organisation`
        : 'a platform admin belongs to no organisation',
    );
  if (input.orgId !== null && !(await organisationById(database, input.orgId)))
    throw new AccountsError('unknown_organisation', `no organisation "${input.orgId}"`);
  const duplicate = () =>
    new AccountsError('duplicate_email', `an account with email "${email}" already exists`);
  if (await staffRow(database, { email })) throw duplicate();
  const password = generatePassword();
  try {
    const [row] = await database.db
      .insert(staff)
      .values({
        id: crypto.randomUUID(),
        orgId: input.orgId,
        email,
        displayName: input.displayName.trim() || email,
        passwordHash: await hashPassword(password),
        role: input.role,
        language: input.language ?? 'ja',
      })
      .returning();
    return { staff: toStaff(row!), password };
  } catch (err) {
    // Two creations racing for one email: the unique index decides.
    if (isUniqueViolation(err)) throw duplicate();
    throw err;
  }
}

export async function staffById(database: Database, id: string): Promise<Staff | null> {
  const found = await staffRow(database, { id });
  return found ? toStaff(found.staff) : null;
}

export async function staffByEmail(database: Database, email: string): Promise<Staff | null> {
  const found = await staffRow(database, { email: normaliseEmail(email) });
  return found ? toStaff(found.staff) : null;
}

const endSessionsOf = (database: Database, staffId: string): Statement =>
  database.db
    .delete(staffSessions)
    .where(eq(staffSessions.staffId, staffId)) as unknown as Statement;

/** A new generated password (shown once); every session of the account ends with the old one. */
export async function resetPassword(database: Database, staffId: string): Promise<string> {
  await requireStaff(database, staffId);
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  await database.commit([
    database.db
      .update(staff)
      .set({ passwordHash })
      .where(eq(staff.id, staffId)) as unknown as Statement,
    endSessionsOf(database, staffId),
  ]);
  return password;
}

/** The account can no longer log in and its sessions end now; its audit trail stays. */
export async function disableStaff(
  database: Database,
  staffId: string,
  now: number,
): Promise<void> {
  await requireStaff(database, staffId);
  await database.commit([
    database.db
      .update(staff)
      .set({ disabledAt: new Date(now).toISOString() })
      .where(eq(staff.id, staffId)) as unknown as Statement,
    endSessionsOf(database, staffId),
  ]);
}

/** For a lost phone: TOTP is off until set up again, and every session ends. */
export async function resetTotp(database: Database, staffId: string): Promise<void> {
  await requireStaff(database, staffId);
  await database.commit([
    database.db
      .update(staff)
      .set({ totpSecretEnc: null, totpEnabled: false, totpLastStep: null })
      .where(eq(staff.id, staffId)) as unknown as Statement,
    endSessionsOf(database, staffId),
  ]);
}

async function requireStaff(database: Database, staffId: string): Promise<void> {
  if (!(await staffById(database, staffId)))
    throw new AccountsError('unknown_staff', `no staff account "${staffId}"`);
}
