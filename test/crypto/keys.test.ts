import { describe, expect, it } from 'vitest';
import { deriveKeys, pseudonymOf, type Keys } from '../../src/crypto/keys';
import { nodeKeys } from '../../src/crypto/node-keys';

const SECRET = 'a-test-secret-of-at-least-32-characters!';

describe('keys derived from HOTLINE_SECRET', async () => {
  const web = await deriveKeys(SECRET);
  const node = nodeKeys(SECRET);
  const impls: [string, Keys][] = [
    ['web crypto', web],
    ['node:crypto', node],
  ];

  it('give the same pseudonym on Node and in the Worker runtime', async () => {
    expect(await pseudonymOf(node, 'line', 'U123')).toBe(await pseudonymOf(web, 'line', 'U123'));
    expect(await pseudonymOf(node, 'line', 'U123')).not.toBe(
      await pseudonymOf(node, 'web', 'U123'),
    );
    expect(await pseudonymOf(nodeKeys(SECRET + 'x'), 'line', 'U123')).not.toBe(
      await pseudonymOf(node, 'line', 'U123'),
    );
  });

  it('open each other’s ciphertexts', async () => {
    expect(await web.open(await node.seal('chào bạn', 'ctx'), 'ctx')).toBe('chào bạn');
    expect(await node.open(await web.seal('助けて', 'ctx'), 'ctx')).toBe('助けて');
  });

  for (const [name, keys] of impls) {
    it(`${name}: never repeat a ciphertext, and refuse another context or a changed byte`, async () => {
      const a = await keys.seal('same words', 'state:1');
      const b = await keys.seal('same words', 'state:1');
      expect(a).not.toBe(b);
      expect(a).not.toContain('same words');
      await expect(keys.open(a, 'state:2')).rejects.toThrow();
      const bytes = Buffer.from(a.slice(3), 'base64');
      bytes[bytes.length - 1]! ^= 1;
      await expect(keys.open(`v1:${bytes.toString('base64')}`, 'state:1')).rejects.toThrow();
      await expect(keys.open('plain text', 'state:1')).rejects.toThrow(/version/);
    });
  }
});
