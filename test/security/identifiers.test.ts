import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPartnerToken } from '../../src/tickets/tokens';
import { asChat, lineChat } from '../helpers/line-chat';
import { messengerChat } from '../helpers/messenger-chat';
import { startSystem, waitFor, type TestSystem } from '../helpers/server';
import { staffClient, staffOf } from '../helpers/staff';
import {
  databaseFiles,
  fileWithWords,
  foundInBytes,
  foundInText,
  laterWords,
  PLATFORM_IDS,
  SEED_ADDRESS,
  SEED_CARD,
  SEED_EMAIL,
  SEED_LINE_USER,
  SEED_LINE_USER_2,
  SEED_MARKER,
  SEED_NAME,
  SEED_NOTE,
  SEED_PHONE,
  SEED_PHONE_2,
  SEED_PSID,
  SEED_PSID_2,
  SEED_STAFF_ANSWER,
  SEED_VISITOR,
  seededWords,
  STAFF_SEEDS,
  webChat,
  WORD_SEEDS,
} from './seeds';

/**
 * Recognisable fake identifiers go in through every channel (platform ids of LINE, Messenger and
 * the web chat; a phone number, an e-mail address, a residence-card number, a name and an
 * address in the reporter's words), through real conversations: three cases filed with words, a
 * staff answer and a note, partner notifications, and two cases continued on another channel
 * with their case code. Then the database file and its WAL, the logs, every JSON API response,
 * every dashboard page, the CSV exports and the partner notifications are searched for them.
 */

const TOKAI = 'demo-ngo-tokai';

/** A partner's server: records every notification and accepts it. */
const notificationsSeen: { path: string; headers: IncomingHttpHeaders; raw: string }[] = [];
let partnerServer: Server;
let flowsDir: string;
let sys: TestSystem;

interface Case {
  channel: string;
  reference: string;
  secret: string;
  /** Where the words were typed, and whether the reporter agreed to share them. */
  words: string[];
  shared: boolean;
}
const cases: Case[] = [];
let staff: ReturnType<typeof staffClient>;
let admin: ReturnType<typeof staffClient>;

const ALL_SEEDS = () => [...PLATFORM_IDS, ...WORD_SEEDS, ...STAFF_SEEDS, ...secrets()];
/** The secret words given at the end of each intake: shown once, stored only hashed. */
const secrets = () => cases.map((c) => c.secret);

beforeAll(async () => {
  partnerServer = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      notificationsSeen.push({ path: req.url ?? '', headers: req.headers, raw });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => partnerServer.listen(0, '127.0.0.1', r));
  const port = (partnerServer.address() as AddressInfo).port;
  flowsDir = mkdtempSync(join(tmpdir(), 'hotline-security-flows-'));
  cpSync('flows', flowsDir, { recursive: true });
  const partnersPath = join(flowsDir, 'partners.yaml');
  const data = parse(readFileSync(partnersPath, 'utf8')) as {
    partners: { id: string; notificationUrl?: string }[];
  };
  for (const p of data.partners) p.notificationUrl = `http://127.0.0.1:${port}/${p.id}`;
  writeFileSync(partnersPath, stringify(data));
  sys = await startSystem({ FLOWS_DIR: flowsDir });

  // 1. A case on each channel, with the reporter's words.
  const line = lineChat(sys, SEED_LINE_USER);
  const lineWords = seededWords('LINE');
  cases.push({
    channel: 'line',
    ...(await fileWithWords(asChat(line), lineWords, { shareWords: 'yes', notify: 'yes' })),
    words: [lineWords],
    shared: true,
  });
  const messengerWords = seededWords('Messenger');
  cases.push({
    channel: 'messenger',
    ...(await fileWithWords(messengerChat(sys, SEED_PSID).chat(), messengerWords, {
      shareWords: 'yes',
      notify: 'no',
    })),
    words: [messengerWords],
    shared: true,
  });
  const webWords = seededWords('the web chat');
  cases.push({
    channel: 'web',
    ...(await fileWithWords(webChat(sys, SEED_VISITOR), webWords, {
      shareWords: 'no',
      notify: 'no',
    })),
    words: [webWords],
    shared: false,
  });
  const [onLine, , onWeb] = cases as [Case, Case, Case];

  // 2. Staff answer the LINE case and note something on it.
  const caseworker = await staffOf(sys, TOKAI, 'org_admin');
  staff = staffClient(sys.server.url);
  expect((await staff.login(caseworker.email, caseworker.password)).status).toBe(303);
  const page = (c: Case) => `/dashboard/tickets/${c.reference}`;
  const answer = async (c: Case, body: string) => {
    expect((await staff.submit(page(c), `${page(c)}/reply`, { body })).status).toBe(303);
    await sys.server.worker.idle();
  };
  await answer(onLine, SEED_STAFF_ANSWER);
  expect(
    (await staff.submit(page(onLine), `${page(onLine)}/notes`, { body: SEED_NOTE })).status,
  ).toBe(303);

  // 3. The LINE case continues on Messenger, the web case on LINE, each with more words.
  const newMessenger = messengerChat(sys, SEED_PSID_2);
  const resumed = await newMessenger.type(`${onLine.reference} ${onLine.secret}`);
  expect(resumed.map((s) => s.message.text).join('\n')).toContain(
    `Your case ${onLine.reference} continues here`,
  );
  await newMessenger.type(laterWords);
  onLine.words.push(laterWords);
  const newLine = lineChat(sys, SEED_LINE_USER_2);
  const resumedOnLine = await newLine.type(`${onWeb.reference} ${onWeb.secret}`);
  expect(resumedOnLine.map((m) => m.text).join('\n')).toContain(
    `Your case ${onWeb.reference} continues here`,
  );
  await newLine.type(laterWords);
  onWeb.words.push(laterWords);
  // A second answer reaches the case where it now is.
  await answer(onLine, `${SEED_STAFF_ANSWER} (again)`);

  // 4. Every filed case was notified to its partner.
  await waitFor(
    () => cases.every((c) => notificationsSeen.some((n) => n.raw.includes(c.reference))),
    15_000,
    'a notification of every case',
  );
  await sys.server.worker.idle();

  const platformAdmin = await staffOf(sys, null, 'platform_admin');
  admin = staffClient(sys.server.url);
  expect((await admin.login(platformAdmin.email, platformAdmin.password)).status).toBe(303);
}, 120_000);

afterAll(async () => {
  await sys?.stop();
  partnerServer?.close();
  if (flowsDir) rmSync(flowsDir, { recursive: true, force: true });
});

describe('the searches', () => {
  it('find a planted string, in UTF-8 and UTF-16LE, in any letter case', () => {
    const bytes = Buffer.concat([
      Buffer.from('xx nguyen van seedname xx', 'utf8'),
      Buffer.from(`yy${SEED_EMAIL.toUpperCase()}yy`, 'utf16le'),
    ]);
    expect(foundInBytes(bytes, [SEED_NAME, SEED_EMAIL, SEED_CARD])).toEqual([
      SEED_NAME,
      SEED_EMAIL,
    ]);
    expect(foundInText(`{"x":"${SEED_PSID}"}`, PLATFORM_IDS)).toEqual([SEED_PSID]);
  });
});

describe('seeded identifiers', () => {
  it('reached the encrypted record: staff see the words on each case page, never a platform id', async () => {
    for (const c of cases) {
      const html = await (await staff.get(`/dashboard/tickets/${c.reference}`)).text();
      for (const w of c.words) expect(html).toContain(w);
      for (const seed of [SEED_NAME, SEED_PHONE, SEED_EMAIL, SEED_CARD, SEED_ADDRESS])
        expect(html).toContain(seed);
      expect(foundInText(html, PLATFORM_IDS)).toEqual([]);
      expect(foundInText(html, secrets())).toEqual([]);
    }
    const first = await (await staff.get(`/dashboard/tickets/${cases[0]!.reference}`)).text();
    expect(first).toContain(SEED_PHONE_2);
    expect(first).toContain(SEED_STAFF_ANSWER);
    expect(first).toContain(SEED_NOTE);
    expect(first).toContain('The reporter continued this case on Messenger.');
    // The answers were announced: the first on the LINE account, the second on the new
    // Messenger one, each by the neutral notice only (the test below checks nothing else went).
    expect(
      sys.line.pushes.some(
        (p) =>
          p.to === SEED_LINE_USER && p.messages.some((m) => m.text === 'You have a new message'),
      ),
    ).toBe(true);
    expect(
      sys.messenger.sent.some(
        (s) => s.recipient === SEED_PSID_2 && s.message.text === 'You have a new message',
      ),
    ).toBe(true);
  });

  // The notify question promises the push "will only say 'You have a new message'": a staff
  // answer must never reach a lock screen as written.
  it('push only “You have a new message” to a reporter who allowed notifications', () => {
    const pushed = sys.line.pushes
      .filter((p) => p.to === SEED_LINE_USER)
      .flatMap((p) => p.messages.map((m) => m.text));
    expect(pushed.length).toBeGreaterThan(0);
    for (const text of pushed) expect(text).not.toContain('SEEDSTAFFANSWER');
  });

  it('are on no other dashboard page, and no platform id is on any page, for staff or an admin', async () => {
    const pages = ['/dashboard', '/dashboard/stats', '/dashboard/audit', '/dashboard/totp'];
    for (const client of [staff, admin]) {
      for (const path of pages) {
        const res = await client.get(path);
        const html = await res.text();
        expect([200, 303], path).toContain(res.status);
        expect(foundInText(html, ALL_SEEDS()), path).toEqual([]);
      }
      const inbox = await (await client.get('/dashboard')).text();
      for (const c of cases) expect(inbox).toContain(c.reference);
      for (const c of cases) {
        const html = await (await client.get(`/dashboard/tickets/${c.reference}`)).text();
        expect(html).toContain(c.reference);
        expect(foundInText(html, PLATFORM_IDS)).toEqual([]);
      }
      const stats = await (await client.get('/dashboard/export/stats.csv')).text();
      expect(foundInText(stats, ALL_SEEDS())).toEqual([]);
    }
  });

  it('are nowhere in clear in the database file or its WAL, before and after a checkpoint', async () => {
    await sys.server.worker.idle();
    // A planted row proves the search reads the WAL, then the main file after the checkpoint,
    // in both encodings.
    const canary = 'CANARY-in-clear-0001';
    const canary16 = 'CANARY-utf16-0001';
    const live = new Database(sys.databasePath);
    try {
      live.exec('create table if not exists security_canary (t text, b blob)');
      live
        .prepare('insert into security_canary values (?, ?)')
        .run(canary, Buffer.from(canary16, 'utf16le'));
      const files = databaseFiles(sys.databasePath);
      const wal = files.find((f) => f.name.endsWith('-wal'))!;
      expect(wal.bytes.length).toBeGreaterThan(0);
      expect(foundInBytes(wal.bytes, [canary, canary16])).toEqual([canary, canary16]);
      for (const f of files) expect(foundInBytes(f.bytes, ALL_SEEDS()), f.name).toEqual([]);

      const [result] = live.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      expect(result!.busy).toBe(0);
      const after = databaseFiles(sys.databasePath);
      const main = after.find((f) => !f.name.includes('-'))!;
      expect(foundInBytes(main.bytes, [canary, canary16])).toEqual([canary, canary16]);
      for (const f of after) expect(foundInBytes(f.bytes, ALL_SEEDS()), f.name).toEqual([]);
    } finally {
      live.close();
    }
  });

  it('are in no log line, though the logs tell of every case', () => {
    const logs = sys.logs.join('\n');
    for (const c of cases) expect(logs).toContain(c.reference);
    expect(logs).toContain('case resumed');
    expect(foundInText(logs, ALL_SEEDS())).toEqual([]);
  });

  it('are in no JSON API response, with the admin token or a partner’s', async () => {
    const tokai = await createPartnerToken(sys.server.database, TOKAI);
    const other = await createPartnerToken(sys.server.database, 'demo-ngo-national');
    const bodies: string[] = [];
    const get = async (path: string, token?: string, status = 200) => {
      const res = await sys.api(path, token);
      expect(res.status, path).toBe(status);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      const body = await res.text();
      bodies.push(body);
      return body;
    };
    for (const token of [undefined, tokai]) {
      const list = await get('/api/v1/tickets', token);
      for (const c of cases) expect(list).toContain(c.reference);
      await get('/api/v1/tickets?limit=1', token);
      for (const c of cases) {
        const one = JSON.parse(await get(`/api/v1/tickets/${c.reference}`, token));
        expect(one.ticket.reference).toBe(c.reference);
      }
    }
    const moved = JSON.parse(await get(`/api/v1/tickets/${cases[0]!.reference}`));
    expect(moved.ticket.channels).toEqual(['line', 'messenger']);
    // Another partner sees none of it: its list is empty of these, each ticket a 404.
    const otherList = await get('/api/v1/tickets', other);
    for (const c of cases) {
      expect(otherList).not.toContain(c.reference);
      await get(`/api/v1/tickets/${c.reference}`, other, 404);
    }
    await get('/api/v1/tickets', 'htk_not-a-token', 401);
    for (const body of bodies) expect(foundInText(body, ALL_SEEDS())).toEqual([]);
  });

  it('reach a partner notification only as consented words, masked, never a platform id', () => {
    expect(notificationsSeen.length).toBeGreaterThanOrEqual(cases.length);
    for (const n of notificationsSeen) {
      const text = n.raw + JSON.stringify(n.headers);
      expect(foundInText(text, [...PLATFORM_IDS, ...STAFF_SEEDS, ...secrets()])).toEqual([]);
      // Phone numbers, e-mail addresses and card numbers are masked even with consent.
      expect(
        foundInText(text, [SEED_PHONE, SEED_PHONE.replace(/-/g, ''), SEED_EMAIL, SEED_CARD]),
      ).toEqual([]);
    }
    type Body = { event: string; ticket: { reference: string }; words?: string[] };
    for (const c of cases) {
      const filed = notificationsSeen
        .map((n) => JSON.parse(n.raw) as Body)
        .filter((b) => b.event === 'ticket.filed' && b.ticket.reference === c.reference);
      expect(filed, c.reference).toHaveLength(1);
      const words = (filed[0]!.words ?? []).join('\n');
      // The words go along only with the reporter's yes to share_words, and then masked.
      expect(words.includes(SEED_MARKER), c.reference).toBe(c.shared);
      if (c.shared) expect(words).toMatch(/\[phone\][\s\S]*\[email\]/);
    }
  });

  it('reach a CSV export only as masked words when asked for, never a platform id', async () => {
    const plain = await (
      await staff.submit('/dashboard/stats', '/dashboard/export/tickets.csv', {})
    ).text();
    for (const c of cases) expect(plain).toContain(c.reference);
    expect(foundInText(plain, ALL_SEEDS())).toEqual([]);
    const withWords = await (
      await staff.submit('/dashboard/stats', '/dashboard/export/tickets.csv', { words: 'yes' })
    ).text();
    expect(withWords).toContain(SEED_MARKER);
    expect(
      foundInText(withWords, [
        ...PLATFORM_IDS,
        ...STAFF_SEEDS,
        ...secrets(),
        SEED_PHONE,
        SEED_PHONE.replace(/-/g, ''),
        SEED_PHONE_2,
        SEED_EMAIL,
        SEED_CARD,
      ]),
    ).toEqual([]);
  });
});
