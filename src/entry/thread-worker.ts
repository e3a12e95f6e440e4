import { Worker as Thread } from 'node:worker_threads';
import type { Worker } from '../conversation/worker';
import type { Logger } from '../log';
import type { FromThread, ToThread } from './thread-protocol';

export interface ReloadResult {
  ok: boolean;
  message?: string;
}

export interface ThreadWorker extends Worker {
  /** The thread reads flows and locales again. */
  reload(): Promise<ReloadResult>;
}

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
}): Promise<ThreadWorker> {
  let thread: Thread;
  let nextId = 0;
  let stopping = false;
  const waiting = new Map<number, () => void>();
  const reloads = new Map<number, (r: ReloadResult) => void>();

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
            // The thread sends the lines of one turn together (JSON lines hold no raw newline).
            for (const line of m.line.split('\n')) args.writeLine(line);
            break;
          case 'idle':
          case 'stopped':
            waiting.get(m.id)?.();
            waiting.delete(m.id);
            break;
          case 'reloaded':
            reloads.get(m.id)?.({ ok: m.ok, ...(m.message ? { message: m.message } : {}) });
            reloads.delete(m.id);
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
        // A thread started again reads the files anew anyway.
        for (const done of reloads.values()) done({ ok: false, message: 'worker thread exited' });
        reloads.clear();
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
    // One message per stored webhook, not one per turn: the worker kicks its delivery pass on
    // each, and with fewer kicks replies waited behind a long inbox pass (measured: at 1000
    // webhooks/s, 850 of 4000 answered in the bench's wait instead of 4000).
    kick: () => thread.postMessage({ type: 'kick' } satisfies ToThread),
    start: () => undefined,
    async stop() {
      stopping = true;
      await ask('stop');
      await thread.terminate();
    },
    idle: () => ask('idle'),
    reload: () =>
      new Promise<ReloadResult>((resolve) => {
        const id = nextId++;
        reloads.set(id, resolve);
        thread.postMessage({ type: 'reload', id } satisfies ToThread);
      }),
  };
}
