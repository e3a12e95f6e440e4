import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Latency } from './load';

/**
 * Servers under test run as child processes (`node --import tsx <script>`, the loader `tsx`
 * uses, without its wrapper process), so the load generator never shares their event loop and
 * one pid is both what we stop and what we measure.
 */

export interface Child {
  name: string;
  url: string;
  pid: number;
  /** Last lines the child wrote (stdout and stderr), for error reports. */
  tail(): string[];
  /** Event-loop delay (ms) since the last call, from bench/probe.ts in the child. */
  loopDelay(): Promise<Latency | null>;
  /** CPU time of everything that serves (default: the process `pid` alone), ms; null off Linux. */
  cpuMs?(): number | null;
  /** Sends `m` to bench/probe.ts in the child and waits (at most 5 s) for a reply carrying `key`. */
  ask(m: unknown, key: string): Promise<unknown>;
  /** Log lines at level warn or error seen so far (the hotline logs JSON lines). */
  problems: { warn: number; error: number; first: string | null; last: string | null };
  /** SIGTERM (the hotline then finishes its backlog), SIGKILL after a while or with `force`. */
  stop(force?: boolean): Promise<void>;
}

const live = new Set<ChildProcess>();
// Last resort: whatever happens to the bench, its children die with it.
process.on('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

/** The last 40 lines a child wrote, and how many of its JSON log lines were warnings or errors. */
export function collectOutput(child: ChildProcess) {
  const lines: string[] = [];
  const problems = { warn: 0, error: 0, first: null as string | null, last: null as string | null };
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      lines.push(line);
      if (lines.length > 40) lines.shift();
      if (line.includes('"level":"error"')) problems.error++;
      else if (line.includes('"level":"warn"')) problems.warn++;
      else continue;
      problems.first ??= line;
      problems.last = line;
    }
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  return { lines, problems };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startChild(opts: {
  name: string;
  script: string;
  cwd: string;
  env: Record<string, string>;
  nodeArgs?: string[];
  readyTimeoutMs?: number;
}): Promise<Child> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    [...(opts.nodeArgs ?? []), '--import', 'tsx', '--import', './bench/probe.ts', opts.script],
    {
      env: { ...process.env, ...opts.env, PORT: String(port), HOST: '127.0.0.1' },
      cwd: opts.cwd,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  );
  live.add(child);
  const { lines, problems } = collectOutput(child);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      live.delete(child);
      resolve(code);
    }),
  );

  const profiling = opts.nodeArgs?.some((a) => a.startsWith('--cpu-prof')) ?? false;
  const stop = async (force = false) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    // Profiling: exit at once from inside (bench/probe.ts), so the profile gets written.
    if (profiling && child.connected) child.send('exit');
    else child.kill(force ? 'SIGKILL' : 'SIGTERM');
    // The hotline works off its backlog before exiting; a long one is cut short.
    const timer = setTimeout(() => child.kill('SIGKILL'), profiling ? 30_000 : 3_000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + (opts.readyTimeoutMs ?? 30_000);
  let gone: number | null | undefined;
  void exited.then((code) => (gone = code));
  for (;;) {
    if (gone !== undefined)
      throw new Error(`${opts.name} exited (${gone}) before it was ready:\n${lines.join('\n')}`);
    try {
      const res = await fetch(`${url}/healthz`);
      await res.arrayBuffer();
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `${opts.name} not healthy after ${opts.readyTimeoutMs ?? 30_000} ms:\n${lines.join('\n')}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const loopDelay = () =>
    new Promise<Latency | null>((resolve) => {
      const timer = setTimeout(() => done(null), 1000);
      const onMessage = (m: { loopDelay?: Latency }) => m.loopDelay && done(m.loopDelay);
      const done = (v: Latency | null) => {
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve(v);
      };
      child.on('message', onMessage);
      if (!child.connected || !child.send('loop-delay')) done(null);
    });
  const ask = (m: unknown, key: string) =>
    new Promise<unknown>((resolve) => {
      const timer = setTimeout(() => done(null), 5000);
      const onMessage = (r: Record<string, unknown>) => key in r && done(r[key]);
      const done = (v: unknown) => {
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve(v);
      };
      child.on('message', onMessage);
      if (!child.connected || !child.send(m as string)) done(null);
    });
  child.channel?.unref();
  return {
    ask,
    name: opts.name,
    url,
    pid: child.pid!,
    tail: () => [...lines],
    problems,
    loopDelay,
    stop,
  };
}

/**
 * CPU time (user + system) a process has used, all threads, in ms; with `thread`, that thread's
 * alone (the main thread's id is the pid: the webhook thread). null off Linux.
 */
export function cpuMs(pid: number, thread?: number): number | null {
  try {
    const path = thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`;
    const fields = readFileSync(path, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}
