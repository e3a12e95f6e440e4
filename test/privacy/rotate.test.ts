import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmTotp, setUpTotp } from '../../src/accounts/login';
import { totpCode } from '../../src/accounts/totp';
import { secretCommand } from '../../src/cli/secret';
import { nodeKeys } from '../../src/crypto/node-keys';
import { CliError } from '../../src/cli/tokens';
import { openSqlite } from '../../src/db/node-sqlite';
import { MIGRATIONS_DIR } from '../../src/entry/server';
import { readDirectory } from '../../src/entry/files';
import { createPartnerToken } from '../../src/tickets/tokens';
import { fileCaseOn } from '../helpers/chat';
import { asChat, lineChat } from '../helpers/line-chat';
import { lineUserId } from '../helpers/line-events';
import { messengerChat } from '../helpers/messenger-chat';
import { psid as newPsid } from '../helpers/messenger-events';
import { startSystem, TEST_SECRET, type TestSystem } from '../helpers/server';
import { staffClient, staffOf } from '../helpers/staff';

/** Rotating the master secret on a database with cases in every state loses nothing. */

const NEW_SECRET = 'a-brand-new-hotline-secret-0123456789-xyz';
let before: TestSystem;
let after: TestSystem;
const reporters = { line: lineUserId(), messenger: newPsid() };
const refs: Record<string, string> = {};
let token: string;
let admin: { email: string; password: string };
let withTotp: Awaited<ReturnType<typeof staffOf>>;
let totpSecret: string;

const rotate = async (databasePath: string, current: string, next: string) => {
  const database = openSqlite(databasePath, MIGRATIONS_DIR);
  const out: string[] = [];
  try {
    await secretCommand(['rotate'], {
      out: (s) => out.push(s),
      database: () => database,
      directory: () => readDirectory('flows'),
      current: () => ({ secret: current, development: false }),
      next,
      partnerSecrets: {},
      saveDevelopmentSecret: () => undefined,
    });
  } finally {
    database.close();
  }
  return out.join('');
};

beforeAll(async () => {
  before = await startSystem();
  const words = lineChat(before, reporters.line);
  refs.withWords = (
    await fileCaseOn(asChat(words), {
      categories: ['unpaid_wages'],
      residence: 'titp',
      prefecture: 'JP-23',
    })
  ).reference;
  await words.type('They pay me 80,000 yen for 300 hours.');
  refs.messenger = (
    await fileCaseOn(messengerChat(before, reporters.messenger).chat(), {
      categories: ['housing'],
      residence: 'titp',
      prefecture: 'JP-23',
    })
  ).reference;
  for (const name of ['resolved', 'closed', 'referred'])
    refs[name] = (
      await fileCaseOn(asChat(lineChat(before, lineUserId())), {
        categories: ['harassment'],
        residence: 'titp',
        prefecture: 'JP-23',
      })
    ).reference;
  // Someone half-way through an intake, with no case yet.
  const halfway = lineChat(before, lineUserId());
  await halfway.follow();
  await halfway.tap('q=language&choice=en');

  admin = await staffOf(before, 'demo-ngo-tokai', 'org_admin');
  const staff = staffClient(before.server.url);
  await staff.login(admin.email, admin.password);
  const page = (r: string) => `/dashboard/tickets/${r}`;
  await staff.submit(page(refs.withWords), `${page(refs.withWords)}/notes`, {
    body: 'Pay slips photographed on 3 Nov.',
  });
  await staff.submit(page(refs.withWords), `${page(refs.withWords)}/reply`, {
    body: 'Keep the pay slips, we will call you back here.',
  });
  for (const status of ['resolved', 'closed'])
    await staff.submit(page(refs[status]!), `${page(refs[status]!)}/status`, { status });
  await staff.submit(page(refs.referred!), `${page(refs.referred!)}/refer`, {
    partner: 'demo-ngo-national',
    consent: 'yes',
  });
  token = await createPartnerToken(before.server.database, 'demo-ngo-tokai');
  // A colleague with two-factor login: the TOTP secret is sealed too.
  withTotp = await staffOf(before, 'demo-ngo-tokai');
  const { secret } = await setUpTotp(
    before.server.database,
    nodeKeys(TEST_SECRET),
    withTotp.staff.id,
  );
  totpSecret = secret;
  expect(
    await confirmTotp(
      before.server.database,
      nodeKeys(TEST_SECRET),
      withTotp.staff.id,
      totpCode(secret, Date.now()),
      Date.now(),
    ),
  ).toBe(true);
  await before.server.worker.idle();
  // Stopped, as the command asks; the files stay for the restart.
  await before.server.close();
  await before.line.stop();
  await before.messenger.stop();
});
afterAll(async () => {
  await after?.stop();
  rmSync(before.dir, { recursive: true, force: true });
});

describe('rotating HOTLINE_SECRET', () => {
  it('re-encrypts everything, and the server on the new secret reads every case and reaches every reporter', async () => {
    const report = await rotate(before.databasePath, TEST_SECRET, NEW_SECRET);
    expect(report).toMatch(/Re-encrypted under the new secret: \d+ conversations/);
    // No demo partner has a notificationUrl: none has a signing secret to hand over.
    expect(report).not.toContain('Notification signing secrets changed');
    // Not a single value is still sealed under the old key: the old secret opens nothing now.
    await expect(rotate(before.databasePath, TEST_SECRET, NEW_SECRET + '2')).rejects.toThrow(
      CliError,
    );

    after = await startSystem({ DATABASE_PATH: before.databasePath, HOTLINE_SECRET: NEW_SECRET });
    const staff = staffClient(after.server.url);
    expect((await staff.login(admin.email, admin.password)).status).toBe(303);
    const withWords = await (await staff.get(`/dashboard/tickets/${refs.withWords}`)).text();
    expect(withWords).toContain('They pay me 80,000 yen for 300 hours.');
    expect(withWords).toContain('Pay slips photographed on 3 Nov.');
    expect(withWords).toContain('Keep the pay slips');
    for (const name of ['messenger', 'resolved', 'closed'])
      expect((await staff.get(`/dashboard/tickets/${refs[name]}`)).status, name).toBe(200);
    const national = await staffOf(after, 'demo-ngo-national');
    const other = staffClient(after.server.url);
    await other.login(national.email, national.password);
    expect((await other.get(`/dashboard/tickets/${refs.referred}`)).status).toBe(200);

    // Two-factor login still works: its secret was sealed again, not lost. (The next time step,
    // since the code of this one was used up when it was confirmed.)
    const colleague = staffClient(after.server.url);
    const next = totpCode(totpSecret, Date.now() + 30_000);
    const login = await colleague.login(withTotp.email, withTotp.password, next);
    expect(login.headers.get('location')).toBe('/dashboard');

    // Partner tokens are hashes, not sealed: they keep working.
    const list = await (await after.api('/api/v1/tickets', token)).json();
    expect(list.tickets.map((t: { reference: string }) => t.reference)).toContain(refs.withWords);

    // The reporter's chat is found under its new pseudonym, with its case and the waiting answer.
    const line = lineChat(after, reporters.line);
    const mine = (await line.tap('cmd=case')).map((m) => m.text).join('\n');
    expect(mine).toContain(`Your case ${refs.withWords}`);
    expect(mine).toContain('Keep the pay slips, we will call you back here.');
    const messenger = messengerChat(after, reporters.messenger);
    const theirs = (await messenger.menu('cmd=case')).map((s) => s.message.text).join('\n');
    expect(theirs).toContain(`Your case ${refs.messenger}`);
    // One conversation per reporter: nobody was split off under a stale pseudonym.
    const db = new Database(before.databasePath, { readonly: true });
    try {
      const n = (db.prepare('select count(*) as n from conversations').get() as { n: number }).n;
      expect(n).toBe(6);
    } finally {
      db.close();
    }
  });

  it('refuses a new secret that is too short or the same as the old one', async () => {
    await expect(rotate(before.databasePath, NEW_SECRET, 'short')).rejects.toThrow(/32 characters/);
    await expect(rotate(before.databasePath, NEW_SECRET, NEW_SECRET)).rejects.toThrow(/in use now/);
  });
});
