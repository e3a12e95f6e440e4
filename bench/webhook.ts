import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { LineStandIn } from '../test/helpers/line-stand-in';
import { breakdownInChild } from './breakdown';
import { startChild, type Child } from './children';
import { LINE_SECRET, LineLoad } from './line-load';
import { closedLoop, openLoop, type Shot } from './load';
import { problems } from './notes';
import { toConsole, toMarkdown, verdicts, type Results, type Step } from './report';
import { cfg, codeVersion, ROOT } from './settings';
import { startWorkerChild } from './worker-child';

/**
 * `npm run bench`: the hotline's LINE webhook under load, beside a bare Hono server measured the
 * same way. See bench/README.md; settings in bench/settings.ts.
 */

const log = (s: string) => process.stderr.write(`${s}\n`);
const cleanups: (() => Promise<unknown> | void)[] = [];
const cleanup = async () => {
  for (const f of cleanups.splice(0).reverse()) await Promise.resolve(f()).catch(() => undefined);
};
for (const sig of ['SIGINT', 'SIGTERM'] as const)
  process.once(sig, () => void cleanup().finally(() => process.exit(130)));

async function main(): Promise<number> {
  const started = Date.now();
  const code = codeVersion();
  const machine = {
    cpus: availableParallelism(),
    model: cpus()[0]?.model.trim() ?? 'unknown',
    node: process.version,
    loadavg: loadavg()[0]!,
    code: code.label,
  };
  log(
    `bench: ${machine.cpus} CPUs, Node ${machine.node}, load ${machine.loadavg.toFixed(2)}, code ${machine.code}, target ${cfg.target}`,
  );

  const line = new LineStandIn();
  await line.start();
  cleanups.push(() => line.stop());
  const dir = mkdtempSync(join(tmpdir(), 'hotline-bench-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const profDir = join(ROOT, 'bench/profiles');
  const instances: Child[] = [];
  const hotlineEnv = {
    NODE_ENV: 'production',
    HOTLINE_SECRET: 'bench-hotline-secret-0123456789-abcdefghij',
    LINE_CHANNEL_SECRET: LINE_SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: line.accessToken,
    LINE_API_BASE_URL: line.url,
    LOG_LEVEL: 'warn',
  };
  const startHotline = () =>
    (cfg.target === 'worker'
      ? startWorkerChild({ cwd: ROOT, vars: hotlineEnv })
      : startNodeHotline()
    ).then((c) => {
      instances.push(c);
      return keep(c);
    });
  const startNodeHotline = () =>
    startChild({
      name: 'hotline',
      script: 'src/entry/node.ts',
      cwd: ROOT,
      nodeArgs: cfg.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [],
      env: { ...hotlineEnv, DATABASE_PATH: join(dir, `hotline-${instances.length}.sqlite`) },
    });

  const [first, hello] = await Promise.all([
    startHotline(),
    startChild({ name: 'bare Hono', script: 'bench/hello-server.ts', cwd: ROOT, env: {} }).then(
      keep,
    ),
  ]);
  let hotline = first;
  const load = new LineLoad(line);
  const timing = { warmupS: cfg.warmupS, durationS: cfg.durationS };

  // The baseline first, while the hotline is idle. It gets the same signed bodies, made ahead
  // of time (it never answers them, and making them would otherwise slow the client down).
  const ring: Shot[] = Array.from({ length: 1024 }, () => {
    const { body, headers } = load.shot();
    return { body, headers };
  });
  let r = 0;
  const helloShot = () => ring[r++ % ring.length]!;
  const helloUrl = `${hello.url}/webhooks/line`;
  const helloSteps = [];
  for (const rate of cfg.helloRates) {
    log(`bare Hono: ${rate} req/s open loop`);
    helloSteps.push({
      rate,
      run: await openLoop({ url: helloUrl, server: hello, rate, ...timing, make: helloShot }),
    });
  }
  log(`bare Hono: ${cfg.concurrency} connections closed loop`);
  const helloSat = await pinned(hello, () =>
    closedLoop({
      url: helloUrl,
      server: hello,
      concurrency: cfg.concurrency,
      ...timing,
      make: helloShot,
    }),
  );
  await hello.stop();

  const notes: string[] = [];
  const steps: Step[] = [];
  for (const rate of cfg.rates) {
    log(`hotline: ${rate} req/s open loop`);
    const all: string[] = [];
    const measured: string[] = [];
    load.mark();
    const run = await openLoop({
      url: `${hotline.url}/webhooks/line`,
      server: hotline,
      rate,
      ...timing,
      make: (m) => load.shot(m ? measured : all),
    });
    all.push(...measured);
    await load.drain(all, cfg.drainS * 1000);
    steps.push({ rate, run, replies: load.replyLatency(measured) });
    const left = all.length - load.answered(all);
    if (left) {
      // A backlog would slow whatever runs next: carry on with a fresh hotline instead.
      notes.push(
        `${rate} req/s: ${left} events unanswered when the bench stopped waiting (at most ${cfg.drainS} s, less when the worker could not catch up in time); the next run used a fresh hotline`,
      );
      log(`hotline: ${left} events unanswered, restarting it`);
      await hotline.stop(true);
      hotline = await startHotline();
    }
  }

  log(`hotline: ${cfg.concurrency} connections closed loop`);
  const satTokens: string[] = [];
  // Made ahead of time, as bare Hono's are, so the client costs both servers the same per request;
  // each is still unique (its own event id, user and reply token). Enough for the hotline to
  // match bare Hono's pace; beyond that, more are made on the fly.
  const ahead = Math.ceil(helloSat.throughput * (cfg.warmupS + cfg.durationS) * 0.6) + 1000;
  const premade = Array.from({ length: ahead }, () => load.shot(satTokens));
  let used = 0;
  const hotlineSat = await pinned(hotline, () =>
    closedLoop({
      url: `${hotline.url}/webhooks/line`,
      server: hotline,
      concurrency: cfg.concurrency,
      ...timing,
      make: () => premade[used++] ?? load.shot(satTokens),
    }),
  );
  if (used > premade.length)
    notes.push(`closed loop: ${used - premade.length} webhooks were made during the run`);
  satTokens.length = Math.min(satTokens.length, used);
  notes.push(
    `closed loop: ${load.answered(satTokens)} of ${satTokens.length} events answered by its end (the others were still queued behind the backlog)`,
  );
  await hotline.stop(true);

  let costs = null;
  if (cfg.breakdown > 0) {
    log(`cost breakdown: ${cfg.breakdown} events, in a process of its own`);
    costs = await breakdownInChild(ROOT, cfg.breakdown).catch((err: Error) => {
      notes.push(`cost breakdown failed: ${err.message.split('\n')[0]}`);
      return null;
    });
  }

  notes.push(...problems(line, instances, cfg.cpuProf ? relative(ROOT, profDir) : null));
  if (codeVersion().fingerprint !== code.fingerprint)
    notes.push('the code changed during the run: servers started later may have run other code');
  if (machine.loadavg > 0.5)
    notes.push(
      `load average was ${machine.loadavg.toFixed(2)} at start: other work on the machine skews the figures (see "other CPU")`,
    );
  notes.push(`whole run took ${((Date.now() - started) / 1000).toFixed(0)} s`);

  if (cfg.target === 'worker')
    notes.push(
      "target: the Worker in workerd through `wrangler dev` (local mode, local D1 = SQLite inside workerd, behind wrangler's proxy worker); server CPU is wrangler and its workerd processes; no event-loop probe",
    );
  const results: Results = {
    target: cfg.target,
    date: new Date().toISOString(),
    machine,
    settings: `rates ${cfg.rates.join(', ')} req/s (bare Hono ${cfg.helloRates.join(', ')}), ${cfg.warmupS} s warm-up + ${cfg.durationS} s each, closed loop ${cfg.concurrency} connections${cfg.pin ? ', servers pinned to the last CPU and the bench to the others in the closed loop' : ''}`,
    steps,
    helloSteps,
    saturation: { concurrency: cfg.concurrency, hotline: hotlineSat, hello: helloSat },
    costs,
    notes,
  };
  process.stdout.write(toConsole(results) + '\n');
  if (cfg.out && cfg.out !== 'none') {
    mkdirSync(dirname(cfg.out), { recursive: true });
    // Written as prettier would, so `npm run lint` (prettier --check) stays green.
    const prettier = await import('prettier');
    const options = (await prettier.resolveConfig(cfg.out)) ?? {};
    writeFileSync(
      cfg.out,
      await prettier.format(toMarkdown(results), { ...options, parser: 'markdown' }),
    );
    log(`\nwritten to ${relative(process.cwd(), cfg.out)}`);
  }
  return cfg.strict && verdicts(results).some((v) => v.pass === false) ? 1 : 0;
}

/** Runs `f` with the server on the last CPU and this process on the others (`--pin`). */
async function pinned<T>(server: Child, f: () => Promise<T>): Promise<T> {
  const last = availableParallelism() - 1;
  if (!cfg.pin || last < 1) return f();
  const taskset = (cpus: string, pid: number) =>
    execFileSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
  taskset(String(last), server.pid);
  taskset(last > 1 ? `0-${last - 1}` : '0', process.pid);
  try {
    return await f();
  } finally {
    taskset(`0-${last}`, process.pid);
    taskset(`0-${last}`, server.pid);
  }
}

function keep(c: Child): Child {
  cleanups.push(() => c.stop());
  return c;
}

main()
  .then(async (code) => {
    await cleanup();
    process.exit(code);
  })
  .catch(async (err: Error) => {
    log(`bench failed: ${err.stack ?? err.message}`);
    await cleanup();
    process.exit(2);
  });
