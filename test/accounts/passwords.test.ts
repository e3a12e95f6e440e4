import { describe, expect, it } from 'vitest';
import {
  DUMMY_PASSWORD_HASH,
  generatePassword,
  hashPassword,
  verifyPassword,
} from '../../src/accounts/passwords';

const PHC = /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/;

describe('passwords', () => {
  it('hashes with argon2id at the OWASP parameters, as a PHC string with a 16-byte salt', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(PHC);
    expect(await hashPassword('correct horse battery staple')).not.toBe(hash);
  });

  it('verifies the right password and refuses a wrong one or a malformed hash', async () => {
    const hash = await hashPassword('s3cret-Passw0rd');
    expect(await verifyPassword(hash, 's3cret-Passw0rd')).toBe(true);
    expect(await verifyPassword(hash, 's3cret-passw0rd')).toBe(false);
    expect(await verifyPassword('not a hash', 's3cret-Passw0rd')).toBe(false);
    expect(await verifyPassword('$argon2id$v=19$garbage', 's3cret-Passw0rd')).toBe(false);
  });

  it('keeps the dummy hash at the same cost as real ones, so unknown emails take as long', async () => {
    expect(DUMMY_PASSWORD_HASH).toMatch(PHC);
    expect(await verifyPassword(DUMMY_PASSWORD_HASH, '')).toBe(false);
  });

  it('generates long, unambiguous passwords, different each time', () => {
    const a = generatePassword();
    expect(a).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{5}(-[a-km-zA-HJ-NP-Z2-9]{5}){3}$/);
    expect(generatePassword()).not.toBe(a);
  });
});
