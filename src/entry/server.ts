import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { createApp } from '../app';
import { loadConfig, type Config } from '../config';
import { createInboxWriter } from '../conversation/ingest';
import type { Worker } from '../conversation/worker';
import { nodeKeys } from '../crypto/node-keys';
import { openSqlite } from '../db/node-sqlite';
import type { Database } from '../db/types';
import { createLogger, type Logger } from '../log';
import { buildAppDeps } from './app-deps';
import { logContentFindings } from './content';
import { loadContent } from './files';
import { developmentSecret } from './secret';
import { startThreadWorker, type ReloadResult } from './thread-worker';
import { liveContent } from './live-content';
import { watchContent } from './watch';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));

export interface RunningServer {
  url: string;
  port: number;
  config: Config;
  database: Database;
  worker: Worker;
  /** Read flows, partners and locales again (validated first; nothing changes if they fail). */
  reload(): Promise<ReloadResult>;
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
  const content = liveContent(await loadContent(config.flowsDir, config.localesDir));
  logContentFindings(content.current, log);
  const database = openSqlite(config.databasePath, MIGRATIONS_DIR);

  const worker = await startThreadWorker({
    env,
    secret,
    migrationsDir: MIGRATIONS_DIR,
    log,
    writeLine: (line) => log.write(line),
  });
  const storeEvents = createInboxWriter(database, keys);
  const app = createApp(
    buildAppDeps({
      config,
      content,
      database,
      keys,
      log,
      now,
      async ingest(events) {
        await storeEvents(events);
        worker.kick();
      },
      kick: () => worker.kick(),
      clientIp: (c) => getConnInfo(c).remote.address ?? 'unknown',
    }),
  );

  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () =>
      resolve(s),
    );
  });
  /**
   * Reads flows, partners and locales again; files that do not load change nothing and are
   * reported. Both threads switch: a conversation's next step runs on the new files.
   */
  const reload = async (): Promise<ReloadResult> => {
    let next;
    try {
      next = await loadContent(config.flowsDir, config.localesDir);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      log.error('content reload refused: the files do not load', {
        problem: message.split('\n')[0],
      });
      return { ok: false, message };
    }
    const thread = await worker.reload();
    if (!thread.ok) {
      log.error('content reload refused by the worker thread', { problem: thread.message });
      return thread;
    }
    content.replace(next);
    logContentFindings(next, log);
    log.info('content reloaded', {
      flow: next.flow.id,
      version: next.flow.version,
      hash: next.flow.hash.slice(0, 12),
    });
    return { ok: true };
  };
  // In development an edited file is picked up at once; in production on `cli reload` (SIGHUP).
  const watchers = config.production ? [] : watchContent(config, () => void reload(), log);

  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  return {
    url,
    port,
    config,
    database,
    worker,
    reload,
    async close() {
      for (const w of watchers) w.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await worker.stop();
      database.close();
    },
  };
}
