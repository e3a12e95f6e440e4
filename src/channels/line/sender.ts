import { HTTPFetchError, messagingApi } from '@line/bot-sdk';
import type { ChannelSender, OutboundMessage, SendResult } from '../types';

/**
 * Messaging API: reply, push (with X-Line-Retry-Key) and the loading indicator.
 * https://developers.line.biz/en/reference/messaging-api/#send-reply-message
 * https://developers.line.biz/en/reference/messaging-api/#send-push-message
 * https://developers.line.biz/en/reference/messaging-api/#display-a-loading-indicator
 */

const TEXT_LIMIT = 5000;
const LABEL_LIMIT = 20;
const QUICK_REPLY_LIMIT = 13;

const clip = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);

export function toLineMessages(messages: OutboundMessage[]): messagingApi.Message[] {
  return messages.map((m): messagingApi.TextMessage => {
    const msg: messagingApi.TextMessage = { type: 'text', text: clip(m.text, TEXT_LIMIT) };
    if (m.choices?.length) {
      msg.quickReply = {
        items: m.choices.slice(0, QUICK_REPLY_LIMIT).map((c) => ({
          type: 'action',
          action: {
            type: 'postback',
            label: clip(c.label, LABEL_LIMIT),
            data: c.data,
            displayText: clip(c.label, 300),
          },
        })),
      };
    }
    return msg;
  });
}

export function classifyLineError(err: unknown): SendResult {
  if (err instanceof HTTPFetchError) {
    const status = err.status;
    if (status === 429 || status >= 500) {
      const after = Number(err.headers?.get?.('retry-after'));
      return {
        ok: false,
        retryable: true,
        code: `line_${status}`,
        ...(after > 0 ? { retryAfterMs: after * 1000 } : {}),
      };
    }
    // A push retried with the same X-Line-Retry-Key that LINE already accepted.
    if (status === 409 && /retry key|already accepted/i.test(err.body)) return { ok: true };
    if (status === 400 && /invalid reply token/i.test(err.body))
      return { ok: false, retryable: false, tokenSpent: true, code: 'line_invalid_reply_token' };
    return { ok: false, retryable: false, code: `line_${status}` };
  }
  return { ok: false, retryable: true, code: 'line_network' };
}

/** A call LINE has not answered in this time is treated as a network error and retried. */
const CALL_TIMEOUT_MS = 10_000;

export function createLineSender(opts: {
  channelAccessToken: string;
  apiBaseUrl: string;
  timeoutMs?: number;
}): ChannelSender {
  const client = new messagingApi.MessagingApiClient({
    channelAccessToken: opts.channelAccessToken,
    baseURL: opts.apiBaseUrl,
  });
  const call = async (fn: () => Promise<unknown>): Promise<SendResult> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timeout')), opts.timeoutMs ?? CALL_TIMEOUT_MS);
    });
    try {
      await Promise.race([fn(), timeout]);
      return { ok: true };
    } catch (err) {
      return classifyLineError(err);
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    channel: 'line',
    maxMessages: 5,
    reply: (replyToken, messages) =>
      call(() => client.replyMessage({ replyToken, messages: toLineMessages(messages) })),
    // LINE pushes only what the reporter allowed; answers to their events go as replies.
    pushMode: (ctx) => (ctx.consented ? 'push' : null),
    push: (userId, messages, retryKey) =>
      call(() => client.pushMessage({ to: userId, messages: toLineMessages(messages) }, retryKey)),
    async typing(userId) {
      await call(() => client.showLoadingAnimation({ chatId: userId, loadingSeconds: 10 }));
    },
  };
}
