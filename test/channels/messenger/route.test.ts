import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { messengerWebhookHandlers } from '../../../src/channels/messenger/route';
import type { InboundEvent } from '../../../src/channels/types';
import { AppError } from '../../../src/errors';
import { createLogger } from '../../../src/log';
import {
  deliveryMessaging,
  echoMessaging,
  messengerBody,
  postbackMessaging,
  psid,
  signMessenger,
  textMessaging,
} from '../../helpers/messenger-events';

const APP_SECRET = 'route-test-app-secret';
const VERIFY_TOKEN = 'route-test-verify-token';

function harness(ingest?: (events: InboundEvent[]) => Promise<void>) {
  const stored: InboundEvent[] = [];
  const lines: string[] = [];
  const handlers = messengerWebhookHandlers({
    appSecret: APP_SECRET,
    verifyToken: VERIFY_TOKEN,
    ingest: ingest ?? (async (events) => void stored.push(...events)),
    log: createLogger('debug', (l) => lines.push(l)),
  });
  const app = new Hono();
  // The same mapping as src/app.ts.
  app.onError((err, c) =>
    err instanceof AppError
      ? c.json({ error: { code: err.code, message: err.message } }, err.status as 400)
      : c.json({ error: { code: 'internal', message: 'x' } }, 500),
  );
  app.get('/webhooks/messenger', handlers.verify);
  app.post('/webhooks/messenger', handlers.receive);
  const post = (body: string, signature: string | null = signMessenger(body, APP_SECRET)) =>
    app.request('/webhooks/messenger', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(signature === null ? {} : { 'x-hub-signature-256': signature }),
      },
      body,
    });
  return { app, stored, lines, post };
}

describe('GET /webhooks/messenger (subscription handshake)', () => {
  const { app } = harness();
  const get = (q: Record<string, string | undefined>) =>
    app.request(
      `/webhooks/messenger?${new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => e[1] !== undefined))}`,
    );

  it('answers the raw challenge as text with the right verify token', async () => {
    const res = await get({
      'hub.mode': 'subscribe',
      'hub.verify_token': VERIFY_TOKEN,
      'hub.challenge': '1158201444',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe('1158201444');
  });

  it.each([
    { 'hub.mode': 'subscribe', 'hub.verify_token': 'wrong', 'hub.challenge': '1' },
    { 'hub.mode': 'subscribe', 'hub.verify_token': `${VERIFY_TOKEN}x`, 'hub.challenge': '1' },
    { 'hub.mode': 'unsubscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1' },
    { 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1' },
    { 'hub.mode': 'subscribe', 'hub.challenge': '1' },
    { 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN },
    {},
  ])('refuses anything else with 403: %j', async (q) => {
    const res = await get(q);
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: 'forbidden' } });
  });
});

describe('POST /webhooks/messenger', () => {
  it('checks the signature, stores the events and logs ids and kinds only', async () => {
    const { post, stored, lines } = harness();
    const p = psid();
    const body = messengerBody([
      {
        messaging: [
          textMessaging({ psid: p, text: 'my passport was taken' }),
          echoMessaging({ psid: p, text: 'echo text' }),
          deliveryMessaging({ psid: p }),
          postbackMessaging({ psid: p, payload: 'cmd=start' }),
        ],
      },
    ]);
    const res = await post(body);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect(stored.map((e) => e.payload.kind)).toEqual(['text', 'follow']);
    const log = lines.join('\n');
    expect(log).toContain('"type":"message_echo"');
    expect(log).toContain('"type":"delivery"');
    expect(log).toContain(`"event":"${stored[0]!.eventId}"`);
    expect(log).not.toContain(p);
    expect(log).not.toContain('passport');
    expect(log).not.toContain('echo text');
  });

  it('401 on a missing or wrong signature, and nothing is stored', async () => {
    const { post, stored } = harness();
    const body = messengerBody([{ messaging: [textMessaging({ psid: psid(), text: 'x' })] }]);
    for (const signature of [null, signMessenger(body, 'other'), 'sha256=00', 'garbage']) {
      const res = await post(body, signature);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: 'invalid_signature' } });
    }
    expect(stored).toEqual([]);
  });

  it('400 on signed bodies that are not JSON or not a page webhook', async () => {
    const { post, stored } = harness();
    expect((await post('{not json')).status).toBe(400);
    const res = await post(JSON.stringify({ object: 'instagram', entry: [] }));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'bad_request' } });
    expect(stored).toEqual([]);
  });

  it('acknowledges only after the events are stored', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { post } = harness(() => gate);
    const body = messengerBody([{ messaging: [textMessaging({ psid: psid(), text: 'x' })] }]);
    let answered = false;
    const pending = Promise.resolve(post(body)).then((r) => ((answered = true), r));
    await new Promise((r) => setTimeout(r, 20));
    expect(answered).toBe(false);
    release();
    expect((await pending).status).toBe(200);
  });
});
