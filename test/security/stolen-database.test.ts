import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveKeys, ENC_PREFIX, pseudonymOf, sha256Hex, type Keys } from '../../src/crypto/keys';
import { nodeKeys } from '../../src/crypto/node-keys';
import { createPartnerToken } from '../../src/tickets/tokens';
import { asChat, lineChat } from '../helpers/line-chat';
import { messengerChat } from '../helpers/messenger-chat';
import { startSystem, TEST_SECRET, type TestSystem } from '../helpers/server';
import { staffClient, staffOf } from '../helpers/staff';
import {
  fileWithWords,
  foundInBytes,
  foundInText,
  PLATFORM_IDS,
  SEED_LINE_USER,
  SEED_NAME,
  SEED_NOTE,
  SEED_PHONE,
  SEED_PSID,
  SEED_STAFF_ANSWER,
  SEED_VISITOR,
  seededWords,
  STAFF_SEEDS,
  webChat,
  WORD_SEEDS,
} from './seeds';

/**
 * Someone walks away with a copy of the database file (a backup, a disk, a misplaced export of
 * the data folder) but not HOTLINE_SECRET. Opened with plain SQLite, every table and column of it
 * must reveal no reporter's words and no platform id; every `_enc` column must be `v1:`
 * ciphertext that the right keys open (so the words are really in there) and keys derived from
 * any other secret do not.
 */

let sys: TestSystem;
let copyDir: string;
let copyPath: string;
const cases: { reference: string; secret: string }[] = [];
/** Secrets a thief must not find either: a staff session cookie and a partner API token. */
let sessionToken = '';
let apiToken = '';

beforeAll(async () => {
  sys = await startSystem();
  const shareWords = 'yes' as const;
  cases.push(
    await fileWithWords(asChat(lineChat(sys, SEED_LINE_USER)), seededWords('LINE'), {
      shareWords,
      notify: 'yes',
    }),
    await fileWithWords(messengerChat(sys, SEED_PSID).chat(), seededWords('Messenger'), {
      shareWords,
      notify: 'no',
    }),
    await fileWithWords(webChat(sys, SEED_VISITOR), seededWords('the web chat'), {
      shareWords: 'no',
      notify: 'no',
    }),
  );
  const who = await staffOf(sys, 'demo-ngo-tokai');
  const staff = staffClient(sys.server.url);
  await staff.login(who.email, who.password);
  const page = `/dashboard/tickets/${cases[0]!.reference}`;
  expect((await staff.submit(page, `${page}/reply`, { body: SEED_STAFF_ANSWER })).status).toBe(303);
  expect((await staff.submit(page, `${page}/notes`, { body: SEED_NOTE })).status).toBe(303);
  // The TOTP set-up page seals a secret for this account.
  expect((await staff.get('/dashboard/totp')).status).toBe(200);
  sessionToken = /hl_session=([^;]+)/.exec(staff.cookie())![1]!;
  apiToken = await createPartnerToken(sys.server.database, 'demo-ngo-tokai');
  await sys.server.worker.idle();

  // The theft: the file as it is on disk, with whatever the WAL still holds.
  copyDir = mkdtempSync(join(tmpdir(), 'hotline-stolen-'));
  copyPath = join(copyDir, 'stolen.sqlite');
  copyFileSync(sys.databasePath, copyPath);
  if (existsSync(`${sys.databasePath}-wal`))
    copyFileSync(`${sys.databasePath}-wal`, `${copyPath}-wal`);
}, 90_000);

afterAll(async () => {
  await sys?.stop();
  if (copyDir) rmSync(copyDir, { recursive: true, force: true });
});

type Row = Record<string, unknown>;
interface Dump {
  tables: Map<string, Row[]>;
  /** Every value of every column, as text (blobs as UTF-8 and as hex). */
  text: string;
}

/** Every row of every table of the copy, opened with nothing but SQLite. */
function dumpCopy(): Dump {
  const db = new Database(copyPath);
  try {
    const names = (
      db.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]
    ).map((r) => r.name);
    const tables = new Map<string, Row[]>();
    const parts: string[] = [];
    for (const name of names) {
      const rows = db.prepare(`select * from "${name}"`).all() as Row[];
      tables.set(name, rows);
      for (const row of rows)
        for (const v of Object.values(row))
          parts.push(
            Buffer.isBuffer(v) ? `${v.toString('utf8')} ${v.toString('hex')}` : String(v ?? ''),
          );
    }
    // The schema too: names and defaults are text in the file like anything else.
    parts.push(
      ...(db.prepare('select sql from sqlite_master').all() as Row[]).map((r) => String(r.sql)),
    );
    return { tables, text: parts.join('\n') };
  } finally {
    db.close();
  }
}

/** The associated data each sealed column is bound to (src/conversation/contexts.ts and co). */
const CONTEXTS: Record<string, (row: Row) => string> = {
  'inbox.event_enc': () => 'inbox',
  'conversations.user_enc': (r) => `user:${r.id}`,
  'conversations.state_enc': (r) => `state:${r.id}`,
  'outbox.messages_enc': (r) => `outbox:${r.conversation_id}`,
  'outbox.reply_token_enc': (r) => `outbox:${r.conversation_id}`,
  'ticket_messages.body_enc': (r) => `ticket_message:${r.ticket_id}`,
  'ticket_notes.body_enc': (r) => `ticket_note:${r.ticket_id}`,
  'staff.totp_secret_enc': (r) => `totp:${r.id}`,
};

interface Sealed {
  column: string;
  value: string;
  context: string;
}

/** Every non-empty `_enc` value of the copy, with its context. */
function sealedValues(dump: Dump): Sealed[] {
  const out: Sealed[] = [];
  for (const [table, rows] of dump.tables)
    for (const row of rows)
      for (const [name, value] of Object.entries(row)) {
        if (!name.endsWith('_enc') || value === null) continue;
        const column = `${table}.${name}`;
        const context = CONTEXTS[column];
        if (!context) throw new Error(`${column} is sealed: add its context to CONTEXTS`);
        // An inbox event is emptied once acted on: only its id stays, to drop redeliveries.
        if (column === 'inbox.event_enc' && value === '') {
          expect(row.status).not.toBe('pending');
          continue;
        }
        out.push({ column, value: String(value), context: context(row) });
      }
  return out;
}

const WRONG_SECRET = 'not-the-hotline-secret-0123456789-abcdefghij';
const V1 = new RegExp(`^${ENC_PREFIX}[A-Za-z0-9+/]+={0,2}$`);

describe('a stolen copy of the database, without the secret', () => {
  it('holds every case, and nowhere in its tables or bytes a seeded word or platform id', () => {
    const dump = dumpCopy();
    const tickets = dump.tables.get('tickets')!;
    expect(tickets.map((t) => t.reference).sort()).toEqual(cases.map((c) => c.reference).sort());
    expect(dump.tables.get('ticket_messages')!.length).toBeGreaterThanOrEqual(4);
    // The search works on this very dump: it finds what the file does hold in clear.
    expect(foundInText(dump.text, [cases[0]!.reference, 'demo-ngo-tokai'])).toHaveLength(2);
    const needles = [
      ...PLATFORM_IDS,
      ...WORD_SEEDS,
      ...STAFF_SEEDS,
      ...cases.map((c) => c.secret),
      sessionToken,
      apiToken,
    ];
    expect(foundInText(dump.text, needles)).toEqual([]);
    const bytes = Buffer.concat(
      [copyPath, `${copyPath}-wal`].filter((p) => existsSync(p)).map((p) => readFileSync(p)),
    );
    expect(foundInBytes(bytes, [cases[0]!.reference])).toEqual([cases[0]!.reference]);
    expect(foundInBytes(bytes, needles)).toEqual([]);
  });

  it('has only v1: ciphertext in its _enc columns, which the right keys open and no other key does', async () => {
    const sealed = sealedValues(dumpCopy());
    const columns = new Set(sealed.map((s) => s.column));
    for (const c of [
      'conversations.user_enc',
      'conversations.state_enc',
      'outbox.messages_enc',
      'ticket_messages.body_enc',
      'ticket_notes.body_enc',
      'staff.totp_secret_enc',
    ])
      expect(columns, c).toContain(c);
    for (const s of sealed) {
      expect(s.value, s.column).toMatch(V1);
      // A 12-byte IV, the ciphertext, a 16-byte tag.
      expect(Buffer.from(s.value.slice(ENC_PREFIX.length), 'base64').length).toBeGreaterThan(28);
    }

    // The right secret opens every value, and the seeded words and ids are in there.
    const right = nodeKeys(TEST_SECRET);
    const opened = await Promise.all(sealed.map((s) => right.open(s.value, s.context)));
    const all = opened.join('\n');
    for (const id of [SEED_LINE_USER, SEED_PSID, SEED_VISITOR]) expect(all).toContain(id);
    for (const seed of [SEED_NAME, SEED_PHONE, SEED_STAFF_ANSWER, SEED_NOTE])
      expect(all).toContain(seed);

    // Keys from another secret open none of them, with Web Crypto or node:crypto.
    const wrong: Keys[] = [await deriveKeys(WRONG_SECRET), nodeKeys(WRONG_SECRET)];
    for (const keys of wrong) {
      const results = await Promise.allSettled(sealed.map((s) => keys.open(s.value, s.context)));
      const opened = results.filter((r) => r.status === 'fulfilled');
      expect(opened, 'values a wrong key opened').toEqual([]);
    }
  });

  it('keys conversations by a pseudonym only the secret can compute from a platform id', async () => {
    const dump = dumpCopy();
    const ids = dump.tables.get('conversations')!.map((r) => String(r.id));
    const right = nodeKeys(TEST_SECRET);
    const wrong = nodeKeys(WRONG_SECRET);
    const pairs: [string, string][] = [
      ['line', SEED_LINE_USER],
      ['messenger', SEED_PSID],
      ['web', SEED_VISITOR],
    ];
    for (const [channel, user] of pairs) {
      expect(ids).toContain(await pseudonymOf(right, channel, user));
      // A thief who guesses an id cannot confirm it: no unkeyed hash or wrong-key HMAC matches.
      for (const guess of [
        await pseudonymOf(wrong, channel, user),
        await sha256Hex(`${channel}:${user}`),
        await sha256Hex(user),
      ])
        expect(dump.text).not.toContain(guess);
    }
  });

  it('keeps case secret words, session tokens and API tokens only as hashes a thief cannot use', async () => {
    const dump = dumpCopy();
    for (const c of cases) {
      const row = dump.tables.get('tickets')!.find((t) => t.reference === c.reference)!;
      const stored = String(row.secret_hash);
      expect(stored).not.toContain(c.secret);
      // Not the fast unkeyed hash of the code and the word, which a thief could brute-force.
      expect(stored).not.toContain(await sha256Hex(`${c.reference}:${c.secret}`));
    }
    const sessions = dump.tables.get('staff_sessions')!.map((r) => String(r.id));
    expect(sessions).toContain(await sha256Hex(sessionToken));
    const tokens = dump.tables.get('api_tokens')!.map((r) => String(r.token_hash));
    expect(tokens).toContain(await sha256Hex(apiToken));
    for (const s of dump.tables.get('staff')!)
      expect(String(s.password_hash)).toMatch(/^\$argon2id\$/);
  });
});
