import { argon2idAsync } from '@noble/hashes/argon2.js';

/**
 * The part of hash-wasm's API that src/accounts/passwords.ts uses, in pure JavaScript
 * (@noble/hashes). workerd refuses to compile WebAssembly at run time ("Wasm code generation
 * disallowed by embedder"), and hash-wasm compiles its module on first use, so the Worker build
 * puts this module in hash-wasm's place (`[alias]` in wrangler.toml). Node keeps hash-wasm, about
 * three times faster. Both write and read the same PHC strings
 * (`$argon2id$v=19$m=…,t=…,p=…$<salt>$<hash>`, base64 without padding), so a password set on
 * one runtime verifies on the other; test/worker/argon2.test.ts checks it.
 */

type Data = string | Uint8Array;

interface Argon2Options {
  password: Data;
  salt: Data;
  iterations: number;
  parallelism: number;
  memorySize: number;
  hashLength: number;
  outputType?: 'hex' | 'binary' | 'encoded';
}
type Output<T> = T extends { outputType: 'binary' } ? Uint8Array : string;

const ARGON2_VERSION = 0x13;
const te = new TextEncoder();
const bytesOf = (d: Data) => (typeof d === 'string' ? te.encode(d) : d);
const toB64 = (b: Uint8Array) => btoa(String.fromCharCode(...b)).replace(/=+$/, '');
const fromB64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

const derive = (o: Omit<Argon2Options, 'outputType'>) =>
  // The async variant yields every few ms, so other requests of the isolate are not held up.
  argon2idAsync(bytesOf(o.password), bytesOf(o.salt), {
    t: o.iterations,
    m: o.memorySize,
    p: o.parallelism,
    dkLen: o.hashLength,
    version: ARGON2_VERSION,
    asyncTick: 10,
  });

export async function argon2id<T extends Argon2Options>(options: T): Promise<Output<T>> {
  const hash = await derive(options);
  switch (options.outputType ?? 'hex') {
    case 'binary':
      return hash as Output<T>;
    case 'hex':
      return toHex(hash) as Output<T>;
    case 'encoded': {
      const { memorySize: m, iterations: t, parallelism: p } = options;
      const salt = toB64(bytesOf(options.salt));
      return `$argon2id$v=${ARGON2_VERSION}$m=${m},t=${t},p=${p}$${salt}$${toB64(hash)}` as Output<T>;
    }
  }
}

const PHC = /^\$argon2id\$v=(\d+)\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

/** As hash-wasm's: throws on a string that is not an argon2id hash, false on a wrong password. */
export async function argon2Verify(options: { hash: string; password: Data }): Promise<boolean> {
  const m = PHC.exec(options.hash);
  if (!m || Number(m[1]) !== ARGON2_VERSION) throw new Error('Invalid hash');
  const expected = fromB64(m[6]!);
  const actual = await derive({
    password: options.password,
    salt: fromB64(m[5]!),
    memorySize: Number(m[2]),
    iterations: Number(m[3]),
    parallelism: Number(m[4]),
    hashLength: expected.length,
  });
  let diff = actual.length ^ expected.length;
  for (let i = 0; i < expected.length; i++) diff |= actual[i]! ^ expected[i]!;
  return diff === 0;
}
