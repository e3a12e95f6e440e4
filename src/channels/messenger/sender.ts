import { createHmac } from 'node:crypto';
import type { ChannelSender, OutboundMessage, PushContext, PushMode, SendResult } from '../types';
import { classifyGraphError, graphNetworkError } from './graph-errors';
import { splitText, TEXT_LIMIT } from './split';

/**
 * Send API: text with quick replies, RESPONSE or HUMAN_AGENT-tagged, and sender actions.
 * https://developers.facebook.com/docs/messenger-platform/reference/send-api
 * https://developers.facebook.com/docs/messenger-platform/send-messages#messaging_types
 * https://developers.facebook.com/docs/messenger-platform/send-messages/message-tags (HUMAN_AGENT)
 * https://developers.facebook.com/docs/messenger-platform/send-messages/quick-replies
 * https://developers.facebook.com/docs/messenger-platform/send-messages/sender-actions
 * https://developers.facebook.com/docs/graph-api/guides/secure-requests#appsecret_proof
 */

/** Standard messaging window: any message within 24 hours of the person's last one. */
export const RESPONSE_WINDOW_MS = 24 * 60 * 60 * 1000;
/** HUMAN_AGENT tag: a person's (staff) answer within 7 days of the person's last message. */
export const HUMAN_AGENT_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

const QUICK_REPLY_LIMIT = 13;
const TITLE_LIMIT = 20;
const PAYLOAD_LIMIT = 1000;
/** A call Graph has not answered in this time is treated as a network error and retried. */
const CALL_TIMEOUT_MS = 10_000;

/**
 * Bot turns go as RESPONSE inside 24 hours; a staff answer later than that carries HUMAN_AGENT,
 * which only a human may send and only within 7 days; anything else waits in the mailbox.
 */
export function messengerPushMode(ctx: PushContext): PushMode | null {
  const since = ctx.sinceInboundMs;
  if (since === null || since < 0) return null;
  if (ctx.answer) return since < RESPONSE_WINDOW_MS ? 'response' : null;
  if (!ctx.consented) return null;
  if (since < RESPONSE_WINDOW_MS) return 'response';
  if (since < HUMAN_AGENT_WINDOW_MS) return 'human_agent';
  return null;
}

/** Clip to `n` code points (never half a surrogate pair), marking the cut with an ellipsis. */
const clip = (s: string, n: number): string => {
  const points = [...s];
  return points.length <= n ? s : `${points.slice(0, n - 1).join('')}…`;
};

export interface QuickReply {
  content_type: 'text';
  title: string;
  payload: string;
}
export interface SendMessage {
  text: string;
  quick_replies?: QuickReply[];
}

/** Our messages as Send API message objects: long texts split, quick replies on the very last. */
export function toMessengerMessages(messages: OutboundMessage[]): SendMessage[][] {
  const out = messages.map((m) =>
    splitText(m.text, TEXT_LIMIT).map((text) => ({ text }) as SendMessage),
  );
  const choices = messages.at(-1)?.choices ?? [];
  // The last piece sent: an empty last message (nothing to send) leaves them on the one before.
  const lastPiece = out.findLast((pieces) => pieces.length > 0)?.at(-1);
  if (lastPiece && choices.length) {
    lastPiece.quick_replies = choices
      .filter((c) => c.data.length > 0 && c.data.length <= PAYLOAD_LIMIT)
      .slice(0, QUICK_REPLY_LIMIT)
      .map((c) => ({
        content_type: 'text',
        title: clip(c.label.trim() || c.data, TITLE_LIMIT),
        payload: c.data,
      }));
    if (!lastPiece.quick_replies.length) delete lastPiece.quick_replies;
  }
  return out;
}

export interface MessengerSenderOptions {
  pageAccessToken: string;
  appSecret: string;
  /** Graph API origin, e.g. https://graph.facebook.com */
  apiBaseUrl: string;
  /** e.g. v25.0 */
  apiVersion: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export function createMessengerSender(opts: MessengerSenderOptions): ChannelSender {
  const doFetch = opts.fetch ?? fetch;
  // Graph recommends appsecret_proof on every server call: HMAC-SHA256 of the token, keyed by the secret.
  const proof = createHmac('sha256', opts.appSecret).update(opts.pageAccessToken).digest('hex');
  const url =
    `${opts.apiBaseUrl.replace(/\/+$/, '')}/${opts.apiVersion}/me/messages` +
    `?access_token=${encodeURIComponent(opts.pageAccessToken)}&appsecret_proof=${proof}`;

  const call = async (body: unknown): Promise<SendResult> => {
    let res: Response;
    try {
      res = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(opts.timeoutMs ?? CALL_TIMEOUT_MS),
      });
    } catch (err) {
      return graphNetworkError(err);
    }
    let json: unknown = null;
    try {
      json = await res.json();
    } catch {
      // An empty or non-JSON body: classified by status alone.
    }
    if (res.ok && !(json && typeof json === 'object' && 'error' in json)) return { ok: true };
    return classifyGraphError(res.status, json, res.headers);
  };

  return {
    channel: 'messenger',
    maxMessages: 10,
    // Messenger has no reply tokens: every answer goes through push with a messaging type.
    reply: async () => ({
      ok: false,
      retryable: false,
      tokenSpent: true,
      code: 'messenger_no_reply_token',
    }),
    pushMode: messengerPushMode,
    // Graph has no idempotency key: `delivered` tells the caller where to resume instead.
    async push(psid, messages, _retryKey, mode) {
      if (mode === 'push')
        return { ok: false, retryable: false, code: 'messenger_unsupported_mode' };
      const kind =
        mode === 'human_agent'
          ? { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' }
          : { messaging_type: 'RESPONSE' };
      const pieces = toMessengerMessages(messages);
      for (let i = 0; i < pieces.length; i++) {
        for (const message of pieces[i]!) {
          const result = await call({ recipient: { id: psid }, ...kind, message });
          if (!result.ok) return { ...result, delivered: i };
        }
      }
      return { ok: true };
    },
    async typing(psid) {
      await call({ recipient: { id: psid }, sender_action: 'typing_on' });
    },
  };
}
