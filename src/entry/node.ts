import { ConfigError } from '../config';
import { FlowLoadError } from '../flow';
import { createLogger } from '../log';
import { readEnv } from './env';
import { writePidFile } from './pid-file';
import { startServer } from './server';

/** `npm start`: the whole system on its embedded defaults. */
async function main() {
  const log = createLogger((process.env.LOG_LEVEL as 'info') ?? 'info');
  try {
    const server = await startServer(readEnv(), { log });
    const c = server.config;
    process.stderr.write(
      [
        '',
        `Hotline is running (${c.production ? 'production' : 'development'}).`,
        `  Web chat:      ${server.url}/chat`,
        `  Dashboard:     ${server.url}/dashboard  (accounts: see "Staff dashboard" in README.md)`,
        `  Health:        ${server.url}/healthz`,
        `  Tickets API:   ${server.url}/api/v1/tickets  (Authorization: Bearer <token>)`,
        `  LINE webhook:  ${c.line ? `${server.url}/webhooks/line  → ${c.line.apiBaseUrl}` : 'disabled (set LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN)'}`,
        `  Messenger:     ${c.messenger ? `${server.url}/webhooks/messenger  → ${c.messenger.apiBaseUrl}/${c.messenger.apiVersion}` : 'disabled (set MESSENGER_APP_SECRET, MESSENGER_VERIFY_TOKEN and MESSENGER_PAGE_ACCESS_TOKEN)'}`,
        `  Database:      ${c.databasePath}`,
        `  Create a partner token: npm run --silent cli -- tokens create --partner demo-ngo-national`,
        '',
      ].join('\n'),
    );
    const removePid = writePidFile(c.databasePath);
    const stop = async (signal: string) => {
      log.info('stopping', { signal });
      await server.close();
      removePid();
      process.exit(0);
    };
    // `npm run cli -- reload` validates the files, then asks for this.
    process.on('SIGHUP', () => void server.reload());
    process.once('SIGINT', () => void stop('SIGINT'));
    process.once('SIGTERM', () => void stop('SIGTERM'));
  } catch (err) {
    if (err instanceof ConfigError || err instanceof FlowLoadError) {
      process.stderr.write(`Cannot start: ${err.message}\n`);
    } else {
      process.stderr.write(`Cannot start: ${err instanceof Error ? err.message : String(err)}\n`);
    }
    process.exit(1);
  }
}

void main();
