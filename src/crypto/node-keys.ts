import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createSecretKey,
  hkdfSync,
  randomBytes,
} from 'node:crypto';
import { ENC_PREFIX, HKDF_SALT, IV_BYTES, NOTIFY_INFO, type Keys } from './keys';

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
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', data, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const ct = Buffer.concat([
        cipher.update(plaintext, 'utf8'),
        cipher.final(),
        cipher.getAuthTag(),
      ]);
      return ENC_PREFIX + Buffer.concat([iv, ct]).toString('base64');
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
