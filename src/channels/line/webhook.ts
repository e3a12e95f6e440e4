import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { webhook } from '@line/bot-sdk';
import type { IgnoredEvent, InboundEvent, InboundPayload } from '../types';

/**
 * LINE webhook: signature and normalisation.
 * https://developers.line.biz/en/reference/messaging-api/#webhooks
 * https://developers.line.biz/en/docs/messaging-api/receiving-messages/#verify-signature
 */

/**
 * The check of `x-line-signature` for one channel secret: HMAC-SHA256 of the raw body, compared
 * in constant time, exactly as `@line/bot-sdk`'s `validateSignature` does (the header decoded
 * from base64, lengths compared first, then `timingSafeEqual`). The secret becomes a key object
 * once: handing the string to every `createHmac` builds a key per request.
 */
export function lineSignatureVerifier(
  channelSecret: string,
): (rawBody: Uint8Array, signature: string | undefined) => boolean {
  let key: KeyObject | string = channelSecret;
  try {
    key = createSecretKey(Buffer.from(channelSecret, 'utf8'));
  } catch {
    // A runtime without key objects (some Worker builds): the secret itself, as the SDK passes it.
  }
  return (rawBody, signature) => {
    if (!signature) return false;
    try {
      const expected = createHmac('sha256', key).update(rawBody).digest();
      const given = Buffer.from(signature, 'base64');
      return given.length === expected.length && timingSafeEqual(expected, given);
    } catch {
      return false;
    }
  };
}

/** Constant-time HMAC-SHA256 check of the raw body (see lineSignatureVerifier). */
export function verifyLineSignature(
  rawBody: Uint8Array,
  channelSecret: string,
  signature: string | undefined,
): boolean {
  return lineSignatureVerifier(channelSecret)(rawBody, signature);
}

export interface ParsedLineWebhook {
  events: InboundEvent[];
  ignored: IgnoredEvent[];
}

export class LineParseError extends Error {}

/** Platform JSON to inbound events; anything we do not handle is ignored, never an error. */
export function parseLineWebhook(body: unknown): ParsedLineWebhook {
  if (!body || typeof body !== 'object' || !Array.isArray((body as { events?: unknown }).events)) {
    throw new LineParseError('body must be an object with an "events" array');
  }
  const events: InboundEvent[] = [];
  const ignored: IgnoredEvent[] = [];
  for (const e of (body as webhook.CallbackRequest).events as unknown[]) {
    const result = normalise(e);
    if ('reason' in result) ignored.push(result);
    else events.push(result);
  }
  return { events, ignored };
}

function normalise(raw: unknown): InboundEvent | IgnoredEvent {
  if (!raw || typeof raw !== 'object') return { type: 'invalid', reason: 'not an object' };
  const e = raw as webhook.Event & {
    replyToken?: string;
    message?: { type?: string; text?: string };
    postback?: { data?: string };
  };
  const type = typeof e.type === 'string' ? e.type : 'invalid';
  if (
    typeof e.webhookEventId !== 'string' ||
    !e.webhookEventId.trim() ||
    typeof e.timestamp !== 'number'
  ) {
    return { type, reason: 'missing webhookEventId or timestamp' };
  }
  // Standby: another channel (e.g. a human operator tool) is active; we must stay silent.
  if (e.mode === 'standby') return { type, reason: 'standby mode' };
  const source = e.source as { type?: string; userId?: string } | undefined;
  if (source?.type !== 'user') return { type, reason: `source ${source?.type ?? 'missing'}` };
  if (typeof source.userId !== 'string' || !source.userId.trim())
    return { type, reason: 'no user id' };

  let payload: InboundPayload | null = null;
  switch (type) {
    case 'follow':
      payload = { kind: 'follow' };
      break;
    case 'unfollow':
      payload = { kind: 'unfollow' };
      break;
    case 'message':
      if (e.message?.type === 'text' && typeof e.message.text === 'string')
        payload = { kind: 'text', text: e.message.text };
      else payload = { kind: 'media', mediaType: String(e.message?.type ?? 'unknown') };
      break;
    case 'postback':
      if (typeof e.postback?.data === 'string')
        payload = { kind: 'postback', data: e.postback.data };
      break;
  }
  if (!payload) return { type, reason: 'event type not handled' };
  return {
    channel: 'line',
    eventId: e.webhookEventId,
    userId: source.userId,
    timestamp: e.timestamp,
    replyToken: typeof e.replyToken === 'string' ? e.replyToken : null,
    payload,
    raw,
  };
}
