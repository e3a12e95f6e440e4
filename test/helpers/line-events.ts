import { createHmac, randomBytes } from 'node:crypto';

/**
 * Real-format LINE webhook payloads (shared/spec/line/webhook.yml): every field LINE sends,
 * signed the way LINE signs them.
 */

const ULID = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const eventId = (): string => Array.from(randomBytes(26), (b) => ULID[b % 32]).join('');
export const lineUserId = (): string => `U${randomBytes(16).toString('hex')}`;
export const replyToken = (): string => randomBytes(16).toString('hex');

export interface EventOptions {
  userId: string;
  timestamp?: number;
  redelivery?: boolean;
  id?: string;
  token?: string;
}

const common = (o: EventOptions) => ({
  mode: 'active',
  timestamp: o.timestamp ?? Date.now(),
  source: { type: 'user', userId: o.userId },
  webhookEventId: o.id ?? eventId(),
  deliveryContext: { isRedelivery: o.redelivery ?? false },
});

export const textEvent = (o: EventOptions & { text: string }) => ({
  type: 'message',
  ...common(o),
  replyToken: o.token ?? replyToken(),
  message: {
    id: String(Date.now()) + randomBytes(2).readUInt16BE(),
    type: 'text',
    quoteToken: randomBytes(12).toString('base64url'),
    text: o.text,
  },
});

export const postbackEvent = (o: EventOptions & { data: string }) => ({
  type: 'postback',
  ...common(o),
  replyToken: o.token ?? replyToken(),
  postback: { data: o.data },
});

export const followEvent = (o: EventOptions) => ({
  type: 'follow',
  ...common(o),
  replyToken: o.token ?? replyToken(),
  follow: { isUnblocked: false },
});

export const unfollowEvent = (o: EventOptions) => ({ type: 'unfollow', ...common(o) });

export const webhookBody = (events: unknown[], destination = 'U0000000000000000000000000000bot') =>
  JSON.stringify({ destination, events });

export const sign = (body: string, secret: string): string =>
  createHmac('sha256', secret).update(body).digest('base64');
