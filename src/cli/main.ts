import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, ConfigError } from '../config';
import { openSqlite } from '../db/node-sqlite';
import type { Database } from '../db/types';
import { readEnv } from '../entry/env';
import { MIGRATIONS_DIR } from '../entry/server';
import { parseDirectory } from '../routing/directory';
import { flowJsonSchema } from '../flow/schema';
import { CliError, tokensCommand } from './tokens';
import { validateCommand } from './validate';

const USAGE = `usage: npm run --silent cli -- <command>

  tokens create --partner <id> [--label <text>]   create a partner API token (printed once)
  validate [--unreviewed]                         check flows, partners and locales (exit 1 on errors)
  schema                                          print the JSON Schema of flow files
`;

/** Operator and admin commands; thin: each command is a function over streams and deps. */
async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  const out = (s: string) => process.stdout.write(s);
  let database: Database | null = null;
  try {
    const config = loadConfig(readEnv());
    switch (command) {
      case 'tokens':
        await tokensCommand(args, {
          out,
          database: () => (database ??= openSqlite(config.databasePath, MIGRATIONS_DIR)),
          directory: () => {
            const path = join(config.flowsDir, 'partners.yaml');
            return parseDirectory(readFileSync(path, 'utf8'), path);
          },
        });
        return 0;
      case 'validate':
        return await validateCommand(args, {
          out,
          flowsDir: config.flowsDir,
          localesDir: config.localesDir,
        });
      case 'schema':
        out(JSON.stringify(flowJsonSchema(), null, 2) + '\n');
        return 0;
      default:
        process.stderr.write(command ? `unknown command "${command}"\n\n${USAGE}` : USAGE);
        return 2;
    }
  } catch (err) {
    if (err instanceof CliError || err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  } finally {
    (database as Database | null)?.close();
  }
}

void main(process.argv.slice(2)).then((code) => process.exit(code));
