import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLineWebhook } from '../../src/channels/line/webhook';
import { loadConfig } from '../../src/config';
import { createInboxWriter } from '../../src/conversation/ingest';
import { nodeKeys } from '../../src/crypto/node-keys';
import { releaseLease, takeLease } from '../../src/db/leases';
import { openSqlite } from '../../src/db/node-sqlite';
import type { Database } from '../../src/db/types';
import { loadContent } from '../../src/entry/files';
import { buildHostDeps } from '../../src/entry/host';
import { MIGRATIONS_DIR } from '../../src/entry/server';
import { sweep } from '../../src/entry/sweep';
import { createLogger } from '../../src/log';
import {
  followEvent,
  lineUserId,
  replyToken,
  textEvent,
  webhookBody,
} from '../helpers/line-events';
import { LineStandIn } from '../helpers/line-stand-in';
import { TEST_SECRET } from '../helpers/server';

/**
 * The Worker's sweep (src/entry/sweep.ts) on Node's driver, where it is quick to try: isolates
 * sweeping side by side answer every event exactly once and in order, because only the lease
 * holder works a queue.
 */

let dir: string;
let database: Database;
let line: LineStandIn;
let deps: ReturnType<typeof buildHostDeps>;
const logs: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hotline-sweep-'));
  database = openSqlite(join(dir, 'hotline.sqlite'), MIGRATIONS_DIR);
  line = new LineStandIn();
  await line.start();
  const config = loadConfig({
    HOTLINE_SECRET: TEST_SECRET,
    LINE_CHANNEL_SECRET: 'sweep-test-secret',
    LINE_CHANNEL_ACCESS_TOKEN: line.accessToken,
    LINE_API_BASE_URL: line.url,
  });
  deps = buildHostDeps({
    config,
    keys: nodeKeys(TEST_SECRET),
    content: await loadContent('flows', 'locales'),
    database,
    log: createLogger('debug', (l) => logs.push(l)),
  });
});
afterAll(async () => {
  database?.close();
  await line?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const store = async (events: object[]) =>
  createInboxWriter(database, deps.keys)(parseLineWebhook(JSON.parse(webhookBody(events))).events);

describe('leases', () => {
  it('go to one holder at a time, renew for it, and pass on when let go or expired', async () => {
    const { db } = database;
    expect(await takeLease(db, 't', 'a', 1000, 0)).toBe(true);
    expect(await takeLease(db, 't', 'b', 1000, 10)).toBe(false);
    expect(await takeLease(db, 't', 'a', 1000, 20)).toBe(true);
    expect(await takeLease(db, 't', 'b', 1000, 1019)).toBe(false);
    expect(await takeLease(db, 't', 'b', 1000, 1020)).toBe(true);
    await releaseLease(db, 't', 'a'); // not a's any more: nothing happens
    expect(await takeLease(db, 't', 'a', 1000, 1030)).toBe(false);
    await releaseLease(db, 't', 'b');
    expect(await takeLease(db, 't', 'a', 1000, 1040)).toBe(true);
    await releaseLease(db, 't', 'a');
  });
});

describe('sweeps side by side', () => {
  it('answer every event once, each reporter in order', async () => {
    const users = Array.from({ length: 6 }, () => lineUserId());
    const tokens = new Map<string, string[]>();
    const events = users.flatMap((userId) => {
      const mine = [replyToken(), replyToken(), replyToken()];
      tokens.set(userId, mine);
      for (const t of mine) line.issueToken(t);
      return [
        followEvent({ userId, token: mine[0]! }),
        textEvent({ userId, text: 'hello', token: mine[1]! }),
        textEvent({ userId, text: 'restart', token: mine[2]! }),
      ];
    });
    await store(events);
    await Promise.all(
      Array.from({ length: 4 }, () => sweep(deps, { budgetMs: 15_000, pollMs: 20 })),
    );
    const all = [...tokens.values()].flat();
    expect(all.every((t) => line.replies.filter((r) => r.replyToken === t).length === 1)).toBe(
      true,
    );
    expect(line.replies).toHaveLength(all.length);
    // Each reporter's replies went out in the order of their events.
    for (const mine of tokens.values()) {
      const at = mine.map((t) => line.replies.findIndex((r) => r.replyToken === t));
      expect([...at].sort((a, b) => a - b)).toEqual(at);
    }
    expect(logs.filter((l) => l.includes('"level":"error"'))).toEqual([]);
  }, 30_000);

  it('leave nothing behind when the lease holder lets go as a new event is stored', async () => {
    const { db } = database;
    // Another sweep holds the lease and is about to let go.
    expect(await takeLease(db, 'conversation', 'other', 30_000)).toBe(true);
    const userId = lineUserId();
    const token = line.issueToken(replyToken());
    await store([followEvent({ userId, token })]);
    const mine = sweep(deps, { budgetMs: 10_000, pollMs: 20 });
    await new Promise((r) => setTimeout(r, 100));
    await releaseLease(db, 'conversation', 'other');
    await mine;
    expect(line.replies.filter((r) => r.replyToken === token)).toHaveLength(1);
  });

  it('stops at its budget and lets the next sweep finish', async () => {
    const users = Array.from({ length: 30 }, () => lineUserId());
    const tokens = users.map(() => line.issueToken(replyToken()));
    await store(users.map((userId, i) => followEvent({ userId, token: tokens[i]! })));
    await sweep(deps, { budgetMs: 1 });
    const answered = () => tokens.filter((t) => line.replies.some((r) => r.replyToken === t));
    expect(answered().length).toBeLessThan(tokens.length);
    await sweep(deps, { budgetMs: 15_000 });
    expect(answered()).toHaveLength(tokens.length);
  }, 30_000);
});
