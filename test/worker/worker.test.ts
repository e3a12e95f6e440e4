import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, createStaff } from '../../src/accounts/staff';
import { parseLineWebhook } from '../../src/channels/line/webhook';
import { createInboxWriter } from '../../src/conversation/ingest';
import { nodeKeys } from '../../src/crypto/node-keys';
import { fileCaseOn } from '../helpers/chat';
import { asChat, lineChat } from '../helpers/line-chat';
import {
  followEvent,
  lineUserId,
  postbackEvent,
  replyToken,
  textEvent,
  webhookBody,
} from '../helpers/line-events';
import { messengerChat } from '../helpers/messenger-chat';
import { psid as newPsid } from '../helpers/messenger-events';
import { MESSENGER_VERIFY_TOKEN, TEST_SECRET, waitFor } from '../helpers/server';
import { staffClient } from '../helpers/staff';
import { startWorkerSystem, type WorkerSystem } from '../helpers/worker-system';

/**
 * The hotline on Cloudflare Workers: wrangler.toml's Worker in workerd, offline, against a local
 * D1 migrated by `wrangler d1 migrations apply`, with the LINE and Messenger stand-ins. One Worker
 * for the file: starting it (and migrating) takes a few seconds.
 */

let sys: WorkerSystem;
const staffLogin = { email: 'kim@example.org', password: '' };
/** An event stored by an isolate that was evicted before it could answer. */
const leftBehind = { token: replyToken(), userId: lineUserId() };

beforeAll(async () => {
  sys = await startWorkerSystem({
    async seed(database) {
      await createOrganisation(database, {
        id: 'demo-ngo-tokai',
        name: 'Tokai',
        requireTotp: false,
      });
      const { password } = await createStaff(database, {
        orgId: 'demo-ngo-tokai',
        email: staffLogin.email,
        displayName: 'Kim',
        role: 'org_admin',
        language: 'en',
      });
      staffLogin.password = password;
      // Dated a minute ahead, so its reply token is still fresh however long the start takes.
      const event = followEvent({
        userId: leftBehind.userId,
        token: leftBehind.token,
        timestamp: Date.now() + 60_000,
      });
      const body = webhookBody([event]);
      // Node's keys and the Worker's (Web Crypto) are byte-compatible.
      await createInboxWriter(
        database,
        nodeKeys(TEST_SECRET),
      )(parseLineWebhook(JSON.parse(body)).events);
    },
  });
}, 90_000);
afterAll(async () => {
  if (process.env.WORKER_LOGS) console.log(sys?.logs.join('\n'));
  await sys?.stop();
});

const tickets = async () =>
  (await (await sys.api('/api/v1/tickets')).json()) as {
    tickets: { reference: string; channel: string; categories: string[] }[];
  };
const settle = (ms = 600) => new Promise((r) => setTimeout(r, ms));

/** A LINE chat that remembers each event it sent, to send one again as LINE redelivers it. */
function recordingChat(userId: string) {
  const base = lineChat(sys.asTestSystem(), userId);
  const events: Record<string, unknown>[] = [];
  const send = (make: (token: string) => object) =>
    base.send((token) => {
      const event = make(token) as Record<string, unknown>;
      events.push(event);
      return event;
    });
  const chat = {
    send,
    follow: () => send((token) => followEvent({ userId, token })),
    tap: (data: string) => send((token) => postbackEvent({ userId, data, token })),
    type: (text: string) => send((token) => textEvent({ userId, text, token })),
  };
  return { chat, events };
}

describe('the Worker (workerd, local D1)', () => {
  it('answers the health check from D1', async () => {
    const res = await fetch(`${sys.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  // Before any webhook: a webhook's own sweep would find the event too.
  it('answers on the cron sweep what an evicted isolate left in the inbox', async () => {
    sys.line.issueToken(leftBehind.token);
    await sys.cron();
    const reply = sys.line.replies.find((r) => r.replyToken === leftBehind.token);
    expect(reply?.messages.length).toBeGreaterThan(0);
  });

  it('files a complete LINE intake as a ticket the JSON API shows; a redelivery changes nothing', async () => {
    const userId = lineUserId();
    const { chat, events } = recordingChat(userId);
    const { reference } = await fileCaseOn(asChat(chat), {
      categories: ['unpaid_wages'],
      residence: 'titp',
      prefecture: 'JP-23',
      industry: 'food_manufacturing',
    });
    expect(sys.line.invalid).toEqual([]);
    expect(sys.line.loadings.length).toBeGreaterThan(0);

    const list = await tickets();
    expect(list.tickets.map((t) => t.reference)).toEqual([reference]);
    const one = await (await sys.api(`/api/v1/tickets/${reference.toLowerCase()}`)).json();
    expect(one.ticket).toMatchObject({
      reference,
      status: 'new',
      channel: 'line',
      channels: ['line'],
      language: 'en',
      categories: ['unpaid_wages'],
      prefecture: 'JP-23',
      industry: 'food_manufacturing',
      residenceStatus: 'titp',
      partner: { id: 'demo-ngo-tokai', kind: 'ngo' },
    });
    expect(JSON.stringify(list)).not.toContain(userId);

    // LINE redelivers the confirming tap: same webhookEventId, isRedelivery, a new reply token.
    const confirm = events.at(-1)!;
    const token = sys.line.issueToken(replyToken());
    const replies = sys.line.replies.length;
    const again = {
      ...confirm,
      replyToken: token,
      deliveryContext: { isRedelivery: true },
    };
    expect((await sys.postLine([again])).status).toBe(200);
    await sys.cron();
    await settle();
    expect(sys.line.replies.length).toBe(replies);
    expect(sys.line.replies.find((r) => r.replyToken === token)).toBeUndefined();
    expect((await tickets()).tickets).toHaveLength(1);
  }, 60_000);

  it('refuses a wrong signature with 401 and stores nothing', async () => {
    const userId = lineUserId();
    const token = sys.line.issueToken(replyToken());
    const res = await sys.postLine([textEvent({ userId, text: 'hello', token })], {
      signature: 'bm90IHRoZSBzaWduYXR1cmU=',
    });
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('invalid_signature');
    await sys.cron();
    await settle();
    expect(sys.line.replies.find((r) => r.replyToken === token)).toBeUndefined();
  });

  it('stores a batch of events in statements of at most 100 parameters, and answers each', async () => {
    // 40 first messages in one webhook: more parameters than D1 takes in one statement.
    const sent = Array.from({ length: 40 }, () => {
      const token = sys.line.issueToken(replyToken());
      return { token, event: followEvent({ userId: lineUserId(), token }) };
    });
    expect((await sys.postLine(sent.map((s) => s.event))).status).toBe(200);
    await waitFor(
      () => sent.every((s) => sys.line.replies.some((r) => r.replyToken === s.token)),
      20_000,
      'a greeting for each of the 40 follows',
    );
  }, 30_000);

  it('retries a reply that failed', async () => {
    const userId = lineUserId();
    const token = sys.line.issueToken(replyToken());
    sys.line.failNext(1, { status: 500 });
    expect((await sys.postLine([followEvent({ userId, token })])).status).toBe(200);
    await waitFor(
      () => sys.line.replies.find((r) => r.replyToken === token),
      10_000,
      'the greeting after a failed first try',
    );
  });

  it('runs Messenger: handshake, signature, and an answer to Get Started', async () => {
    const ok = await fetch(
      `${sys.url}/webhooks/messenger?hub.mode=subscribe&hub.verify_token=${MESSENGER_VERIFY_TOKEN}&hub.challenge=1158201444`,
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    expect((await sys.postMessenger([{ messaging: [] }], { signature: 'sha256=00' })).status).toBe(
      401,
    );
    const chat = messengerChat(sys.asTestSystem(), newPsid());
    const greeting = await chat.follow();
    expect(greeting.length).toBeGreaterThan(0);
    expect(sys.messenger.invalid).toEqual([]);
  });

  it('serves the web chat, and answers in it', async () => {
    const page = await fetch(`${sys.url}/chat?lang=vi`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('lang="vi"');
    const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
    const started = await fetch(`${sys.url}/chat/api/events`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'evt-start-1', type: 'start' }),
    });
    expect(started.status).toBe(202);
    const batches = await waitFor(
      async () => {
        const res = await fetch(`${sys.url}/chat/api/messages?after=0`, { headers: { cookie } });
        const body = (await res.json()) as { batches: { messages: { choices?: unknown[] }[] }[] };
        return body.batches.length ? body.batches : null;
      },
      10_000,
      'the greeting in the web chat',
    );
    expect(batches.flatMap((b) => b.messages).at(-1)?.choices?.length).toBeGreaterThan(0);
  });

  it('logs a staff member in to the dashboard (argon2id in pure JS, a hash made by hash-wasm)', async () => {
    const staff = staffClient(sys.url);
    const wrong = await staff.login(staffLogin.email, 'not-the-password');
    expect(wrong.status).not.toBe(303);
    const res = await staff.login(staffLogin.email, staffLogin.password);
    expect(res.status).toBe(303);
    const inbox = await staff.get('/dashboard');
    expect(inbox.status).toBe(200);
    expect(await inbox.text()).toMatch(/HT-[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}/);
  }, 30_000);

  // Last: it leaves this address rate-limited.
  it('keeps the webhook guard for the isolate: unsigned requests over the limit get 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) {
      const res = await fetch(`${sys.url}/webhooks/line`, { method: 'POST', body: '{}' });
      await res.arrayBuffer();
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.at(-1)).toBe(429);
  });

  it('logs JSON lines without message text or platform ids', () => {
    const lines = sys.logs.filter((l) => l.startsWith('{'));
    expect(lines.some((l) => l.includes('"msg":"replied"'))).toBe(true);
    expect(sys.logs.join('\n')).not.toMatch(/U[0-9a-f]{32}/);
  });
});
