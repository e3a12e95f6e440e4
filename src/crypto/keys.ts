/**
 * Keys derived from HOTLINE_SECRET with HKDF. Web Crypto only, so the same code runs on Node
 * and in workerd.
 */
export interface Keys {
  /** HMAC-SHA256 key for pseudonyms of platform user ids (look-ups without storing the id). */
  pseudonym: CryptoKey;
  /** AES-256-GCM key for everything a reporter says and every platform id. */
  data: CryptoKey;
}

const te = new TextEncoder();
const td = new TextDecoder();
const ENC_PREFIX = 'v1:';

export async function deriveKeys(secret: string): Promise<Keys> {
  const master = await crypto.subtle.importKey('raw', te.encode(secret), 'HKDF', false, [
    'deriveKey',
  ]);
  const hkdf = (info: string) => ({
    name: 'HKDF',
    hash: 'SHA-256',
    salt: te.encode('hotline/v1'),
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
  return { pseudonym, data };
}

const toHex = (buf: ArrayBuffer): string =>
  Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');

export async function hmacHex(key: CryptoKey, text: string): Promise<string> {
  return toHex(await crypto.subtle.sign('HMAC', key, te.encode(text)));
}

/** A stable pseudonym for a platform user: never reversible without the secret. */
export const pseudonymOf = (keys: Keys, channel: string, userId: string): Promise<string> =>
  hmacHex(keys.pseudonym, `${channel}:${userId}`);

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
const unb64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));

/** `context` is bound as associated data, so a ciphertext cannot be moved to another field. */
export async function encrypt(keys: Keys, plaintext: string, context: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: te.encode(context) },
    keys.data,
    te.encode(plaintext),
  );
  const out = new Uint8Array(12 + ct.byteLength);
  out.set(iv, 0);
  out.set(new Uint8Array(ct), 12);
  return ENC_PREFIX + b64(out);
}

export async function decrypt(keys: Keys, sealed: string, context: string): Promise<string> {
  if (!sealed.startsWith(ENC_PREFIX)) throw new Error('unknown ciphertext version');
  const bytes = unb64(sealed.slice(ENC_PREFIX.length));
  const pt = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: bytes.slice(0, 12), additionalData: te.encode(context) },
    keys.data,
    bytes.slice(12),
  );
  return td.decode(pt);
}

export async function sha256Hex(text: string): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', te.encode(text)));
}
