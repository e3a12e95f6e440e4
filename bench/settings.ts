import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** Settings of `npm run bench`: flags or BENCH_* variables (flags win); see bench/README.md. */

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values: flags } = parseArgs({
  options: {
    rates: { type: 'string' },
    'hello-rates': { type: 'string' },
    warmup: { type: 'string' },
    duration: { type: 'string' },
    concurrency: { type: 'string' },
    drain: { type: 'string' },
    breakdown: { type: 'string' },
    out: { type: 'string' },
    'cpu-prof': { type: 'boolean' },
    pin: { type: 'boolean' },
    strict: { type: 'boolean' },
    target: { type: 'string' },
  },
});
const setting = (flag: keyof typeof flags, env: string, fallback: string): string =>
  String(flags[flag] ?? process.env[env] ?? fallback);
const list = (s: string) => s.split(',').filter(Boolean).map(Number);
const target = setting('target', 'BENCH_TARGET', 'node');
if (target !== 'node' && target !== 'worker')
  throw new Error(`--target must be node or worker (got ${target})`);
export const cfg = {
  /** `node`: `npm start`'s server; `worker`: the Worker in workerd (`wrangler dev`, local D1). */
  target: target as 'node' | 'worker',
  // The Worker on local D1 answers far fewer events per second than the Node server.
  rates: list(
    setting('rates', 'BENCH_RATES', target === 'worker' ? '50,100,250' : '100,250,500,1000'),
  ),
  helloRates: list(setting('hello-rates', 'BENCH_HELLO_RATES', '500')),
  warmupS: Number(setting('warmup', 'BENCH_WARMUP', '1')),
  durationS: Number(setting('duration', 'BENCH_DURATION', '5')),
  concurrency: Number(setting('concurrency', 'BENCH_CONCURRENCY', '32')),
  /** Longest wait for the replies of one rate before moving on. */
  drainS: Number(setting('drain', 'BENCH_DRAIN', '20')),
  /** Events per stage of the in-process cost breakdown at the end; 0 skips it. */
  breakdown: Number(setting('breakdown', 'BENCH_BREAKDOWN', target === 'worker' ? '0' : '1000')),
  out: setting(
    'out',
    'BENCH_OUT',
    join(ROOT, target === 'worker' ? 'bench/results/worker.md' : 'bench/results/latest.md'),
  ),
  cpuProf: Boolean(flags['cpu-prof'] ?? process.env.BENCH_CPU_PROF),
  /** Closed loops with the server (all its threads) on the last CPU and the bench on the others. */
  pin: Boolean(flags.pin ?? process.env.BENCH_PIN),
  /** Exit 1 when a target is missed (for CI); otherwise only a broken run exits non-zero. */
  strict: Boolean(flags.strict ?? process.env.BENCH_STRICT),
};
if ([...cfg.rates, ...cfg.helloRates, cfg.durationS, cfg.concurrency].some((n) => !(n > 0)))
  throw new Error(`bad settings: ${JSON.stringify(cfg)}`);

/**
 * The commit measured, whether the code had changes not yet committed, and a fingerprint of
 * those changes: compared at the end, it tells a run whose servers may have loaded different
 * code (a fresh hotline is started after a backlog).
 */
export function codeVersion(): { label: string; fingerprint: string } {
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 64 << 20,
    }).trim();
  const paths = ['--', 'src', 'migrations', 'flows', 'locales'];
  try {
    const head = git('rev-parse', '--short', 'HEAD');
    const status = git('status', '--porcelain', ...paths);
    const diff = createHash('sha1')
      .update(status)
      .update(git('diff', 'HEAD', ...paths));
    return {
      label: status ? `${head} with uncommitted changes in ${changed(status)}` : head,
      fingerprint: `${head} ${diff.digest('hex')}`,
    };
  } catch {
    return { label: 'unknown (not a git checkout)', fingerprint: '' };
  }
}

const changed = (status: string) =>
  [...new Set(status.split('\n').map((l) => l.trim().replace(/^\S+\s+/, '')))]
    .slice(0, 6)
    .join(', ');
