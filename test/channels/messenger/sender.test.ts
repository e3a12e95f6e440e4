import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { classifyGraphError } from '../../../src/channels/messenger/graph-errors';
import {
  createMessengerSender,
  HUMAN_AGENT_WINDOW_MS,
  messengerPushMode,
  RESPONSE_WINDOW_MS,
  toMessengerMessages,
} from '../../../src/channels/messenger/sender';
import { splitText } from '../../../src/channels/messenger/split';
import type { Choice, PushContext, PushMode } from '../../../src/channels/types';
import { psid } from '../../helpers/messenger-events';
import { MessengerStandIn, OUTSIDE_WINDOW_ERROR } from '../../helpers/messenger-stand-in';

const HOUR = 60 * 60 * 1000;
const graph = new MessengerStandIn();
const sender = () =>
  createMessengerSender({
    pageAccessToken: graph.pageAccessToken,
    appSecret: graph.appSecret,
    apiBaseUrl: graph.url,
    apiVersion: graph.apiVersion,
    timeoutMs: 500,
  });

beforeAll(() => graph.start());
afterAll(() => graph.stop());
afterEach(() => {
  graph.reset();
  graph.now = Date.now;
  expect(graph.invalid).toEqual([]);
});

const choices = (n: number): Choice[] =>
  Array.from({ length: n }, (_, i) => ({
    label: `Option number ${i + 1}`,
    data: `q=x&choice=o${i}`,
  }));

describe('messengerPushMode', () => {
  const at = (answer: boolean, consented: boolean, since: number | null): PushContext => ({
    answer,
    consented,
    sinceInboundMs: since,
  });
  const table: [PushContext, PushMode | null][] = [
    [at(true, false, 0), 'response'],
    [at(true, false, 23 * HOUR), 'response'],
    [at(true, true, 23 * HOUR), 'response'],
    [at(true, true, 25 * HOUR), null], // a bot turn never carries the tag
    [at(true, true, null), null],
    [at(false, true, HOUR), 'response'],
    [at(false, true, 25 * HOUR), 'human_agent'],
    [at(false, true, 6 * 24 * HOUR), 'human_agent'],
    [at(false, true, HUMAN_AGENT_WINDOW_MS), null], // after 7 days it waits in the mailbox
    [at(false, true, null), null],
    [at(false, false, HOUR), null],
    [at(false, false, 25 * HOUR), null],
  ];
  it.each(table)('%j → %s', (ctx, mode) => expect(messengerPushMode(ctx)).toBe(mode));

  it('names the windows', () => {
    expect(RESPONSE_WINDOW_MS).toBe(24 * HOUR);
    expect(HUMAN_AGENT_WINDOW_MS).toBe(7 * 24 * HOUR);
    expect(sender().pushMode).toBe(messengerPushMode);
  });
});

describe('splitText', () => {
  it('keeps short texts whole and never returns empty pieces', () => {
    expect(splitText('hello')).toEqual(['hello']);
    expect(splitText('   ')).toEqual([]);
  });

  it('prefers paragraphs, then lines, then sentences, then spaces', () => {
    const para = `${'a'.repeat(1500)}\n\n${'b'.repeat(1000)}`;
    expect(splitText(para)).toEqual(['a'.repeat(1500), 'b'.repeat(1000)]);
    const line = `${'a'.repeat(1200)}\n${'b'.repeat(900)} ${'c'.repeat(500)}`;
    expect(splitText(line)[0]).toBe('a'.repeat(1200));
    const sentence = `${'word '.repeat(250)}end. ${'more '.repeat(200)}`;
    expect(splitText(sentence)[0]!.endsWith('end.')).toBe(true);
    const japanese = `${'あ'.repeat(1500)}。${'い'.repeat(1000)}`;
    expect(splitText(japanese)).toEqual([`${'あ'.repeat(1500)}。`, 'い'.repeat(1000)]);
  });

  it('never splits a surrogate pair, and every piece fits', () => {
    const emoji = '😀'.repeat(1500); // 3000 code units, no spaces
    const pieces = splitText(emoji);
    expect(pieces.join('')).toBe(emoji);
    for (const p of pieces) {
      expect(p.length).toBeLessThanOrEqual(2000);
      expect(p).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
    }
    const odd = 'x' + '😀'.repeat(1500);
    expect(splitText(odd).join('')).toBe(odd);
    for (const p of splitText(odd)) expect(p).not.toMatch(/[\uD800-\uDBFF]$/);
  });
});

describe('toMessengerMessages', () => {
  it('puts at most 13 quick replies, titles clipped to 20, on the last piece of the last message', () => {
    const long = [{ label: 'A very long label that goes on', data: 'q=x&choice=long' }];
    const out = toMessengerMessages([
      { text: 'first', choices: choices(2) }, // not the last message: its choices are dropped
      { text: `${'a'.repeat(1990)} ${'b'.repeat(100)}`, choices: [...long, ...choices(14)] },
    ]);
    expect(out[0]).toEqual([{ text: 'first' }]);
    expect(out[1]).toHaveLength(2);
    expect(out[1]![0]!.quick_replies).toBeUndefined();
    const qr = out[1]![1]!.quick_replies!;
    expect(qr).toHaveLength(13);
    expect(qr[0]).toEqual({
      content_type: 'text',
      title: 'A very long label t…',
      payload: 'q=x&choice=long',
    });
    expect([...qr[0]!.title]).toHaveLength(20);
  });
});

describe('createMessengerSender against the Graph stand-in', () => {
  it('has no reply tokens', async () => {
    const s = sender();
    expect(s.channel).toBe('messenger');
    expect(s.maxMessages).toBe(10);
    expect(await s.reply('token', [{ text: 'x' }])).toEqual({
      ok: false,
      retryable: false,
      tokenSpent: true,
      code: 'messenger_no_reply_token',
    });
    expect(graph.calls).toHaveLength(0);
  });

  it('sends a bot turn as RESPONSE, one message per call, in order, with appsecret_proof', async () => {
    const p = psid();
    graph.noteInbound(p);
    const before = graph.sent.length;
    const result = await sender().push(
      p,
      [{ text: 'one' }, { text: 'two', choices: choices(3) }],
      'retry-key',
      'response',
    );
    expect(result).toEqual({ ok: true });
    const sent = graph.sent.slice(before);
    expect(sent.map((s) => [s.recipient, s.messaging_type, s.tag, s.message.text])).toEqual([
      [p, 'RESPONSE', undefined, 'one'],
      [p, 'RESPONSE', undefined, 'two'],
    ]);
    expect(sent[1]!.message.quick_replies!.map((q) => q.payload)).toEqual([
      'q=x&choice=o0',
      'q=x&choice=o1',
      'q=x&choice=o2',
    ]);
    // The stand-in refuses any call without the right appsecret_proof (checked in afterEach).
    expect(graph.calls.at(-1)).toMatchObject({ path: '/v25.0/me/messages', status: 200 });
  });

  it('tags a late staff answer HUMAN_AGENT, which the stand-in accepts up to 7 days', async () => {
    const p = psid();
    graph.noteInbound(p, Date.now() - 3 * 24 * HOUR);
    expect(await sender().push(p, [{ text: 'Staff answer' }], 'k', 'human_agent')).toEqual({
      ok: true,
    });
    expect(graph.sent.at(-1)).toMatchObject({
      recipient: p,
      messaging_type: 'MESSAGE_TAG',
      tag: 'HUMAN_AGENT',
    });
  });

  it('splits a long text into pieces of at most 2000 with quick replies on the last piece', async () => {
    const p = psid();
    graph.noteInbound(p);
    const before = graph.sent.length;
    const text = Array.from(
      { length: 60 },
      (_, i) => `Paragraph ${i}: ${'word '.repeat(20).trim()}.`,
    ).join('\n\n');
    expect(text.length).toBeGreaterThan(4000);
    const result = await sender().push(p, [{ text, choices: choices(13) }], 'k', 'response');
    expect(result).toEqual({ ok: true });
    const sent = graph.sent.slice(before);
    expect(sent.length).toBeGreaterThanOrEqual(3);
    for (const s of sent) expect(s.message.text.length).toBeLessThanOrEqual(2000);
    expect(sent.slice(0, -1).every((s) => s.message.quick_replies === undefined)).toBe(true);
    expect(sent.at(-1)!.message.quick_replies).toHaveLength(13);
    expect(sent.map((s) => s.message.text).join('\n\n')).toBe(text.trim());
  });

  it.each([
    [{ status: 500, body: { error: { message: 'Internal', code: 1 } } }, 'messenger_1'],
    [{ status: 503, body: 'Service Unavailable' }, 'messenger_503'],
    [
      {
        status: 429,
        body: { error: { message: 'Too many', code: 613 } },
        headers: { 'retry-after': '7' },
      },
      'messenger_613',
    ],
    [
      {
        status: 400,
        body: { error: { message: '(#4) Application request limit reached', code: 4 } },
      },
      'messenger_4',
    ],
    [
      { status: 400, body: { error: { message: 'Temporary send message failure', code: 1200 } } },
      'messenger_1200',
    ],
  ])('a temporary failure is retryable: %j', async (failure, code) => {
    const p = psid();
    graph.failNext(1, failure);
    const result = await sender().push(p, [{ text: 'x' }], 'k', 'response');
    expect(result).toMatchObject({ ok: false, retryable: true, code, delivered: 0 });
    if ('headers' in failure) expect(result).toMatchObject({ retryAfterMs: 7000 });
  });

  it('a network error and a timeout are retryable', async () => {
    graph.failNext(1, 'hang');
    expect(await sender().push(psid(), [{ text: 'x' }], 'k', 'response')).toMatchObject({
      ok: false,
      retryable: true,
      code: 'messenger_timeout',
    });
    const down = createMessengerSender({
      pageAccessToken: 't',
      appSecret: 's',
      apiBaseUrl: 'http://127.0.0.1:9',
      apiVersion: 'v25.0',
    });
    expect(await down.push(psid(), [{ text: 'x' }], 'k', 'response')).toMatchObject({
      ok: false,
      retryable: true,
      code: 'messenger_network',
    });
  });

  it('a RESPONSE after 24 hours is refused by the window: windowClosed, not retryable', async () => {
    const p = psid();
    graph.noteInbound(p, Date.now() - 25 * HOUR);
    expect(await sender().push(p, [{ text: 'late bot turn' }], 'k', 'response')).toEqual({
      ok: false,
      retryable: false,
      windowClosed: true,
      code: 'messenger_window_closed',
      delivered: 0,
    });
    graph.noteInbound(p, Date.now() - 8 * 24 * HOUR);
    const q = psid();
    graph.noteInbound(q, Date.now() - 8 * 24 * HOUR);
    expect(await sender().push(q, [{ text: 'very late' }], 'k', 'human_agent')).toMatchObject({
      windowClosed: true,
      code: 'messenger_window_closed',
    });
  });

  it('reports how many messages were delivered before a failure (3rd of 4 fails → 2)', async () => {
    const p = psid();
    graph.noteInbound(p);
    const before = graph.sent.length;
    let calls = 0;
    const failing = createMessengerSender({
      pageAccessToken: graph.pageAccessToken,
      appSecret: graph.appSecret,
      apiBaseUrl: graph.url,
      apiVersion: graph.apiVersion,
      fetch: async (input, init) => {
        if (++calls === 3) graph.failNext(1, { status: 500, body: { error: { code: 2 } } });
        return fetch(input, init);
      },
    });
    const result = await failing.push(
      p,
      [{ text: 'm1' }, { text: 'm2' }, { text: 'm3' }, { text: 'm4' }],
      'k',
      'response',
    );
    expect(result).toMatchObject({ ok: false, retryable: true, code: 'messenger_2', delivered: 2 });
    expect(graph.sent.slice(before).map((s) => s.message.text)).toEqual(['m1', 'm2']);
  });

  it('shows typing_on, best effort', async () => {
    const p = psid();
    await sender().typing(p);
    expect(graph.actions.at(-1)).toMatchObject({ recipient: p, sender_action: 'typing_on' });
    // A failure is swallowed.
    const down = createMessengerSender({
      pageAccessToken: 't',
      appSecret: 's',
      apiBaseUrl: 'http://127.0.0.1:9',
      apiVersion: 'v25.0',
    });
    await expect(down.typing(p)).resolves.toBeUndefined();
  });

  it('a wrong token or app secret is refused by Graph and not retried', async () => {
    const wrong = createMessengerSender({
      pageAccessToken: graph.pageAccessToken,
      appSecret: 'not-the-secret',
      apiBaseUrl: graph.url,
      apiVersion: graph.apiVersion,
    });
    expect(await wrong.push(psid(), [{ text: 'x' }], 'k', 'response')).toMatchObject({
      ok: false,
      retryable: false,
      code: 'messenger_100',
    });
    const badToken = createMessengerSender({
      pageAccessToken: 'expired',
      appSecret: graph.appSecret,
      apiBaseUrl: graph.url,
      apiVersion: graph.apiVersion,
    });
    expect(await badToken.push(psid(), [{ text: 'x' }], 'k', 'response')).toMatchObject({
      ok: false,
      retryable: false,
      code: 'messenger_invalid_token',
    });
    expect(graph.invalid).toEqual(['appsecret_proof: wrong', 'access_token: missing or wrong']);
    graph.invalid.length = 0;
  });

  it('puts neither the PSID nor the text in a code', async () => {
    const p = psid();
    graph.failNext(1, {
      status: 400,
      body: { error: { message: `bad ${p} secret words`, code: 100 } },
    });
    const result = await sender().push(p, [{ text: 'secret words' }], 'k', 'response');
    expect(result).toMatchObject({ ok: false, code: 'messenger_100' });
    expect(JSON.stringify(result)).not.toContain(p);
    expect(JSON.stringify(result)).not.toContain('secret');
  });
});

describe('classifyGraphError', () => {
  const err = (code: number, error_subcode?: number, message = 'm') => ({
    error: { message, type: 'OAuthException', code, error_subcode, fbtrace_id: 'A1' },
  });
  it.each([
    [400, OUTSIDE_WINDOW_ERROR, 'messenger_window_closed', false],
    [400, err(10, 2534022), 'messenger_window_closed', false],
    [400, err(10, 2018065), 'messenger_window_closed', false],
    [
      400,
      err(10, undefined, '(#10) This message is sent outside of allowed window.'),
      'messenger_window_closed',
      false,
    ],
    [400, err(10), 'messenger_10', false],
    [
      400,
      err(551, 1545041, "(#551) This person isn't available right now."),
      'messenger_user_unavailable',
      false,
    ],
    [400, err(200, 1545041), 'messenger_user_unavailable', false],
    [400, err(10, 2018108), 'messenger_user_unavailable', false],
    [400, err(190, 463), 'messenger_invalid_token', false],
    [400, err(17), 'messenger_17', true],
    [400, err(32), 'messenger_32', true],
    [400, err(341), 'messenger_341', true],
    [400, { error: { code: 100, is_transient: true } }, 'messenger_100', true],
    [400, err(100, 2018001), 'messenger_100', false],
    [404, null, 'messenger_404', false],
    [502, null, 'messenger_502', true],
  ])('%i %j → %s', (status, body, code, retryable) => {
    const result = classifyGraphError(status, body);
    expect(result).toMatchObject({ ok: false, code, retryable });
    expect(result.windowClosed === true).toBe(code === 'messenger_window_closed');
  });

  it('reads Retry-After in seconds or as a date', () => {
    const h = new Headers({ 'retry-after': '3' });
    expect(classifyGraphError(429, null, h).retryAfterMs).toBe(3000);
    const later = new Headers({ 'retry-after': new Date(Date.now() + 60_000).toUTCString() });
    expect(classifyGraphError(503, null, later).retryAfterMs).toBeGreaterThan(50_000);
  });
});
