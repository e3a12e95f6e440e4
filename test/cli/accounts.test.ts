import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { verifyPassword } from '../../src/accounts/passwords';

/** Through `npm run cli`, as an operator runs it: streams and exit codes. Refusals in detail: accounts-commands.test.ts. */
const exec = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'hotline-cli-accounts-'));
const env = { PATH: process.env.PATH, DATABASE_PATH: join(dir, 'hotline.sqlite') };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PASSWORD = /^[a-km-zA-HJ-NP-Z2-9]{5}(-[a-km-zA-HJ-NP-Z2-9]{5}){3}\n$/;
const SLOW = 60_000;

const cli = (...args: string[]) => exec('npm', ['run', '--silent', 'cli', '--', ...args], { env });
const failing = (...args: string[]) =>
  cli(...args).then(
    () => {
      throw new Error(`expected "${args.join(' ')}" to fail`);
    },
    (e: { code: number; stdout: string; stderr: string }) => e,
  );

const row = (sql: string, ...params: string[]) => {
  const db = new Database(env.DATABASE_PATH, { readonly: true });
  try {
    return db.prepare(sql).get(...params) as Record<string, unknown> | undefined;
  } finally {
    db.close();
  }
};

it(
  'creates an organisation from the directory, and refuses an unknown partner with exit code 2',
  async () => {
    const { stdout, stderr } = await cli(
      'orgs',
      'create',
      '--partner',
      'demo-ngo-tokai',
      '--require-totp',
    );
    expect(stdout).toBe('');
    expect(stderr).toContain('created organisation demo-ngo-tokai');
    expect(row('select require_totp from organisations where id = ?', 'demo-ngo-tokai')).toEqual({
      require_totp: 1,
    });
    const unknown = await failing('orgs', 'create', '--partner', 'no-such-ngo');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no partner "no-such-ngo"');
    expect(unknown.stdout).toBe('');
  },
  SLOW,
);

it(
  'creates staff, printing the generated password alone; refuses a duplicate email with exit code 2',
  async () => {
    const { stdout, stderr } = await cli(
      'staff',
      'create',
      '--org',
      'demo-ngo-tokai',
      '--email',
      'Kim@Example.org',
      '--role',
      'org_admin',
    );
    expect(stdout).toMatch(PASSWORD);
    expect(stderr).toContain('shown once');
    const stored = row('select password_hash from staff where email = ?', 'kim@example.org')!;
    expect(String(stored.password_hash)).not.toContain(stdout.trim());
    expect(await verifyPassword(String(stored.password_hash), stdout.trim())).toBe(true);

    const dup = await failing(
      'staff',
      'create',
      '--org',
      'demo-ngo-tokai',
      '--email',
      'KIM@example.org',
      '--role',
      'caseworker',
    );
    expect(dup.code).toBe(2);
    expect(dup.stderr).toContain('an account with email "kim@example.org" already exists');
    expect(dup.stdout).toBe('');
  },
  SLOW,
);

it(
  'resets a password, printing the new one alone',
  async () => {
    const { stdout } = await cli('staff', 'password', '--email', 'kim@example.org');
    expect(stdout).toMatch(PASSWORD);
    const stored = row('select password_hash from staff where email = ?', 'kim@example.org')!;
    expect(await verifyPassword(String(stored.password_hash), stdout.trim())).toBe(true);
  },
  SLOW,
);
