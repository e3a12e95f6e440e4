import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { LineStandIn } from '../test/helpers/line-stand-in';
import { cpuMs, startChild } from './children';
import { LINE_SECRET, LineLoad } from './line-load';
import { closedLoop, type Shot } from './load';

/**
 * The closed loop alone, for working on the webhook's cost: one server (the hotline or bare
 * Hono), `--concurrency` connections for `--duration` s after `--warmup` s, then requests/s, the
 * CPU of the whole server and of its webhook (main) thread alone, per request, and optionally a
 * CPU profile of the webhook thread over the measured window only (`--prof <file>`).
 *
 *   npx tsx bench/closed-loop.ts [hotline|hello] [--duration 5] [--prof /tmp/h.cpuprofile]
 */
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    duration: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '32' },
    prof: { type: 'string' },
    // Webhooks made ahead of time (each unique), as `npm run bench` does; more on the fly.
    ahead: { type: 'string', default: '60000' },
    // Server (all its threads) on the last CPU, this process (client, stand-in) on the others.
    pin: { type: 'boolean', default: false },
  },
});
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const which = positionals[0] ?? 'hotline';
const line = new LineStandIn();
await line.start();
const dir = mkdtempSync(join(tmpdir(), 'hotline-closed-'));
const server = await startChild(
  which === 'hello'
    ? { name: 'bare Hono', script: 'bench/hello-server.ts', cwd: ROOT, env: {} }
    : {
        name: 'hotline',
        script: 'src/entry/node.ts',
        cwd: ROOT,
        env: {
          NODE_ENV: 'production',
          HOTLINE_SECRET: 'bench-hotline-secret-0123456789-abcdefghij',
          LINE_CHANNEL_SECRET: LINE_SECRET,
          LINE_CHANNEL_ACCESS_TOKEN: line.accessToken,
          LINE_API_BASE_URL: line.url,
          LOG_LEVEL: 'warn',
          DATABASE_PATH: join(dir, 'h.sqlite'),
        },
      },
);
if (values.pin) {
  const { execFileSync } = await import('node:child_process');
  const { availableParallelism } = await import('node:os');
  const last = availableParallelism() - 1;
  execFileSync('taskset', ['-a', '-p', '-c', String(last), String(server.pid)], {
    stdio: 'ignore',
  });
  execFileSync('taskset', ['-a', '-p', '-c', `0-${Math.max(0, last - 1)}`, String(process.pid)], {
    stdio: 'ignore',
  });
}
try {
  const load = new LineLoad(line);
  const warmupS = Number(values.warmup);
  const durationS = Number(values.duration);
  const premade: Shot[] = Array.from({ length: Number(values.ahead) }, () => load.shot());
  let r = 0;
  const make = () => premade[r++] ?? load.shot();
  let t0 = { all: 0, main: 0 };
  const read = () => ({ all: cpuMs(server.pid) ?? 0, main: cpuMs(server.pid, server.pid) ?? 0 });
  setTimeout(() => {
    t0 = read();
    if (values.prof) void server.ask({ profile: 'start' }, 'profiling');
  }, warmupS * 1000);
  const run = await closedLoop({
    url: `${server.url}/webhooks/line`,
    server,
    concurrency: Number(values.concurrency),
    warmupS,
    durationS,
    make,
  });
  const t1 = read();
  if (values.prof) await server.ask({ profile: values.prof }, 'profiled');
  const n = run.ok;
  const per = (ms: number) => ((ms * 1000) / n).toFixed(0);
  console.log(
    `${server.name}: ${run.throughput.toFixed(0)} req/s, p50 ${run.latency.p50.toFixed(1)} ms, p99 ${run.latency.p99.toFixed(1)} ms, errors ${run.errors}` +
      `\n  server CPU ${run.serverCpu?.toFixed(0)}% (${per(t1.all - t0.all)} µs/req), webhook thread ${(((t1.main - t0.main) / (durationS * 1000)) * 100).toFixed(0)}% (${per(t1.main - t0.main)} µs/req)` +
      `\n  client CPU ${run.clientCpu.toFixed(0)}%, other CPU ${run.otherCpu?.toFixed(0)}%, loop delay p99 ${run.loopDelay?.p99} ms max ${run.loopDelay?.max} ms`,
  );
} finally {
  await server.stop(true);
  await line.stop();
  rmSync(dir, { recursive: true, force: true });
}
