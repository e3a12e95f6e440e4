import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../src/entry/server';
import { createLogger } from '../../src/log';
import { LineStandIn } from './line-stand-in';
import { sign, webhookBody } from './line-events';
import { messengerBody, signMessenger } from './messenger-events';
import { MessengerStandIn } from './messenger-stand-in';

export const TEST_SECRET = 'test-hotline-secret-0123456789-abcdefghij';
export const LINE_SECRET = 'test-line-channel-secret';
export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';
export const MESSENGER_VERIFY_TOKEN = 'test-messenger-verify-token';

export interface TestSystem {
  server: RunningServer;
  line: LineStandIn;
  messenger: MessengerStandIn;
  dir: string;
  databasePath: string;
  /** Every log line the server wrote. */
  logs: string[];
  postLine(events: unknown[], opts?: { signature?: string; body?: string }): Promise<Response>;
  /** One Messenger delivery: entries of `messaging` items, signed with the app secret. */
  postMessenger(
    entries: { messaging?: unknown[]; standby?: unknown[] }[],
    opts?: { signature?: string; body?: string },
  ): Promise<Response>;
  api(path: string, token?: string): Promise<Response>;
  stop(): Promise<void>;
}

/**
 * The whole system on loopback: real HTTP server, real SQLite file, LINE stand-in. `now` is the
 * clock of the HTTP side (sessions, dashboard, API); the conversation worker keeps the real one.
 */
export async function startSystem(
  env: Record<string, string> = {},
  opts: { now?: () => number } = {},
): Promise<TestSystem> {
  const line = new LineStandIn();
  await line.start();
  const messenger = new MessengerStandIn();
  await messenger.start();
  const dir = mkdtempSync(join(tmpdir(), 'hotline-test-'));
  const databasePath = join(dir, 'hotline.sqlite');
  const logs: string[] = [];
  const server = await startServer(
    {
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_PATH: databasePath,
      HOTLINE_SECRET: TEST_SECRET,
      ADMIN_API_TOKEN: ADMIN_TOKEN,
      LINE_CHANNEL_SECRET: LINE_SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: line.accessToken,
      LINE_API_BASE_URL: line.url,
      MESSENGER_APP_SECRET: messenger.appSecret,
      MESSENGER_VERIFY_TOKEN: MESSENGER_VERIFY_TOKEN,
      MESSENGER_PAGE_ACCESS_TOKEN: messenger.pageAccessToken,
      MESSENGER_API_BASE_URL: messenger.url,
      ...env,
    },
    { log: createLogger('debug', (l) => logs.push(l)), ...(opts.now ? { now: opts.now } : {}) },
  );
  return {
    server,
    line,
    messenger,
    dir,
    databasePath,
    logs,
    async postLine(events, opts = {}) {
      const body = opts.body ?? webhookBody(events);
      return fetch(`${server.url}/webhooks/line`, {
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
      return fetch(`${server.url}/webhooks/messenger`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-hub-signature-256': opts.signature ?? signMessenger(body, messenger.appSecret),
        },
        body,
      });
    },
    api: (path, token = ADMIN_TOKEN) =>
      fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } }),
    async stop() {
      await server.close();
      await line.stop();
      await messenger.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function waitFor<T>(
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() - start > timeoutMs)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
