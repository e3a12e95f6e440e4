import { createHmac, randomBytes, randomInt } from 'node:crypto';

/**
 * Real-format Messenger webhook payloads (developers.facebook.com/docs/messenger-platform/
 * reference/webhook-events): every item has sender, recipient and timestamp (ms), and the body is
 * signed the way Meta signs it (X-Hub-Signature-256).
 */

export const PAGE_ID = '104223475834557';
export const APP_ID = 1517776481860111;

/** A page-scoped id: 16 digits, as Messenger issues them. */
export const psid = (): string =>
  String(randomInt(1, 10)) + Array.from({ length: 15 }, () => randomInt(0, 10)).join('');
/** A message id as the current API writes them: `m_` and base64url. */
export const mid = (): string => `m_${randomBytes(64).toString('base64url')}`;

interface Common {
  psid: string;
  timestamp?: number;
  pageId?: string;
}
const from = (o: Common) => ({
  sender: { id: o.psid },
  recipient: { id: o.pageId ?? PAGE_ID },
  timestamp: o.timestamp ?? Date.now(),
});

export const textMessaging = (o: Common & { text: string; mid?: string }) => ({
  ...from(o),
  message: { mid: o.mid ?? mid(), text: o.text },
});

/** A tapped quick reply: the button's title as text, our query string as the payload. */
export const quickReplyMessaging = (
  o: Common & { payload: string; text: string; mid?: string },
) => ({
  ...from(o),
  message: { mid: o.mid ?? mid(), text: o.text, quick_reply: { payload: o.payload } },
});

export const attachmentMessaging = (
  o: Common & { type?: 'image' | 'video' | 'audio' | 'file' | 'fallback'; mid?: string },
) => ({
  ...from(o),
  message: {
    mid: o.mid ?? mid(),
    attachments: [
      {
        type: o.type ?? 'image',
        payload: { url: 'https://scontent.xx.fbcdn.net/v/t1.15752-9/x.jpg' },
      },
    ],
  },
});

/** A postback button, the Get Started button or a persistent-menu item; `mid: null` leaves it out. */
export const postbackMessaging = (
  o: Common & { payload: string; title?: string; mid?: string | null },
) => ({
  ...from(o),
  postback: {
    ...(o.mid === null ? {} : { mid: o.mid ?? mid() }),
    title: o.title ?? 'Get Started',
    payload: o.payload,
  },
});

/** A copy of what the page sent: sender is the page, recipient the person. */
export const echoMessaging = (o: Common & { text: string; mid?: string }) => ({
  sender: { id: o.pageId ?? PAGE_ID },
  recipient: { id: o.psid },
  timestamp: o.timestamp ?? Date.now(),
  message: { mid: o.mid ?? mid(), is_echo: true, app_id: APP_ID, text: o.text },
});

export const deliveryMessaging = (o: Common & { mids?: string[]; watermark?: number }) => ({
  ...from(o),
  delivery: { mids: o.mids ?? [mid()], watermark: o.watermark ?? Date.now() },
});

export const readMessaging = (o: Common & { watermark?: number }) => ({
  ...from(o),
  read: { watermark: o.watermark ?? Date.now() },
});

/** `{object:'page', entry:[…]}` as JSON text, one entry per element. */
export const messengerBody = (
  entries: { messaging?: unknown[]; standby?: unknown[] }[],
  pageId = PAGE_ID,
): string =>
  JSON.stringify({
    object: 'page',
    entry: entries.map((e) => ({ id: pageId, time: Date.now(), ...e })),
  });

export const signMessenger = (body: string | Uint8Array, appSecret: string): string =>
  `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
