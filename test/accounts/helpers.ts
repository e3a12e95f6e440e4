import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Secret, TOTP } from 'otpauth';
import { afterEach } from 'vitest';
import { createOrganisation, createStaff, organisationById } from '../../src/accounts/staff';
import type { Role } from '../../src/accounts/types';
import { nodeKeys } from '../../src/crypto/node-keys';
import { openSqlite } from '../../src/db/node-sqlite';
import type { Database } from '../../src/db/types';

export const keys = nodeKeys('a-test-hotline-secret-of-at-least-32-chars');
export const T0 = Date.parse('2026-11-22T10:00:00.000Z');
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

const opened: { database: Database; dir: string }[] = [];
afterEach(() => {
  for (const { database, dir } of opened.splice(0)) {
    database.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A real SQLite file with every migration applied, closed and removed after the test. */
export function openDb(): Database {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-accounts-'));
  const database = openSqlite(join(dir, 'hotline.sqlite'), 'migrations');
  opened.push({ database, dir });
  return database;
}

/** The SQLite handle under drizzle, to look at rows as stored. */
export const raw = (database: Database) =>
  (database.db as unknown as { $client: import('better-sqlite3').Database }).$client;

export async function withStaff(
  database: Database,
  opts: { email?: string; role?: Role; requireTotp?: boolean; orgId?: string } = {},
) {
  const orgId = opts.orgId ?? 'demo-ngo-tokai';
  const role = opts.role ?? 'caseworker';
  if (role !== 'platform_admin' && !(await organisationById(database, orgId)))
    await createOrganisation(database, {
      id: orgId,
      name: 'Demo NGO Tokai',
      requireTotp: opts.requireTotp ?? false,
    });
  return createStaff(database, {
    orgId: role === 'platform_admin' ? null : orgId,
    email: opts.email ?? 'Case.Worker@Example.org',
    displayName: 'Case Worker',
    role,
  });
}

/** The code an authenticator app shows at `at` (otpauth itself, not our wrapper). */
export const codeAt = (secret: string, at: number): string =>
  new TOTP({
    secret: Secret.fromBase32(secret),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
  }).generate({ timestamp: at });
