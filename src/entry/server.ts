import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { createApp } from '../app';
import { loadConfig, type Config } from '../config';
import { createInboxWriter, webMessages } from '../conversation/ingest';
import type { Worker } from '../conversation/worker';
import { nodeKeys } from '../crypto/node-keys';
import { openSqlite } from '../db/node-sqlite';
import type { Database } from '../db/types';
import { createLogger, type Logger } from '../log';
import { loadContent } from './files';
import { developmentSecret } from './secret';
import { startThreadWorker } from './thread-worker';
import { pickLanguage } from '../i18n/page-language';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));

export interface RunningServer {
  url: string;
  port: number;
  config: Config;
  database: Database;
  worker: Worker;
  close(): Promise<void>;
}

export interface StartOptions {
  log?: Logger;
  /** Clock for tests; defaults to Date.now. */
  now?: () => number;
}

/** The composition root on Node: config, database, content, channels, worker and HTTP server. */
export async function startServer(
  env: Record<string, string | undefined>,
  opts: StartOptions = {},
): Promise<RunningServer> {
  const config = loadConfig(env);
  const log = opts.log ?? createLogger(config.logLevel);
  const now = opts.now ?? Date.now;

  let secret = config.hotlineSecret;
  if (!secret) {
    const dev = developmentSecret(config.databasePath);
    secret = dev.secret;
    log.warn(
      dev.created
        ? 'generated a development HOTLINE_SECRET'
        : 'using the development HOTLINE_SECRET',
      { path: dev.path, hint: 'set HOTLINE_SECRET in production' },
    );
  }
  const keys = nodeKeys(secret);
  const content = await loadContent(config.flowsDir, config.localesDir);
  for (const [lng, lacks] of Object.entries(content.missing)) {
    log.warn('language not offered: texts missing', {
      language: lng,
      missing: lacks.length,
      first: lacks[0],
    });
  }
  // Partner and routing findings that do not stop the start (the validator lists them too).
  for (const p of content.directory.problems)
    log.warn('partner directory or routing rules need attention', { at: p.at, problem: p.message });
  const database = openSqlite(config.databasePath, MIGRATIONS_DIR);

  const worker = await startThreadWorker({
    env,
    secret,
    migrationsDir: MIGRATIONS_DIR,
    log,
    writeLine: (line) => log.write(line),
  });
  const storeEvents = createInboxWriter(database, keys);
  const app = createApp({
    database,
    directory: content.directory,
    log,
    adminApiToken: config.adminApiToken,
    line: config.line,
    messenger: config.messenger,
    production: config.production,
    now,
    async ingest(events) {
      await storeEvents(events);
      worker.kick();
    },
    webMessages: (visitorId, after) => webMessages(database, keys, 'web', visitorId, after),
    dashboard: {
      database,
      keys,
      directory: content.directory,
      translator: content.translator,
      now,
      secureCookies: config.production,
      clientIp: (c) => getConnInfo(c).remote.address ?? 'unknown',
      kick: () => worker.kick(),
    },
    webTexts(requested, acceptLanguage) {
      const lang = pickLanguage(content.flow.languages, requested, acceptLanguage);
      const t = content.translator.forLanguage(lang);
      const text = (k: string) => t(`common:web.${k}`);
      return {
        lang,
        title: text('title'),
        conversation: text('conversation'),
        choices: text('choices'),
        label: text('label'),
        placeholder: text('placeholder'),
        send: text('send'),
        noscript: text('noscript'),
        language: text('language'),
      };
    },
  });

  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () =>
      resolve(s),
    );
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  return {
    url,
    port,
    config,
    database,
    worker,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await worker.stop();
      database.close();
    },
  };
}
