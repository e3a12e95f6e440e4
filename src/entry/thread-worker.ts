import { Worker as Thread } from 'node:worker_threads';
import type { Worker } from '../conversation/worker';
import type { Logger } from '../log';
import type { FromThread, ToThread } from './thread-protocol';

/**
 * Runs the conversation worker (src/entry/worker-thread.ts) on a worker thread and offers the
 * same interface as the in-process one. A thread that dies is started again.
 */
export async function startThreadWorker(args: {
  env: Record<string, string | undefined>;
  secret: string;
  migrationsDir: string;
  log: Logger;
  writeLine: (line: string) => void;
}): Promise<Worker> {
  let thread: Thread;
  let nextId = 0;
  let stopping = false;
  const waiting = new Map<number, () => void>();

  const spawn = () =>
    new Promise<void>((resolve, reject) => {
      thread = new Thread(new URL('./worker-thread.ts', import.meta.url), {
        workerData: { env: args.env, secret: args.secret, migrationsDir: args.migrationsDir },
        // The thread loads TypeScript the way `npm start` does.
        execArgv: ['--import', 'tsx'],
      });
      thread.on('message', (m: FromThread) => {
        switch (m.type) {
          case 'ready':
            resolve();
            break;
          case 'log':
            args.writeLine(m.line);
            break;
          case 'idle':
          case 'stopped':
            waiting.get(m.id)?.();
            waiting.delete(m.id);
            break;
          case 'failed':
            reject(new Error(`worker thread could not start: ${m.message}`));
            break;
        }
      });
      // Before it is ready (a module that does not load) the start fails with the reason; later a
      // crash is logged and the thread started again.
      thread.on('error', (err) => {
        args.log.error('worker thread failed', { code: err.name });
        reject(new Error(`worker thread could not start: ${err.message}`));
      });
      thread.on('exit', (code) => {
        reject(new Error(`worker thread exited with code ${code} before it was ready`));
        for (const done of waiting.values()) done();
        waiting.clear();
        if (stopping) return;
        args.log.error('worker thread exited; starting it again', { exitCode: code });
        setTimeout(() => void spawn().catch(() => undefined), 1000).unref();
      });
    });

  const ask = (type: 'idle' | 'stop') =>
    new Promise<void>((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      thread.postMessage({ type, id } satisfies ToThread);
    });

  await spawn();
  return {
    kick: () => thread.postMessage({ type: 'kick' } satisfies ToThread),
    start: () => undefined,
    async stop() {
      stopping = true;
      await ask('stop');
      await thread.terminate();
    },
    idle: () => ask('idle'),
  };
}
