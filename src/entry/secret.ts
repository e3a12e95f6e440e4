import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Development only: a random master secret generated once and kept beside the database, so a
 * newcomer can start without configuring anything. Production requires HOTLINE_SECRET.
 */
export function developmentSecret(databasePath: string): {
  secret: string;
  path: string;
  created: boolean;
} {
  const dir = databasePath === ':memory:' ? './data' : dirname(databasePath);
  const path = join(dir, '.hotline-secret');
  if (existsSync(path)) return { secret: readFileSync(path, 'utf8').trim(), path, created: false };
  mkdirSync(dir, { recursive: true });
  const secret = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
  writeFileSync(path, secret + '\n', { mode: 0o600 });
  return { secret, path, created: true };
}

/** After `cli secret rotate` in development: the new secret replaces the generated one. */
export function saveDevelopmentSecret(databasePath: string, secret: string): void {
  const { path } = developmentSecret(databasePath);
  writeFileSync(path, secret + '\n', { mode: 0o600 });
}
