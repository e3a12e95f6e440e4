import { loadConfig, ConfigError } from '../config';
import { nodeKeys } from '../crypto/node-keys';
import { openSqlite } from '../db/node-sqlite';
import type { Database } from '../db/types';
import { readEnv } from '../entry/env';
import { readDirectory } from '../entry/files';
import { readPidFile } from '../entry/pid-file';
import { developmentSecret, saveDevelopmentSecret } from '../entry/secret';
import { MIGRATIONS_DIR } from '../entry/server';
import { flowJsonSchema } from '../flow/schema';
import { rulesJsonSchema } from '../routing/rules';
import { notifyKeys } from '../tickets/signing';
import { orgsCommand, staffCommand } from './accounts';
import { diagramCommand } from './diagram';
import { messengerCommand } from './messenger';
import { partnersCommand } from './partners';
import { reloadCommand } from './reload';
import { secretCommand } from './secret';
import { simulateCommand } from './simulate';
import { CliError, tokensCommand } from './tokens';
import { validateCommand } from './validate';

const USAGE = `usage: npm run --silent cli -- <command>

  tokens create --partner <id> [--label <text>]   create a partner API token (printed once)
  partners secret --partner <id>                  print the secret that signs the partner's notifications
  partners route --category <id>[,…] [--residence <id>] [--prefecture JP-xx] [--language <id>]
                                                  which partner and rule would take such a case
  orgs create --partner <id> [--require-totp]     let a partner's staff use the dashboard
  orgs require-totp --partner <id> on|off         require two-factor login for its staff (or not)
  staff create --org <id> --email <e> --role org_admin|caseworker [--name <n>] [--language ja|en]
  staff create --platform --email <e> [--name <n>] [--language ja|en]
                                                  create a dashboard account (password printed once)
  staff password|disable|totp-reset --email <e>  new password (printed once), disable, or remove TOTP
  validate [--unreviewed]                         check flows, partners, routing and locales (exit 1 on errors)
  simulate [--flow intake] [--language <id>]      talk to a flow in the terminal
  simulate [--flow intake] [--language <id>] [--script <file.yaml>] [--golden <file>] [--update]
                                                  replay a script (or a golden transcript's own actions) and compare
  diagram [--flow intake] [--language en] [--out <file.mmd|file.md|file.svg|file.png>]
                                                  draw a flow (Mermaid text on standard output without --out)
  reload                                          validate the files, then make the running server read them again
  secret rotate                                   re-encrypt everything under NEW_HOTLINE_SECRET (server stopped)
  schema [routing]                                print the JSON Schema of flow files (or of routing.yaml)
  messenger setup [--dry-run]                     set the Page's Get Started button, greeting and menu (or print them)
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
          directory: () => readDirectory(config.flowsDir),
        });
        return 0;
      case 'partners':
        await partnersCommand(args, {
          out,
          directory: () => readDirectory(config.flowsDir),
          // The secret the server uses: HOTLINE_SECRET, or in development the generated one.
          notify: () =>
            notifyKeys(
              nodeKeys(config.hotlineSecret ?? developmentSecret(config.databasePath).secret),
              config.partnerSecrets,
            ),
        });
        return 0;
      case 'orgs':
      case 'staff':
        await (command === 'orgs' ? orgsCommand : staffCommand)(args, {
          out,
          err: (s) => process.stderr.write(s),
          database: () => (database ??= openSqlite(config.databasePath, MIGRATIONS_DIR)),
          directory: () => readDirectory(config.flowsDir),
          now: Date.now,
        });
        return 0;
      case 'validate':
        return await validateCommand(args, {
          out,
          flowsDir: config.flowsDir,
          localesDir: config.localesDir,
        });
      case 'simulate':
        return await simulateCommand(args, {
          out,
          flowsDir: config.flowsDir,
          localesDir: config.localesDir,
        });
      case 'diagram':
        return await diagramCommand(args, {
          out,
          flowsDir: config.flowsDir,
          localesDir: config.localesDir,
        });
      case 'messenger':
        await messengerCommand(args, {
          out,
          err: (s) => process.stderr.write(s),
          flowsDir: config.flowsDir,
          localesDir: config.localesDir,
          messenger: () => config.messenger,
        });
        return 0;
      case 'reload':
        return await reloadCommand(args, {
          out,
          flowsDir: config.flowsDir,
          localesDir: config.localesDir,
          serverPid: () => readPidFile(config.databasePath),
          signal: (pid) => process.kill(pid, 'SIGHUP'),
        });
      case 'secret':
        await secretCommand(args, {
          out,
          database: () => (database ??= openSqlite(config.databasePath, MIGRATIONS_DIR)),
          directory: () => readDirectory(config.flowsDir),
          current: () =>
            config.hotlineSecret
              ? { secret: config.hotlineSecret, development: false }
              : { secret: developmentSecret(config.databasePath).secret, development: true },
          next: process.env.NEW_HOTLINE_SECRET,
          partnerSecrets: config.partnerSecrets,
          saveDevelopmentSecret: (s) => saveDevelopmentSecret(config.databasePath, s),
        });
        return 0;
      case 'schema':
        out(
          JSON.stringify(args[0] === 'routing' ? rulesJsonSchema() : flowJsonSchema(), null, 2) +
            '\n',
        );
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
