import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

/** The process environment over an optional `.env` file in the working directory. */
export function readEnv(
  cwd = process.cwd(),
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string | undefined> {
  const path = `${cwd}/.env`;
  const fromFile = existsSync(path) ? parseEnv(readFileSync(path, 'utf8')) : {};
  return { ...fromFile, ...env };
}
