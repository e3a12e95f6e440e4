/**
 * The keys derived from HOTLINE_SECRET with HKDF-SHA256: a pseudonym key (HMAC of platform
 * user ids, for look-ups without storing them), a data key (AES-256-GCM for everything a
 * reporter says) and one notification signing secret per partner (info `notify:<partner id>`).
 * Two implementations give byte-compatible results: Web Crypto (runs anywhere, including
 * workerd) and node:crypto (synchronous, several times faster on Node's hot path).
 */
export interface Keys {
  hmacHex(text: string): Promise<string>;
  /** `context` is bound as associated data, so a ciphertext cannot be moved to another field. */
  seal(plaintext: string, context: string): Promise<string>;
  open(sealed: string, context: string): Promise<string>;
  /**
   * The secret a partner verifies notification signatures with: 32 bytes derived with info
   * `notify:<partner id>`, as 64 hex characters (used as the HMAC key in its UTF-8 form).
   */
  notifySecret(partnerId: string): Promise<string>;
}

const te = new TextEncoder();
const td = new TextDecoder();
export const ENC_PREFIX = 'v1:';
export const HKDF_SALT = 'hotline/v1';
export const IV_BYTES = 12;
export const NOTIFY_INFO = 'notify:';

const toHex = (buf: ArrayBuffer): string =>
  Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');

/** Web Crypto keys: what the Worker uses, and the reference for the Node implementation. */
export async function deriveKeys(secret: string): Promise<Keys> {
  const master = await crypto.subtle.importKey('raw', te.encode(secret), 'HKDF', false, [
    'deriveKey',
    'deriveBits',
  ]);
  const hkdf = (info: string) => ({
    name: 'HKDF',
    hash: 'SHA-256',
    salt: te.encode(HKDF_SALT),
    info: te.encode(info),
  });
  const [pseudonym, data] = await Promise.all([
    crypto.subtle.deriveKey(
      hkdf('pseudonym'),
      master,
      { name: 'HMAC', hash: 'SHA-256', length: 256 },
      false,
      ['sign'],
    ),
    crypto.subtle.deriveKey(hkdf('data'), master, { name: 'AES-GCM', length: 256 }, false, [
      'encrypt',
      'decrypt',
    ]),
  ]);
  return {
    hmacHex: async (text) => toHex(await crypto.subtle.sign('HMAC', pseudonym, te.encode(text))),
    notifySecret: async (partnerId) =>
      toHex(await crypto.subtle.deriveBits(hkdf(`${NOTIFY_INFO}${partnerId}`), master, 256)),
    async seal(plaintext, context) {
      const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
      const ct = await crypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: te.encode(context) },
        data,
        te.encode(plaintext),
      );
      const out = new Uint8Array(IV_BYTES + ct.byteLength);
      out.set(iv, 0);
      out.set(new Uint8Array(ct), IV_BYTES);
      return ENC_PREFIX + Buffer.from(out).toString('base64');
    },
    async open(sealed, context) {
      if (!sealed.startsWith(ENC_PREFIX)) throw new Error('unknown ciphertext version');
      const bytes = new Uint8Array(Buffer.from(sealed.slice(ENC_PREFIX.length), 'base64'));
      const pt = await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: bytes.slice(0, IV_BYTES), additionalData: te.encode(context) },
        data,
        bytes.slice(IV_BYTES),
      );
      return td.decode(pt);
    },
  };
}

export const encrypt = (keys: Keys, plaintext: string, context: string) =>
  keys.seal(plaintext, context);
export const decrypt = (keys: Keys, sealed: string, context: string) => keys.open(sealed, context);

/** A stable pseudonym for a platform user: never reversible without the secret. */
export const pseudonymOf = (keys: Keys, channel: string, userId: string): Promise<string> =>
  keys.hmacHex(`${channel}:${userId}`);

export async function sha256Hex(text: string): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', te.encode(text)));
}
