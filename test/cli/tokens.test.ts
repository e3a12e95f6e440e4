import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'hotline-cli-'));
const env = { PATH: process.env.PATH, DATABASE_PATH: join(dir, 'hotline.sqlite') };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('prints a new partner token alone on standard output and stores only its hash', async () => {
  const { stdout } = await run(
    'npm',
    ['run', '--silent', 'cli', '--', 'tokens', 'create', '--partner', 'demo-ngo-national'],
    { env },
  );
  expect(stdout).toMatch(/^htk_[A-Za-z0-9_-]{43}\n$/);
  const token = stdout.trim();
  const db = new Database(env.DATABASE_PATH, { readonly: true });
  const rows = db.prepare('select partner_id, token_hash from api_tokens').all() as {
    partner_id: string;
    token_hash: string;
  }[];
  db.close();
  expect(rows).toHaveLength(1);
  expect(rows[0]!.partner_id).toBe('demo-ngo-national');
  expect(rows[0]!.token_hash).not.toContain(token);
  expect(rows[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
});

it('refuses an unknown partner with a clear message and exit code 2', async () => {
  const err = await run(
    'npm',
    ['run', '--silent', 'cli', '--', 'tokens', 'create', '--partner', 'no-such-ngo'],
    { env },
  ).catch((e) => e);
  expect(err.code).toBe(2);
  expect(err.stderr).toContain('no partner "no-such-ngo"');
  expect(err.stdout).toBe('');
});
