import { argon2id, argon2Verify } from 'hash-wasm';
import { randomChars } from '../crypto/random';

/**
 * OWASP's argon2id minimum (m=19 MiB, t=2, p=1). On Node through hash-wasm (WebAssembly); workerd
 * refuses to compile WebAssembly at run time, so the Worker build swaps in the same API over
 * @noble/hashes (src/crypto/argon2-noble.ts, `[alias]` in wrangler.toml): same PHC strings.
 */
const PARAMS = { memorySize: 19456, iterations: 2, parallelism: 1, hashLength: 32 } as const;
const SALT_BYTES = 16;

/** A PHC string: `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`. */
export async function hashPassword(password: string): Promise<string> {
  return argon2id({
    ...PARAMS,
    password,
    salt: crypto.getRandomValues(new Uint8Array(SALT_BYTES)),
    outputType: 'encoded',
  });
}

/** False for a wrong password and for anything that is not an argon2id hash. */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  if (!hash.startsWith('$argon2id$')) return false;
  try {
    return await argon2Verify({ hash, password });
  } catch {
    return false;
  }
}

/**
 * Verified when the email is unknown, so an unknown email costs as much time as a wrong password.
 * Same parameters as `hashPassword`; its password is not a secret and no account can match it.
 */
export const DUMMY_PASSWORD_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$/LiMWppK/K4RkYgXD5dOAA$/hqkQXq6x7+hXB1hyhnkWraEwst+SzAGeL026TMNOQI';

/** No 0/O, 1/l/I: the password is read off a terminal and typed once. */
const PASSWORD_ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** Four groups of five from 55 symbols: about 115 bits. */
export function generatePassword(): string {
  const chars = randomChars(20, PASSWORD_ALPHABET);
  return (chars.match(/.{5}/g) ?? []).join('-');
}
