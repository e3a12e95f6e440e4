import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { unstable_startWorker } from 'wrangler';
import * as schema from '../../src/db/schema';
import type { Database, Db } from '../../src/db/types';
import { LineStandIn } from './line-stand-in';
import { sign, webhookBody } from './line-events';
import { messengerBody, signMessenger } from './messenger-events';
import { MessengerStandIn } from './messenger-stand-in';
import {
  ADMIN_TOKEN,
  LINE_SECRET,
  MESSENGER_VERIFY_TOKEN,
  TEST_SECRET,
  type TestSystem,
} from './server';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const WRANGLER = join(ROOT, 'node_modules/wrangler/bin/wrangler.js');

/** Offline: no `Request.cf` download, no telemetry, only wrangler's errors in the test output. */
const OFFLINE = {
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_SEND_METRICS: 'false',
  // A developer's .env is for their own server, not for the Worker under test.
  CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV: 'false',
  WRANGLER_LOG: 'error',
};

type Worker = Awaited<ReturnType<typeof unstable_startWorker>>;

export interface WorkerSystem {
  url: string;
  worker: Worker;
  line: LineStandIn;
  messenger: MessengerStandIn;
  /** What the Worker wrote with console.log (the hotline's JSON log lines among them). */
  logs: string[];
  postLine: TestSystem['postLine'];
  postMessenger: TestSystem['postMessenger'];
  api(path: string, token?: string): Promise<Response>;
  /** The cron trigger, as Cloudflare would fire it. */
  cron(): Promise<void>;
  /** The shape test/helpers/line-chat.ts and messenger-chat.ts drive (they use line/messenger and the posts). */
  asTestSystem(): TestSystem;
  stop(): Promise<void>;
}

/**
 * The hotline as it runs on Cloudflare: wrangler.toml's Worker in workerd (wrangler's local mode,
 * fully offline), a local D1 with the migrations applied by `wrangler d1 migrations apply`, and
 * the LINE and Messenger stand-ins on loopback behind the base URLs.
 */
export async function startWorkerSystem(
  opts: {
    vars?: Record<string, string>;
    /** Runs on the local D1 once migrated, before the Worker starts (accounts, tokens). */
    seed?: (database: Database) => Promise<void>;
  } = {},
): Promise<WorkerSystem> {
  Object.assign(process.env, OFFLINE);
  const line = new LineStandIn();
  const messenger = new MessengerStandIn();
  await Promise.all([line.start(), messenger.start()]);
  const persist = mkdtempSync(join(tmpdir(), 'hotline-worker-'));
  // The same command an operator runs (with --remote): checks that wrangler reads drizzle's files.
  await promisify(execFile)(
    process.execPath,
    [WRANGLER, 'd1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persist],
    { cwd: ROOT, env: { ...process.env, CI: 'true' } },
  );
  if (opts.seed) await seedD1(persist, opts.seed);
  const logs: string[] = [];
  const text = (value: string) => ({ type: 'plain_text' as const, value });
  const secret = (value: string) => ({ type: 'secret_text' as const, value });
  const settings: Record<string, string> = {
    // Cookies without Secure: the tests speak plain HTTP on loopback.
    NODE_ENV: 'development',
    LOG_LEVEL: 'debug',
    LINE_API_BASE_URL: line.url,
    MESSENGER_API_BASE_URL: messenger.url,
    ...opts.vars,
  };
  const worker = await unstable_startWorker({
    config: join(ROOT, 'wrangler.toml'),
    bindings: {
      ...Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, text(v)])),
      HOTLINE_SECRET: secret(TEST_SECRET),
      ADMIN_API_TOKEN: secret(ADMIN_TOKEN),
      LINE_CHANNEL_SECRET: secret(LINE_SECRET),
      LINE_CHANNEL_ACCESS_TOKEN: secret(line.accessToken),
      MESSENGER_APP_SECRET: secret(messenger.appSecret),
      MESSENGER_VERIFY_TOKEN: secret(MESSENGER_VERIFY_TOKEN),
      MESSENGER_PAGE_ACCESS_TOKEN: secret(messenger.pageAccessToken),
    },
    dev: {
      persist,
      server: { hostname: '127.0.0.1', port: 0 },
      inspector: false,
      watch: false,
      // GET /__scheduled runs the scheduled handler (Worker.scheduled() cannot find it here).
      testScheduled: true,
      structuredLogsHandler: ({ message }: { message: string }) => {
        logs.push(message);
      },
    },
  } as Parameters<typeof unstable_startWorker>[0]);
  await worker.ready;
  const url = (await worker.url).origin;

  const system: WorkerSystem = {
    url,
    worker,
    line,
    messenger,
    logs,
    async postLine(events, opts = {}) {
      const body = opts.body ?? webhookBody(events);
      return fetch(`${url}/webhooks/line`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-line-signature': opts.signature ?? sign(body, LINE_SECRET),
        },
        body,
      });
    },
    async postMessenger(entries, opts = {}) {
      const body = opts.body ?? messengerBody(entries);
      return fetch(`${url}/webhooks/messenger`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-hub-signature-256': opts.signature ?? signMessenger(body, messenger.appSecret),
        },
        body,
      });
    },
    api: (path, token = ADMIN_TOKEN) =>
      fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } }),
    async cron() {
      const res = await fetch(`${url}/__scheduled?cron=${encodeURIComponent('* * * * *')}`);
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`the cron sweep failed: ${res.status}`);
    },
    asTestSystem: () =>
      ({
        ...system,
        // messenger-chat.ts waits for the worker; here: until the stand-ins have heard nothing
        // for a moment.
        server: { worker: { idle: () => quiet(line, messenger) } },
      }) as unknown as TestSystem,
    async stop() {
      await worker.dispose();
      await Promise.all([line.stop(), messenger.stop()]);
      rmSync(persist, { recursive: true, force: true });
    },
  };
  return system;
}

/** Until neither stand-in has been called for `ms`. */
async function quiet(line: LineStandIn, messenger: MessengerStandIn, ms = 300): Promise<void> {
  const count = () => line.calls.length + messenger.sent.length + messenger.actions.length;
  let seen = count();
  let since = Date.now();
  while (Date.now() - since < ms) {
    await new Promise((r) => setTimeout(r, 50));
    if (count() !== seen) {
      seen = count();
      since = Date.now();
    }
  }
}

/**
 * The local D1 is a SQLite file in wrangler's persistence folder: seeded directly, with the
 * Node code's own functions (createStaff hashes with hash-wasm; the Worker then verifies).
 */
async function seedD1(persist: string, seed: (database: Database) => Promise<void>) {
  const folder = join(persist, 'v3/d1/miniflare-D1DatabaseObject');
  const file = readdirSync(folder).find((f) => f.endsWith('.sqlite'));
  if (!file) throw new Error(`no local D1 database in ${folder}`);
  const sqlite = new BetterSqlite3(join(folder, file));
  const db = drizzle(sqlite, { schema }) as unknown as Db;
  try {
    await seed({
      db,
      async commit(statements) {
        sqlite.transaction(() => statements.forEach((s) => s.run()))();
      },
      async appendInbox(rows) {
        await db.insert(schema.inbox).values(rows).onConflictDoNothing();
      },
      ping: async () => true,
      close: () => sqlite.close(),
    });
  } finally {
    sqlite.close();
  }
}
