import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { collectOutput, cpuMs, freePort, type Child } from './children';

/**
 * The hotline as a Cloudflare Worker for `npm run bench -- --target worker`: `wrangler dev`
 * (workerd, local mode, offline) with a local D1 migrated by `wrangler d1 migrations apply`.
 * CPU is that of wrangler and every process under it (the workerd runtimes); the Worker has no
 * Node event loop, so no loop delay is measured. Local D1 is SQLite inside workerd, not
 * Cloudflare's network service: the figures are of the code on workerd, not of production D1.
 */

const OFFLINE = {
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_SEND_METRICS: 'false',
  // A developer's .env is for their own server, not for the Worker under test.
  CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV: 'false',
  CI: 'true',
};

/** The process and everything under it, from /proc. */
function tree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const walk = (pid: number) => {
    out.push(pid);
    for (const c of children.get(pid) ?? []) walk(c);
  };
  walk(root);
  return out;
}

export async function startWorkerChild(opts: {
  cwd: string;
  vars: Record<string, string>;
  readyTimeoutMs?: number;
}): Promise<Child> {
  const wrangler = join(opts.cwd, 'node_modules/wrangler/bin/wrangler.js');
  const persist = mkdtempSync(join(tmpdir(), 'hotline-bench-d1-'));
  const env = { ...process.env, ...OFFLINE };
  await promisify(execFile)(
    process.execPath,
    [wrangler, 'd1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persist],
    { cwd: opts.cwd, env },
  );
  const [port, inspectorPort] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    [
      wrangler,
      'dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--inspector-port',
      String(inspectorPort),
      '--persist-to',
      persist,
      '--show-interactive-dev-session=false',
      ...Object.entries(opts.vars).flatMap(([k, v]) => ['--var', `${k}:${v}`]),
    ],
    { cwd: opts.cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  const { lines, problems } = collectOutput(child);
  let gone: number | null | undefined;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      gone = code;
      resolve();
    }),
  );
  const killAll = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal); // the group: wrangler and its workerd processes
    } catch {
      // already gone
    }
  };
  process.on('exit', () => killAll('SIGKILL'));
  const stop = async () => {
    if (gone === undefined) {
      killAll('SIGTERM');
      const timer = setTimeout(() => killAll('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(persist, { recursive: true, force: true });
  };

  const deadline = Date.now() + (opts.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (gone !== undefined)
      throw new Error(`wrangler dev exited (${gone}) before it was ready:\n${lines.join('\n')}`);
    try {
      const res = await fetch(`${url}/healthz`);
      await res.arrayBuffer();
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the Worker is not healthy after 60 s:\n${lines.join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    name: 'hotline (Worker)',
    url,
    pid: child.pid!,
    tail: () => [...lines],
    problems,
    loopDelay: async () => null,
    ask: async () => null,
    cpuMs: () =>
      tree(child.pid!)
        .map((p) => cpuMs(p))
        .reduce<number>((sum, ms) => sum + (ms ?? 0), 0),
    stop,
  };
}
