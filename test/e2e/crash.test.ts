import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { lineUserId, replyToken, sign, textEvent, webhookBody } from '../helpers/line-events';
import { LineStandIn } from '../helpers/line-stand-in';
import { LINE_SECRET, TEST_SECRET, waitFor } from '../helpers/server';

let line: LineStandIn;
let dir: string;
let child: ChildProcess | null = null;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/** The real server process, exactly as `npm start` runs it. */
async function startChild(port: number): Promise<ChildProcess> {
  // One process, no wrapper: SIGKILL must hit the server itself.
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/entry/node.ts'], {
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      DATABASE_PATH: join(dir, 'hotline.sqlite'),
      HOTLINE_SECRET: TEST_SECRET,
      LINE_CHANNEL_SECRET: LINE_SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: line.accessToken,
      LINE_API_BASE_URL: line.url,
      LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
  });
  await waitFor(
    async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null))?.ok,
    20_000,
    'the server to start',
  );
  return proc;
}

beforeAll(async () => {
  line = new LineStandIn();
  await line.start();
  dir = mkdtempSync(join(tmpdir(), 'hotline-crash-'));
});
afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
  }
  await line.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('loses nothing when killed with SIGKILL right after answering 200: the event is answered once after restart', async () => {
  const port = await freePort();
  child = await startChild(port);
  // LINE receives the reply request but the process dies before it completes.
  line.failNext(1, 'hang');
  const userId = lineUserId();
  const token = line.issueToken(replyToken());
  const body = webhookBody([
    textEvent({ userId, text: 'hello, I need help with my salary', token }),
  ]);
  const res = await fetch(`http://127.0.0.1:${port}/webhooks/line`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-line-signature': sign(body, LINE_SECRET) },
    body,
  });
  expect(res.status).toBe(200);
  child.kill('SIGKILL');
  await new Promise((r) => child!.once('exit', r));
  // Nothing answers on the port any more: the process is really gone.
  expect(await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => 'refused')).toBe('refused');
  line.reset();
  expect(line.replies).toHaveLength(0);

  child = await startChild(port);
  const reply = await waitFor(
    () => line.replies.find((r) => r.replyToken === token),
    15_000,
    'the reply after restart',
  );
  // Answered in the language of the message, with a one-tap way to change it.
  expect(reply.messages.at(-1)!.quickReply!.items.map((i) => i.action.data)).toEqual([
    'q=consent&choice=yes',
    'q=consent&choice=no',
    'cmd=language',
  ]);
  await new Promise((r) => setTimeout(r, 1000));
  expect(line.replies).toHaveLength(1);
});
