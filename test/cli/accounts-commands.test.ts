import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/accounts/passwords';
import { orgsCommand, staffCommand, type AccountsIo } from '../../src/cli/accounts';
import { CliError } from '../../src/cli/tokens';
import { openSqlite } from '../../src/db/node-sqlite';
import { readDirectory } from '../../src/entry/files';

/** The command functions over a real migrated file, without a process per case. */
const dir = mkdtempSync(join(tmpdir(), 'hotline-cli-accounts-fn-'));
const database = openSqlite(join(dir, 'hotline.sqlite'), 'migrations');
const directory = readDirectory('flows');
afterAll(() => {
  database.close();
  rmSync(dir, { recursive: true, force: true });
});
const raw = (database.db as unknown as { $client: import('better-sqlite3').Database }).$client;
const row = (sql: string, ...params: string[]) =>
  raw.prepare(sql).get(...params) as Record<string, unknown> | undefined;

const NOW = Date.parse('2026-11-22T10:00:00.000Z');

async function run(command: typeof orgsCommand, ...args: string[]) {
  let out = '';
  let err = '';
  const io: AccountsIo = {
    out: (s) => (out += s),
    err: (s) => (err += s),
    database: () => database,
    directory: () => directory,
    now: () => NOW,
  };
  await command(args, io);
  return { out, err };
}

const refusal = (command: typeof orgsCommand, ...args: string[]) =>
  run(command, ...args).then(
    () => {
      throw new Error(`expected "${args.join(' ')}" to be refused`);
    },
    (e: unknown) => {
      expect(e).toBeInstanceOf(CliError);
      return (e as CliError).message;
    },
  );

describe('orgs and staff commands', () => {
  it('orgs create takes the name from the directory and refuses duplicates and unknown options', async () => {
    const { out, err } = await run(orgsCommand, 'create', '--partner', 'demo-ngo-tokai');
    expect(out).toBe('');
    expect(err).toContain('TOTP optional');
    expect(row('select name, require_totp from organisations')).toEqual({
      name: directory.byId('demo-ngo-tokai')!.name,
      require_totp: 0,
    });
    expect(await refusal(orgsCommand, 'create', '--partner', 'demo-ngo-tokai')).toContain(
      'already exists',
    );
    expect(await refusal(orgsCommand, 'create', '--partner', 'no-such-ngo')).toMatch(
      /no partner "no-such-ngo" in the directory \(known: .*demo-ngo-tokai/,
    );
    expect(
      await refusal(orgsCommand, 'create', '--partner', 'demo-ngo-kansai-vi', '--require-totpp'),
    ).toContain('unexpected "--require-totpp"');
    expect(await refusal(orgsCommand, 'create')).toContain('--partner <partner id> is required');
    expect(await refusal(orgsCommand, 'delete')).toContain('usage: orgs create');
  });

  it('orgs require-totp turns the requirement on and off for an existing organisation', async () => {
    const on = await run(orgsCommand, 'require-totp', '--partner', 'demo-ngo-tokai', 'on');
    expect(on.err).toContain('demo-ngo-tokai: TOTP required');
    expect(row("select require_totp from organisations where id = 'demo-ngo-tokai'")).toEqual({
      require_totp: 1,
    });
    await run(orgsCommand, 'require-totp', '--partner', 'demo-ngo-tokai', 'off');
    expect(row("select require_totp from organisations where id = 'demo-ngo-tokai'")).toEqual({
      require_totp: 0,
    });
    expect(
      await refusal(orgsCommand, 'require-totp', '--partner', 'demo-hello-work', 'on'),
    ).toContain('organisation "demo-hello-work" does not exist');
    expect(await refusal(orgsCommand, 'require-totp', '--partner', 'demo-ngo-tokai')).toContain(
      'orgs require-totp --partner <partner id> on|off',
    );
  });

  it('staff create prints only the password on out, with name, language and role', async () => {
    const { out, err } = await run(
      staffCommand,
      'create',
      '--org',
      'demo-ngo-tokai',
      '--email',
      'Aiko@Example.org',
      '--role',
      'caseworker',
      '--name',
      'Aiko S',
      '--language',
      'en',
    );
    expect(out).toMatch(/^\S+\n$/);
    expect(err).toContain('created caseworker aiko@example.org in demo-ngo-tokai');
    const stored = row('select * from staff where email = ?', 'aiko@example.org')!;
    expect(stored).toMatchObject({ role: 'caseworker', display_name: 'Aiko S', language: 'en' });
    expect(await verifyPassword(String(stored.password_hash), out.trim())).toBe(true);

    const admin = await run(
      staffCommand,
      'create',
      '--platform',
      '--email',
      'root@hotline.example',
    );
    expect(admin.out).toMatch(/^\S+\n$/);
    expect(
      row('select org_id, role, display_name from staff where email = ?', 'root@hotline.example'),
    ).toEqual({ org_id: null, role: 'platform_admin', display_name: 'root' });
  });

  it('staff create refuses mistakes with a message', async () => {
    const create = (...args: string[]) => refusal(staffCommand, 'create', ...args);
    expect(
      await create(
        '--org',
        'demo-ngo-tokai',
        '--email',
        'AIKO@example.org',
        '--role',
        'caseworker',
      ),
    ).toBe('staff create: an account with email "aiko@example.org" already exists');
    expect(
      await create('--org', 'no-such-ngo', '--email', 'a@b.jp', '--role', 'caseworker'),
    ).toContain('no partner "no-such-ngo"');
    expect(
      await create('--org', 'demo-hello-work', '--email', 'a@b.jp', '--role', 'caseworker'),
    ).toContain('run orgs create --partner demo-hello-work first');
    expect(
      await create('--org', 'demo-ngo-tokai', '--email', 'a@b.jp', '--role', 'platform_admin'),
    ).toContain('--role must be org_admin or caseworker');
    expect(await create('--org', 'demo-ngo-tokai', '--email', 'a@b.jp')).toContain(
      '--role must be',
    );
    expect(
      await create('--org', 'demo-ngo-tokai', '--email', 'not-an-email', '--role', 'caseworker'),
    ).toContain('is not an email address');
    expect(await create('--org', 'demo-ngo-tokai', '--role', 'caseworker')).toContain(
      '--email <email> is required',
    );
    expect(await create('--platform', '--org', 'demo-ngo-tokai', '--email', 'a@b.jp')).toContain(
      'exclude each other',
    );
    expect(await create('--platform', '--email', 'a@b.jp', '--language', 'vi')).toContain(
      'ja or en',
    );
    expect(await create('--email', 'a@b.jp')).toContain(
      '--org <partner id> (or --platform) is required',
    );
    expect(await create('--platform', '--email')).toContain('--email needs a value');
    expect(row("select count(*) as n from staff where email = 'a@b.jp'")).toEqual({ n: 0 });
  });

  it('staff password, disable and totp-reset find the account by email and end its sessions', async () => {
    const id = String(row('select id from staff where email = ?', 'aiko@example.org')!.id);
    const session = (sid: string) =>
      raw
        .prepare(
          "insert into staff_sessions (id, staff_id, csrf_token, created_at, last_seen_at, expires_at) values (?, ?, 'c', 0, 0, 0)",
        )
        .run(sid, id);
    const sessions = () => row('select count(*) as n from staff_sessions where staff_id = ?', id);
    session('s1');
    const { out, err } = await run(staffCommand, 'password', '--email', 'AIKO@example.org');
    expect(err).toContain('sessions have ended');
    expect(
      await verifyPassword(
        String(row('select password_hash from staff where id = ?', id)!.password_hash),
        out.trim(),
      ),
    ).toBe(true);
    expect(sessions()).toEqual({ n: 0 });

    raw
      .prepare(
        "update staff set totp_secret_enc = 'v1:x', totp_enabled = 1, totp_last_step = 5 where id = ?",
      )
      .run(id);
    session('s2');
    expect((await run(staffCommand, 'totp-reset', '--email', 'aiko@example.org')).out).toBe('');
    expect(
      row('select totp_secret_enc, totp_enabled, totp_last_step from staff where id = ?', id),
    ).toEqual({
      totp_secret_enc: null,
      totp_enabled: 0,
      totp_last_step: null,
    });
    expect(sessions()).toEqual({ n: 0 });

    session('s3');
    expect((await run(staffCommand, 'disable', '--email', 'aiko@example.org')).out).toBe('');
    expect(row('select disabled_at from staff where id = ?', id)).toEqual({
      disabled_at: new Date(NOW).toISOString(),
    });
    expect(sessions()).toEqual({ n: 0 });

    expect(await refusal(staffCommand, 'disable', '--email', 'nobody@example.org')).toContain(
      'no staff account with email "nobody@example.org"',
    );
    expect(await refusal(staffCommand, 'rename')).toContain('usage: staff create');
  });
});
