/** Crockford-like alphabet of the contract: no 0, 1, I, L, O. */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** Uniform random characters (rejection sampling, no modulo bias). */
export function randomChars(n: number, alphabet = CODE_ALPHABET): string {
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < n) {
    for (const b of crypto.getRandomValues(new Uint8Array(n * 2))) {
      if (b < limit && out.length < n) out += alphabet[b % alphabet.length];
    }
  }
  return out;
}

/** `HT-XXXXX-XXXXX`: ten random characters, about 49 bits. */
export const newReference = (): string => `HT-${randomChars(5)}-${randomChars(5)}`;

export const REFERENCE_PATTERN = /^HT-[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/;

/** The short secret given with the case code, to resume the case later (stored only hashed). */
export const newCaseSecret = (): string => `${randomChars(4)}-${randomChars(4)}`;

/** A partner API token: 32 random bytes, shown once, stored as a hash. */
export function newApiToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `htk_${Buffer.from(bytes).toString('base64url')}`;
}
