import { and, eq, isNull, lt, or } from 'drizzle-orm';
import type { Keys } from '../crypto/keys';
import { staff } from '../db/schema';
import type { Database } from '../db/types';
import { auditStatement } from './audit';
import { DUMMY_PASSWORD_HASH, verifyPassword } from './passwords';
import { staffRow, toOrganisation, toStaff, type StaffRow } from './rows';
import { sessionStatements } from './sessions';
import { clearEmailFailures, failureStatements, throttled, throttleKeys } from './throttle';
import { matchTotp, newTotpSecret, totpUri } from './totp';
import { AccountsError, mustSetUpTotp, normaliseEmail, type Staff } from './types';

export type LoginResult =
  | {
      ok: true;
      staff: Staff;
      session: { token: string; csrfToken: string; expiresAt: number };
      /** Only the TOTP setup page may open until it is done. */
      mustSetUpTotp: boolean;
    }
  /** Unknown email, wrong password and disabled account all look the same. */
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'rate_limited'; retryAfterSeconds: number }
  /** The password was right; the account needs a (new, correct) code. */
  | { ok: false; reason: 'totp_required' };

export interface LoginInput {
  email: string;
  password: string;
  totpCode?: string;
  ip: string;
  now: number;
}

export const totpContext = (staffId: string) => `totp:${staffId}`;

/** Marks the step used; false when another login took this code first (a code works once). */
async function claimStep(
  database: Database,
  staffId: string,
  step: number,
  enable: boolean,
): Promise<boolean> {
  const claimed = await database.db
    .update(staff)
    .set(enable ? { totpLastStep: step, totpEnabled: true } : { totpLastStep: step })
    .where(and(eq(staff.id, staffId), or(isNull(staff.totpLastStep), lt(staff.totpLastStep, step))))
    .returning({ id: staff.id });
  return claimed.length === 1;
}

async function codeAccepted(
  database: Database,
  keys: Keys,
  row: StaffRow,
  code: string,
  now: number,
  enable: boolean,
): Promise<boolean> {
  if (row.totpSecretEnc === null) return false;
  const secret = await keys.open(row.totpSecretEnc, totpContext(row.id));
  const step = matchTotp(secret, code, now, row.totpLastStep);
  return step !== null && (await claimStep(database, row.id, step, enable));
}

export async function attemptLogin(
  database: Database,
  keys: Keys,
  input: LoginInput,
): Promise<LoginResult> {
  const { now } = input;
  const email = normaliseEmail(input.email);
  const throttle = await throttleKeys(email, input.ip);
  // Checked before the password, so a limited caller learns nothing from the answer.
  const wait = await throttled(database, throttle, now);
  if (wait !== null) return { ok: false, reason: 'rate_limited', retryAfterSeconds: wait };
  const fail = async <R extends LoginResult>(result: R): Promise<R> => {
    await database.commit(failureStatements(database.db, throttle, now));
    return result;
  };

  const found = await staffRow(database, { email });
  // An unknown email still pays for one argon2id verification: timing must not tell them apart.
  const passwordOk = await verifyPassword(
    found?.staff.passwordHash ?? DUMMY_PASSWORD_HASH,
    input.password,
  );
  if (!found || !passwordOk || found.staff.disabledAt !== null)
    return fail({ ok: false, reason: 'invalid' });
  const row = found.staff;

  if (row.totpEnabled) {
    // A missing code is the first step of a normal login, not a failure; a wrong one is.
    if (!input.totpCode?.trim()) return { ok: false, reason: 'totp_required' };
    if (!(await codeAccepted(database, keys, row, input.totpCode, now, false)))
      return fail({ ok: false, reason: 'totp_required' });
  }

  const { session, statements } = await sessionStatements(database.db, row.id, now);
  await database.commit([
    ...statements,
    clearEmailFailures(database.db, throttle),
    auditStatement(database.db, {
      orgId: row.orgId,
      staffId: row.id,
      action: 'login',
      detail: { ip: input.ip },
      at: now,
    }),
  ]);
  const member = toStaff(row);
  const organisation = found.organisation ? toOrganisation(found.organisation) : null;
  return { ok: true, staff: member, session, mustSetUpTotp: mustSetUpTotp(member, organisation) };
}

/**
 * A new secret, stored sealed and not yet enabled, with the URI for the QR code. Calling it again
 * before confirming replaces the secret; once TOTP is on, only an operator's reset starts over.
 */
export async function setUpTotp(
  database: Database,
  keys: Keys,
  staffId: string,
): Promise<{ secret: string; uri: string }> {
  const found = await staffRow(database, { id: staffId });
  if (!found) throw new AccountsError('unknown_staff', `no staff account "${staffId}"`);
  if (found.staff.totpEnabled)
    throw new AccountsError('totp_already_enabled', 'TOTP is already set up for this account');
  // A secret shown before and not confirmed yet stays: reloading the page must not change it.
  if (found.staff.totpSecretEnc) {
    const pending = await keys.open(found.staff.totpSecretEnc, totpContext(staffId));
    return { secret: pending, uri: totpUri(pending, found.staff.email) };
  }
  const secret = newTotpSecret();
  await database.db
    .update(staff)
    .set({ totpSecretEnc: await keys.seal(secret, totpContext(staffId)), totpLastStep: null })
    .where(eq(staff.id, staffId));
  return { secret, uri: totpUri(secret, found.staff.email) };
}

/** Enables TOTP when the code matches the pending secret; the code is then used up. */
export async function confirmTotp(
  database: Database,
  keys: Keys,
  staffId: string,
  code: string,
  now: number,
): Promise<boolean> {
  const found = await staffRow(database, { id: staffId });
  if (!found || found.staff.totpEnabled || found.staff.disabledAt !== null) return false;
  if (!(await codeAccepted(database, keys, found.staff, code, now, true))) return false;
  await database.commit([
    auditStatement(database.db, {
      orgId: found.staff.orgId,
      staffId,
      action: 'totp.enable',
      at: now,
    }),
  ]);
  return true;
}
