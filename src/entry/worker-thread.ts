import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { loadConfig } from '../config';
import { createWorker } from '../conversation/worker';
import { nodeKeys } from '../crypto/node-keys';
import { openSqlite } from '../db/node-sqlite';
import { createLogger, errorCode } from '../log';
import { loadContent } from './files';
import { buildHostDeps } from './host';
import type { FromThread, ToThread } from './thread-protocol';

/**
 * The conversation worker on its own thread: processing and delivery use the second core, and the
 * webhook's event loop does nothing but verify, store and acknowledge.
 */
const port = parentPort!;
const send = (m: FromThread) => port.postMessage(m);

/** On Linux the nice value is per thread: answering webhooks comes before working the backlog. */
function lowerPriority() {
  try {
    setPriority(10);
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
  // Log lines go to the main thread, which owns the process's output.
  const log = createLogger(config.logLevel, (line) => send({ type: 'log', line }));
  const database = openSqlite(config.databasePath, migrationsDir);
  const content = await loadContent(config.flowsDir, config.localesDir);
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
