import { DEFAULT_RETENTION } from '../src/privacy/retention';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { createApp } from '../src/app';
import { createLineSender } from '../src/channels/line/sender';
import type { ChannelSender, InboundEvent } from '../src/channels/types';
import { loadConfig } from '../src/config';
import { notifyKeys } from '../src/tickets/signing';
import type { HostDeps } from '../src/conversation/deps';
import { deliverDue } from '../src/conversation/delivery';
import { commandIndex } from '../src/conversation/interpret';
import { drainInbox } from '../src/conversation/worker';
import { decrypt, deriveKeys, encrypt, pseudonymOf } from '../src/crypto/keys';
import { openSqlite } from '../src/db/node-sqlite';
import { inbox } from '../src/db/schema';
import type { Statement } from '../src/db/types';
import { loadContent } from '../src/entry/files';
import { MIGRATIONS_DIR } from '../src/entry/server';
import { createLogger } from '../src/log';
import { LineStandIn } from '../test/helpers/line-stand-in';
import { LINE_SECRET, LineLoad } from './line-load';
import { inboxWriter, serverKeys, WEB_CRYPTO } from './src-parts';

export interface Cost {
  stage: string;
  /** CPU time of the whole process (all threads) per event, µs. */
  us: number;
  what: string;
}

/**
 * Where one LINE event's CPU goes, stage by stage: the modules the server composes, called in
 * turn on `n` events, one after another, in a process of its own. No sockets.
 * `npx tsx bench/breakdown.ts [n]` prints a table; `npm run bench` runs it at the end.
 */
export async function breakdown(line: LineStandIn, n: number): Promise<Cost[]> {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-breakdown-'));
  const config = loadConfig({
    DATABASE_PATH: join(dir, 'h.sqlite'),
    LINE_CHANNEL_SECRET: LINE_SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: line.accessToken,
    LINE_API_BASE_URL: line.url,
  });
  const database = openSqlite(config.databasePath, MIGRATIONS_DIR);
  try {
    const secret = 'bench-hotline-secret-0123456789-abcdefghij';
    const { keys, kind } = await serverKeys(secret);
    const content = await loadContent(config.flowsDir, config.localesDir);
    const log = createLogger('warn');
    const quiet: ChannelSender = {
      channel: 'line',
      maxMessages: 5,
      reply: async () => ({ ok: true }),
      pushMode: () => 'push',
      push: async () => ({ ok: true }),
      typing: async () => undefined,
    };
    const deps: HostDeps = {
      database,
      keys,
      flow: content.flow,
      translator: content.translator,
      commands: commandIndex(content.translator),
      directory: content.directory,
      services: content.services,
      notify: notifyKeys(keys, {}),
      senders: { line: quiet },
      log,
      now: Date.now,
      retention: DEFAULT_RETENTION,
      replyWindowMs: 50_000,
    };
    const appWith = (ingest: (events: InboundEvent[]) => Promise<void>) =>
      createApp({
        database,
        directory: content.directory,
        log,
        adminApiToken: undefined,
        line: config.line,
        messenger: null,
        production: true,
        webTexts: () => {
          throw new Error('the bench does not serve the web chat');
        },
        now: Date.now,
        ingest,
        clientIp: () => 'bench',
        webMessages: async () => [],
        dashboard: {
          database,
          keys,
          directory: content.directory,
          translator: content.translator,
          now: Date.now,
          secureCookies: true,
          clientIp: () => 'bench',
          kick: () => undefined,
        },
      });
    const bare = new Hono().post('/webhooks/line', async (c) => {
      await c.req.arrayBuffer();
      return c.json({ ok: true });
    });
    const load = new LineLoad(line);
    const costs: Cost[] = [];
    const cpu = () => {
      const c = process.cpuUsage();
      return c.user + c.system;
    };
    const measure = async (stage: string, what: string, run: (i: number) => Promise<unknown>) => {
      const warm = Math.min(200, n);
      for (let i = 0; i < warm; i++) await run(n + i);
      const c0 = cpu();
      for (let i = 0; i < n; i++) await run(i);
      costs.push({ stage, us: (cpu() - c0) / n, what });
    };
    const shots = Array.from({ length: 3 * (n + 200) }, () => load.shot());
    let next = 0;
    const request = () => {
      const s = shots[next++]!;
      const headers = { ...s.headers, 'content-length': String(Buffer.byteLength(s.body)) };
      return new Request('http://bench/webhooks/line', { method: 'POST', headers, body: s.body });
    };

    await measure('bare Hono app.fetch (baseline)', 'reads the body, answers {ok:true}', async () =>
      bare.fetch(request()),
    );
    const noStore = appWith(async () => undefined);
    await measure(
      'webhook, storing skipped',
      'middleware, signature, JSON parse, normalise',
      async () => noStore.fetch(request()),
    );
    const app = appWith(inboxWriter(database, keys));
    await measure(
      'webhook, full ingest',
      '… and the inbox write: what the 200 waits for',
      async () => app.fetch(request()),
    );

    // Everything stored above is now in the inbox: process, then deliver it, as the worker does.
    const queued = (await database.db.select({ id: inbox.id }).from(inbox)).length;
    let c0 = cpu();
    await drainInbox(deps);
    costs.push({
      stage: 'worker: drainInbox',
      us: (cpu() - c0) / queued,
      what: 'decrypt ×2, session, flow step, texts, encrypt ×4, one commit',
    });
    c0 = cpu();
    let delivered = 0;
    for (let k; (k = await deliverDue(deps));) delivered += k;
    costs.push({
      stage: 'worker: deliverDue',
      us: (cpu() - c0) / Math.max(1, delivered),
      what: 'select ×3, decrypt ×2, pack, one commit (sender stubbed)',
    });
    const sender = createLineSender({ channelAccessToken: line.accessToken, apiBaseUrl: line.url });
    await measure(
      'LINE calls: typing + reply',
      '@line/bot-sdk over fetch; stand-in side included',
      async (i) => {
        const s = shots[i % shots.length]!;
        s.sent?.();
        await sender.typing('U0');
        await sender.reply(/"replyToken":"([^"]+)"/.exec(s.body)![1]!, [{ text: 'Hello' }]);
      },
    );
    const perEvent = costs.slice(2).reduce((a, c) => a + c.us, 0);
    costs.push({
      stage: 'sum for one event',
      us: perEvent,
      what: `at most ~${Math.round(1e6 / perEvent)} events/s per core, end to end`,
    });

    // The crypto the server uses, and the other implementation beside it.
    const webKeys = kind === WEB_CRYPTO ? keys : await deriveKeys(secret);
    const key = randomBytes(32);
    const sealOpen = (k: typeof keys) => async () =>
      decrypt(k, await encrypt(k, 'x'.repeat(1024), 'ctx'), 'ctx');
    await measure(`· AES-GCM seal + open, 1 KB`, `${kind}, as the server does`, sealOpen(keys));
    if (kind === WEB_CRYPTO)
      await measure('· the same with node:crypto', 'createCipheriv, for comparison', async () => {
        const iv = randomBytes(12);
        const e = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from('ctx'));
        const ct = Buffer.concat([e.update('x'.repeat(1024), 'utf8'), e.final()]);
        const d = createDecipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from('ctx'));
        d.setAuthTag(e.getAuthTag());
        return Buffer.concat([d.update(ct), d.final()]);
      });
    else
      await measure('· the same with Web Crypto', 'deriveKeys, for comparison', sealOpen(webKeys));
    await measure('· pseudonym HMAC', `${kind}, as the server does`, () =>
      pseudonymOf(keys, 'line', 'U0'),
    );
    const row = (i: number) => ({
      channel: 'bench',
      eventId: `e${i}`,
      conversationId: 'c'.repeat(64),
      eventEnc: `v1:${'x'.repeat(1400)}`,
    });
    await measure(
      '· drizzle insert + commit',
      'one inbox row, alone in its transaction',
      async (i) =>
        database.commit([
          database.db.insert(inbox).values(row(i)).onConflictDoNothing() as unknown as Statement,
        ]),
    );
    const raw = new BetterSqlite3(config.databasePath);
    const insert = raw.prepare(
      'insert into inbox (channel, event_id, conversation_id, event_enc) values (?, ?, ?, ?) on conflict do nothing',
    );
    await measure(
      '· the same insert, prepared once',
      'better-sqlite3 directly, for comparison',
      async (i) => {
        const r = row(10 * n + i);
        raw.transaction(() => insert.run(r.channel, r.eventId, r.conversationId, r.eventEnc))();
      },
    );
    raw.close();
    await measure('· drizzle select by primary key', 'built and prepared on every call', () =>
      database.db.select().from(inbox).where(eq(inbox.id, 1)).limit(1),
    );
    return costs;
  } finally {
    database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the breakdown in a fresh child process (a clean heap), for bench/webhook.ts. */
export async function breakdownInChild(root: string, n: number): Promise<Cost[]> {
  const { execFile } = await import('node:child_process');
  const out = await new Promise<string>((resolve, reject) =>
    execFile(
      process.execPath,
      ['--import', 'tsx', 'bench/breakdown.ts', String(n), '--json'],
      { cwd: root, timeout: 120_000, maxBuffer: 1 << 20 },
      (err, stdout) => (err ? reject(err) : resolve(stdout)),
    ),
  );
  return JSON.parse(out) as Cost[];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const line = new LineStandIn();
  await line.start();
  try {
    const costs = await breakdown(line, Number(process.argv[2] ?? 1000));
    if (process.argv.includes('--json')) process.stdout.write(JSON.stringify(costs));
    else
      for (const c of costs)
        console.log(`${c.stage.padEnd(34)} ${c.us.toFixed(0).padStart(6)} µs  ${c.what}`);
  } finally {
    await line.stop();
  }
}
