import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createSecretKey,
  hkdfSync,
  randomFillSync,
} from 'node:crypto';
import { ENC_PREFIX, HKDF_SALT, IV_BYTES, NOTIFY_INFO, type Keys } from './keys';

/**
 * Random IVs drawn from a pool filled 4 KiB at a time: one call into the CSPRNG per 341 seals
 * instead of one each (randomBytes(12) costs as much as the encryption of a 1 KB text). Every IV
 * is still fresh random bytes, used once.
 */
const IV_POOL_BYTES = 4096 - (4096 % IV_BYTES);
let ivPool = Buffer.alloc(0);
let ivAt = 0;
function nextIv(): Buffer {
  if (ivAt + IV_BYTES > ivPool.length) {
    ivPool = randomFillSync(Buffer.allocUnsafe(IV_POOL_BYTES));
    ivAt = 0;
  }
  const iv = ivPool.subarray(ivAt, ivAt + IV_BYTES);
  ivAt += IV_BYTES;
  return iv;
}

/** The same keys as `deriveKeys`, with node:crypto: synchronous work, no thread-pool round trips. */
export function nodeKeys(secret: string): Keys {
  // Key objects made once: handing raw bytes to every call rebuilds a key each time.
  const derive = (info: string) =>
    createSecretKey(Buffer.from(hkdfSync('sha256', secret, HKDF_SALT, info, 32)));
  const pseudonym = derive('pseudonym');
  const data = derive('data');
  return {
    hmacHex: async (text) => createHmac('sha256', pseudonym).update(text, 'utf8').digest('hex'),
    notifySecret: async (partnerId) =>
      Buffer.from(hkdfSync('sha256', secret, HKDF_SALT, `${NOTIFY_INFO}${partnerId}`, 32)).toString(
        'hex',
      ),
    async seal(plaintext, context) {
      const iv = nextIv();
      const cipher = createCipheriv('aes-256-gcm', data, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      // GCM is a stream cipher: update() gives all the ciphertext, final() nothing more.
      const ct = cipher.update(plaintext, 'utf8');
      const rest = cipher.final();
      const tag = cipher.getAuthTag();
      const out = Buffer.allocUnsafe(IV_BYTES + ct.length + rest.length + tag.length);
      iv.copy(out, 0);
      ct.copy(out, IV_BYTES);
      rest.copy(out, IV_BYTES + ct.length);
      tag.copy(out, IV_BYTES + ct.length + rest.length);
      return ENC_PREFIX + out.toString('base64');
    },
    async open(sealed, context) {
      if (!sealed.startsWith(ENC_PREFIX)) throw new Error('unknown ciphertext version');
      const bytes = Buffer.from(sealed.slice(ENC_PREFIX.length), 'base64');
      const decipher = createDecipheriv('aes-256-gcm', data, bytes.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(bytes.subarray(bytes.length - 16));
      return Buffer.concat([
        decipher.update(bytes.subarray(IV_BYTES, bytes.length - 16)),
        decipher.final(),
      ]).toString('utf8');
    },
  };
}
