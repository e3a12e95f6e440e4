import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IgnoredEvent, InboundEvent, InboundPayload } from '../types';

/**
 * Messenger webhook: signature and normalisation.
 * https://developers.facebook.com/docs/messenger-platform/webhooks#validate-payloads
 * https://developers.facebook.com/docs/messenger-platform/reference/webhook-events
 * https://developers.facebook.com/docs/messenger-platform/reference/webhook-events/messages
 * https://developers.facebook.com/docs/messenger-platform/reference/webhook-events/messaging_postbacks
 * https://developers.facebook.com/docs/messenger-platform/reference/webhook-events/message-echoes
 * https://developers.facebook.com/docs/messenger-platform/handover-protocol (standby)
 */

/** The Get Started button's payload (set by `cli messenger setup`): Messenger's "follow". */
export const GET_STARTED_PAYLOAD = 'cmd=start';

const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;

/** `X-Hub-Signature-256: sha256=<hex>`: HMAC-SHA256 of the raw bytes, compared in constant time. */
export function verifyMessengerSignature(
  rawBody: Uint8Array,
  appSecret: string,
  header: string | undefined,
): boolean {
  const hex = header ? SIGNATURE.exec(header.trim())?.[1] : undefined;
  if (!hex) return false;
  const given = Buffer.from(hex, 'hex');
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface ParsedMessengerWebhook {
  events: InboundEvent[];
  ignored: IgnoredEvent[];
}

export class MessengerParseError extends Error {}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

/** Platform JSON to inbound events; anything we do not handle is ignored, never an error. */
export function parseMessengerWebhook(body: unknown): ParsedMessengerWebhook {
  if (!isObj(body) || !Array.isArray(body.entry)) {
    throw new MessengerParseError('body must be an object with an "entry" array');
  }
  if (body.object !== 'page') {
    throw new MessengerParseError(
      `"object" must be "page" (got ${typeof body.object === 'string' ? JSON.stringify(body.object.slice(0, 40)) : typeof body.object})`,
    );
  }
  const events: InboundEvent[] = [];
  const ignored: IgnoredEvent[] = [];
  for (const entry of body.entry as unknown[]) {
    if (!isObj(entry)) {
      ignored.push({ type: 'entry', reason: 'not an object' });
      continue;
    }
    // Feed changes (comments, page updates) arrive as `changes`: not a conversation.
    if (Array.isArray(entry.changes))
      ignored.push({ type: 'changes', reason: 'page feed changes are not handled' });
    // Standby: another app owns the thread (handover protocol); we must stay silent.
    if (Array.isArray(entry.standby))
      for (const item of entry.standby as unknown[])
        ignored.push({ type: typeOf(item), reason: 'standby channel' });
    if (Array.isArray(entry.messaging))
      for (const item of entry.messaging as unknown[]) {
        const result = normalise(item);
        if ('reason' in result) ignored.push(result);
        else events.push(result);
      }
  }
  return { events, ignored };
}

/** The kind of one `messaging[]` item, named after the webhook field that carries it. */
const KINDS = [
  'message',
  'postback',
  'delivery',
  'read',
  'reaction',
  'optin',
  'referral',
  'account_linking',
  'policy_enforcement',
  'message_edit',
  'pass_thread_control',
  'take_thread_control',
  'request_thread_control',
  'app_roles',
  'game_play',
] as const;

function typeOf(item: unknown): string {
  if (!isObj(item)) return 'invalid';
  const kind = KINDS.find((k) => item[k] !== undefined && item[k] !== null);
  if (kind === 'message' && isObj(item.message) && item.message.is_echo === true)
    return 'message_echo';
  return kind ?? 'unknown';
}

/** Milliseconds since the epoch; Meta sends a number (the dashboard's test tool a string). */
function toTimestamp(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

function normalise(item: unknown): InboundEvent | IgnoredEvent {
  const type = typeOf(item);
  if (!isObj(item)) return { type, reason: 'not an object' };
  if (type === 'message_echo') return { type, reason: 'echo of a message the page sent' };
  if (type !== 'message' && type !== 'postback') return { type, reason: 'event type not handled' };

  const userId = isObj(item.sender) ? str(item.sender.id) : null;
  if (!userId) return { type, reason: 'no sender id' };
  const timestamp = toTimestamp(item.timestamp);
  if (timestamp === null) return { type, reason: 'missing timestamp' };

  let payload: InboundPayload;
  let eventId: string | null;
  if (type === 'message') {
    if (!isObj(item.message)) return { type, reason: 'message is not an object' };
    const m = item.message;
    eventId = str(m.mid);
    if (!eventId) return { type, reason: 'missing mid' };
    const quick = isObj(m.quick_reply) ? str(m.quick_reply.payload) : null;
    const first = Array.isArray(m.attachments) ? (m.attachments[0] as unknown) : undefined;
    if (quick) payload = { kind: 'postback', data: quick };
    else if (typeof m.text === 'string' && m.text !== '') payload = { kind: 'text', text: m.text };
    else if (first !== undefined)
      payload = { kind: 'media', mediaType: (isObj(first) && str(first.type)) || 'unknown' };
    else return { type, reason: 'message without text or attachments' };
  } else {
    const p = isObj(item.postback) ? item.postback : null;
    const data = p ? str(p.payload) : null;
    if (!p || !data) return { type, reason: 'postback without payload' };
    // No mid (older postbacks): the caller derives a keyed id; never one built from the PSID here.
    eventId = str(p.mid) ?? '';
    payload = data === GET_STARTED_PAYLOAD ? { kind: 'follow' } : { kind: 'postback', data };
  }
  return {
    channel: 'messenger',
    eventId,
    userId,
    timestamp,
    replyToken: null,
    payload,
    raw: item,
  };
}
