import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  GET_STARTED_PAYLOAD,
  MessengerParseError,
  parseMessengerWebhook,
  verifyMessengerSignature,
} from '../../../src/channels/messenger/webhook';
import {
  attachmentMessaging,
  deliveryMessaging,
  echoMessaging,
  messengerBody,
  mid,
  PAGE_ID,
  postbackMessaging,
  psid,
  quickReplyMessaging,
  readMessaging,
  signMessenger,
  textMessaging,
} from '../../helpers/messenger-events';

const SECRET = 'app-secret-for-tests';
const bytes = (s: string) => new TextEncoder().encode(s);

describe('verifyMessengerSignature', () => {
  const body = messengerBody([{ messaging: [textMessaging({ psid: psid(), text: 'hello' })] }]);

  it('accepts the HMAC-SHA256 of the raw bytes with the app secret', () => {
    expect(verifyMessengerSignature(bytes(body), SECRET, signMessenger(body, SECRET))).toBe(true);
    // Upper-case hex is the same signature.
    const upper = `sha256=${signMessenger(body, SECRET).slice(7).toUpperCase()}`;
    expect(verifyMessengerSignature(bytes(body), SECRET, upper)).toBe(true);
  });

  it('refuses another secret, another body, a missing header and malformed ones', () => {
    const good = signMessenger(body, SECRET);
    expect(verifyMessengerSignature(bytes(body), 'other-secret', good)).toBe(false);
    expect(verifyMessengerSignature(bytes(body + ' '), SECRET, good)).toBe(false);
    expect(verifyMessengerSignature(bytes(body), SECRET, undefined)).toBe(false);
    expect(verifyMessengerSignature(bytes(body), SECRET, '')).toBe(false);
    expect(verifyMessengerSignature(bytes(body), SECRET, good.slice(7))).toBe(false); // no prefix
    expect(verifyMessengerSignature(bytes(body), SECRET, good.slice(0, -2))).toBe(false); // short
    expect(verifyMessengerSignature(bytes(body), SECRET, `${good}00`)).toBe(false); // long
    expect(verifyMessengerSignature(bytes(body), SECRET, good.replace('sha256=', 'sha1='))).toBe(
      false,
    );
    expect(verifyMessengerSignature(bytes(body), SECRET, `sha256=${'z'.repeat(64)}`)).toBe(false);
  });
});

describe('parseMessengerWebhook', () => {
  const parse = (json: string) => parseMessengerWebhook(JSON.parse(json));

  it('normalises a batch of several entries and ignores what must stay silent', () => {
    const a = psid();
    const b = psid();
    const textMid = mid();
    const postbackMid = mid();
    const body = messengerBody([
      {
        messaging: [
          textMessaging({ psid: a, text: 'My boss keeps my passport', mid: textMid, timestamp: 1 }),
          echoMessaging({ psid: a, text: 'Thank you' }),
          deliveryMessaging({ psid: a }),
          readMessaging({ psid: a }),
        ],
      },
      {
        messaging: [
          postbackMessaging({
            psid: b,
            payload: 'q=category&choice=unpaid_wages',
            mid: postbackMid,
          }),
          postbackMessaging({ psid: b, payload: 'cmd=help', mid: null }),
          quickReplyMessaging({ psid: b, payload: 'q=safe_now&choice=yes', text: 'Yes' }),
          attachmentMessaging({ psid: b, type: 'image' }),
          postbackMessaging({ psid: b, payload: GET_STARTED_PAYLOAD }),
        ],
      },
      { standby: [textMessaging({ psid: a, text: 'to the inbox app' })] },
    ]);
    const { events, ignored } = parse(body);

    expect(events.map((e) => e.payload)).toEqual([
      { kind: 'text', text: 'My boss keeps my passport' },
      { kind: 'postback', data: 'q=category&choice=unpaid_wages' },
      { kind: 'postback', data: 'cmd=help' },
      { kind: 'postback', data: 'q=safe_now&choice=yes' },
      { kind: 'media', mediaType: 'image' },
      { kind: 'follow' },
    ]);
    expect(events.map((e) => e.userId)).toEqual([a, b, b, b, b, b]);
    expect(events.every((e) => e.channel === 'messenger' && e.replyToken === null)).toBe(true);
    expect(events[0]).toMatchObject({ eventId: textMid, timestamp: 1 });
    expect(events[1]!.eventId).toBe(postbackMid);
    // A postback without mid: the caller derives a keyed id, never one built from the PSID here.
    expect(events[2]!.eventId).toBe('');
    expect(events[3]!.eventId).toMatch(/^m_/);
    expect(events[0]!.raw).toEqual(JSON.parse(body).entry[0].messaging[0]);

    expect(ignored.map((i) => i.type)).toEqual(['message_echo', 'delivery', 'read', 'message']);
    expect(ignored.at(-1)!.reason).toBe('standby channel');
    // Reported by type and reason only: nothing of the person in them.
    expect(JSON.stringify(ignored)).not.toContain(a);
    expect(JSON.stringify(ignored)).not.toContain('inbox app');
  });

  it('ignores event types it does not handle, by type', () => {
    const p = psid();
    const base = { sender: { id: p }, recipient: { id: PAGE_ID }, timestamp: Date.now() };
    const body = {
      object: 'page',
      entry: [
        {
          id: PAGE_ID,
          time: Date.now(),
          messaging: [
            { ...base, reaction: { mid: mid(), action: 'react', reaction: 'love', emoji: '❤' } },
            { ...base, optin: { type: 'notification_messages', payload: 'x' } },
            { ...base, referral: { ref: 'poster', source: 'SHORTLINK', type: 'OPEN_THREAD' } },
            { ...base, account_linking: { status: 'unlinked' } },
            { ...base, policy_enforcement: { action: 'block', reason: 'spam' } },
            { ...base, something_new: {} },
            'not an object',
            { ...base, message: { mid: mid() } },
            { ...base, message: { text: 'no mid' } },
            { ...base, postback: { mid: mid(), title: 'x' } },
            {
              recipient: { id: PAGE_ID },
              timestamp: 1,
              message: { mid: mid(), text: 'no sender' },
            },
            { ...base, timestamp: 'yesterday', message: { mid: mid(), text: 'bad time' } },
          ],
        },
        { id: PAGE_ID, time: Date.now(), changes: [{ field: 'feed', value: {} }] },
        'junk',
      ],
    };
    const { events, ignored } = parseMessengerWebhook(body);
    expect(events).toEqual([]);
    expect(ignored.map((i) => i.type)).toEqual([
      'reaction',
      'optin',
      'referral',
      'account_linking',
      'policy_enforcement',
      'unknown',
      'invalid',
      'message',
      'message',
      'postback',
      'message',
      'message',
      'changes',
      'entry',
    ]);
  });

  it('takes a quick reply as the postback it carries, and text with attachments as text', () => {
    const p = psid();
    const withBoth = {
      ...textMessaging({ psid: p, text: 'look at this' }),
    };
    (withBoth.message as Record<string, unknown>).attachments = [{ type: 'image', payload: {} }];
    const { events } = parseMessengerWebhook({
      object: 'page',
      entry: [
        {
          id: PAGE_ID,
          time: 1,
          messaging: [
            withBoth,
            quickReplyMessaging({ psid: p, payload: 'cmd=language', text: 'Language' }),
          ],
        },
      ],
    });
    expect(events.map((e) => e.payload)).toEqual([
      { kind: 'text', text: 'look at this' },
      { kind: 'postback', data: 'cmd=language' },
    ]);
  });

  it('accepts a batch with no entries (the dashboard test) and an entry without messaging', () => {
    expect(parseMessengerWebhook({ object: 'page', entry: [] })).toEqual({
      events: [],
      ignored: [],
    });
    expect(
      parseMessengerWebhook({ object: 'page', entry: [{ id: PAGE_ID, time: 1 }] }).events,
    ).toEqual([]);
  });

  it('refuses a body that is not a page webhook with a clear message', () => {
    expect(() => parseMessengerWebhook({ object: 'instagram', entry: [] })).toThrow(
      /"object" must be "page" \(got "instagram"\)/,
    );
    expect(() => parseMessengerWebhook({ object: 'page' })).toThrow(MessengerParseError);
    expect(() => parseMessengerWebhook({ entry: [] })).toThrow(MessengerParseError);
    expect(() => parseMessengerWebhook(null)).toThrow(/"entry" array/);
    expect(() => parseMessengerWebhook([])).toThrow(MessengerParseError);
  });

  it('never throws anything but MessengerParseError, and never yields an event without a user', () => {
    const item = fc.oneof(
      fc.anything(),
      fc.record(
        {
          sender: fc.oneof(fc.anything(), fc.record({ id: fc.oneof(fc.string(), fc.anything()) })),
          recipient: fc.anything(),
          timestamp: fc.oneof(fc.integer(), fc.string(), fc.anything()),
          message: fc.oneof(
            fc.anything(),
            fc.record(
              {
                mid: fc.oneof(fc.string(), fc.anything()),
                text: fc.oneof(fc.string(), fc.anything()),
                is_echo: fc.oneof(fc.boolean(), fc.anything()),
                quick_reply: fc.oneof(fc.record({ payload: fc.anything() }), fc.anything()),
                attachments: fc.oneof(fc.array(fc.anything()), fc.anything()),
              },
              { requiredKeys: [] },
            ),
          ),
          postback: fc.oneof(
            fc.anything(),
            fc.record({ mid: fc.anything(), payload: fc.anything() }, { requiredKeys: [] }),
          ),
        },
        { requiredKeys: [] },
      ),
    );
    const entry = fc.oneof(
      fc.anything(),
      fc.record(
        {
          id: fc.anything(),
          messaging: fc.oneof(fc.array(item), fc.anything()),
          standby: fc.anything(),
        },
        { requiredKeys: [] },
      ),
    );
    const body = fc.oneof(
      fc.anything(),
      fc.record({
        object: fc.oneof(fc.constant('page'), fc.anything()),
        entry: fc.oneof(fc.array(entry), fc.anything()),
      }),
    );
    fc.assert(
      fc.property(body, (b) => {
        let parsed;
        try {
          parsed = parseMessengerWebhook(b);
        } catch (err) {
          expect(err).toBeInstanceOf(MessengerParseError);
          return;
        }
        for (const e of parsed.events) {
          expect(typeof e.userId).toBe('string');
          expect(e.userId).not.toBe('');
          expect(typeof e.eventId).toBe('string');
          expect(Number.isFinite(e.timestamp)).toBe(true);
          expect(e.channel).toBe('messenger');
        }
      }),
      { numRuns: 2000 },
    );
  });
});
