import { partnerSecretVariable } from '../config';
import type { Keys } from '../crypto/keys';

/**
 * Partner notifications are signed so a partner can tell them from forgeries: an HMAC-SHA256 of
 * the raw body with the partner's secret, which is derived from HOTLINE_SECRET (nothing secret
 * lives in flows/) unless the operator sets `PARTNER_SECRET_<ID>`. Web Crypto only, so the same
 * code signs on Node and on Workers.
 */
/** The data key (to open the reporter's words when they consented) and each partner's secret. */
export interface NotifyKeys {
  keys: Keys;
  secretOf(partnerId: string): Promise<string>;
}

/** The data key and each partner's secret: its `PARTNER_SECRET_<ID>`, else derived. */
export const notifyKeys = (keys: Keys, overrides: Record<string, string>): NotifyKeys => ({
  keys,
  secretOf: async (partnerId) =>
    overrides[partnerSecretVariable(partnerId)] ?? keys.notifySecret(partnerId),
});

const te = new TextEncoder();

/** `sha256=<hex>`: the HMAC-SHA256 of the body's bytes, keyed with the secret's UTF-8 bytes. */
export async function signatureOf(secret: string, body: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    te.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, te.encode(body)));
  return `sha256=${Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** The headers of one delivery attempt; the key is the notification's, the same on every retry. */
export async function signedHeaders(args: {
  secret: string;
  body: string;
  idempotencyKey: string;
  now: number;
}): Promise<Record<string, string>> {
  return {
    'content-type': 'application/json',
    'user-agent': 'hotline-notifications/1',
    'idempotency-key': args.idempotencyKey,
    'x-hotline-timestamp': String(Math.floor(args.now / 1000)),
    'x-hotline-signature': await signatureOf(args.secret, args.body),
  };
}
