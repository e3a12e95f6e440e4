import * as wasm from 'hash-wasm';
import { describe, expect, it } from 'vitest';
import { DUMMY_PASSWORD_HASH } from '../../src/accounts/passwords';
import * as noble from '../../src/crypto/argon2-noble';

/**
 * The Worker build puts src/crypto/argon2-noble.ts in hash-wasm's place (workerd compiles no
 * WebAssembly at run time): both must write and accept the same PHC strings, so an account
 * made on one runtime logs in on the other.
 */
// Small memory keeps the test quick; the production parameters are checked once, below.
const PARAMS = { memorySize: 256, iterations: 2, parallelism: 1, hashLength: 32 } as const;
const salt = Uint8Array.from({ length: 16 }, (_, i) => i * 7);

describe('argon2id in pure JavaScript, for the Worker', () => {
  it('writes exactly what hash-wasm writes', async () => {
    const options = { ...PARAMS, password: 'correct horse', salt, outputType: 'encoded' } as const;
    const ours = await noble.argon2id(options);
    expect(ours).toBe(await wasm.argon2id(options));
    expect(ours).toMatch(/^\$argon2id\$v=19\$m=256,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
    expect(await noble.argon2id({ ...options, outputType: 'hex' })).toBe(
      await wasm.argon2id({ ...options, outputType: 'hex' }),
    );
  }, 20_000);

  it('verifies hash-wasm hashes and hash-wasm verifies its hashes', async () => {
    const byWasm = await wasm.argon2id({
      ...PARAMS,
      password: 's3cret',
      salt,
      outputType: 'encoded',
    });
    expect(await noble.argon2Verify({ hash: byWasm, password: 's3cret' })).toBe(true);
    expect(await noble.argon2Verify({ hash: byWasm, password: 's3cre' })).toBe(false);
    const byNoble = await noble.argon2id({
      ...PARAMS,
      password: 'other',
      salt,
      outputType: 'encoded',
    });
    expect(await wasm.argon2Verify({ hash: byNoble, password: 'other' })).toBe(true);
    // The production parameters (m=19 MiB): the login's dummy hash, made by hash-wasm.
    expect(await noble.argon2Verify({ hash: DUMMY_PASSWORD_HASH, password: '' })).toBe(false);
  }, 20_000);

  it('refuses what is not an argon2id hash, as hash-wasm does', async () => {
    for (const hash of ['not a hash', '$argon2id$v=19$garbage', '$argon2i$v=19$m=8,t=1,p=1$AA$AA'])
      await expect(noble.argon2Verify({ hash, password: 'x' })).rejects.toThrow();
  });
});
