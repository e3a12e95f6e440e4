import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { loadConfig } from '../config';
import { createWorker } from '../conversation/worker';
import { nodeKeys } from '../crypto/node-keys';
import { openSqlite } from '../db/node-sqlite';
import { createLogger, errorCode } from '../log';
import { loadContent } from './files';
import { buildHostDeps } from './host';
import { liveContent } from './live-content';
import type { FromThread, ToThread } from './thread-protocol';

/**
 * The conversation worker on its own thread: processing and delivery use the second core, and the
 * webhook's event loop does nothing but verify, store and acknowledge.
 */
const port = parentPort!;
let lines: string[] = [];
const flushLines = () => {
  if (!lines.length) return;
  port.postMessage({ type: 'log', line: lines.join('\n') } satisfies FromThread);
  lines = [];
};
/** Any other message goes after the log lines written before it. */
const send = (m: FromThread) => {
  flushLines();
  port.postMessage(m);
};

/**
 * On Linux the nice value is per thread: answering webhooks comes before working the backlog.
 * The lowest priority (19): at 10 the thread still took a share of the webhook thread's core
 * whenever both were runnable, and in the closed loop the webhooks waited for it.
 */
function lowerPriority() {
  try {
    setPriority(19);
  } catch {
    // Not permitted or not supported here: the thread runs at normal priority.
  }
}

async function main() {
  lowerPriority();
  const { env, secret, migrationsDir } = workerData as {
    env: Record<string, string | undefined>;
    secret: string;
    migrationsDir: string;
  };
  const config = loadConfig(env);
  // Log lines go to the main thread, which owns the process's output: those of one turn in one
  // message, so a busy worker costs the webhook thread one message event per turn, not per line.
  const log = createLogger(config.logLevel, (line) => {
    if (lines.push(line) === 1) setImmediate(flushLines);
  });
  const database = openSqlite(config.databasePath, migrationsDir);
  const content = liveContent(await loadContent(config.flowsDir, config.localesDir));
  const worker = createWorker(
    buildHostDeps({ config, keys: nodeKeys(secret), content, database, log }),
  );

  port.on('message', (m: ToThread) => {
    switch (m.type) {
      case 'kick':
        worker.kick();
        break;
      case 'idle':
        void worker.idle().then(() => send({ type: 'idle', id: m.id }));
        break;
      case 'reload':
        // Files that no longer load keep the content running now, and say why.
        void loadContent(config.flowsDir, config.localesDir).then(
          (next) => {
            content.replace(next);
            send({ type: 'reloaded', id: m.id, ok: true });
          },
          (err) =>
            send({
              type: 'reloaded',
              id: m.id,
              ok: false,
              message: err instanceof Error ? err.message : String(err),
            }),
        );
        break;
      case 'stop':
        void worker.stop().then(() => {
          database.close();
          send({ type: 'stopped', id: m.id });
        });
        break;
    }
  });
  worker.start();
  send({ type: 'ready' });
}

main().catch((err) =>
  send({
    type: 'failed',
    code: errorCode(err),
    message: err instanceof Error ? err.message : String(err),
  }),
);
