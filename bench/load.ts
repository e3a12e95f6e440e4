import type { Child } from './children';
import { idleUsage, Meter } from './meter';
import { Pool } from './http-client';

/** One request to send: its body and headers, and a hook called as it leaves. */
export interface Shot {
  body: string;
  headers: Record<string, string>;
  sent?(): void;
}

export interface Latency {
  p50: number;
  p99: number;
  max: number;
}

export interface RunResult {
  /** Requests in the measured window (after warm-up). */
  sent: number;
  ok: number;
  errors: number;
  firstError: string | null;
  /** Measured 200s per second. */
  throughput: number;
  latency: Latency;
  /** Open loop only: how late the generator sent, p99 in ms (should stay near 0). */
  sendLagP99?: number;
  /** CPU used during the measured window, % of one core (server: all its threads). */
  serverCpu: number | null;
  clientCpu: number;
  /** CPU everything else on the machine (and the hypervisor's steal) took meanwhile, % of one core: noise. */
  otherCpu: number | null;
  /** CPU of the server's main (webhook) thread alone during the measured window, ms. */
  webhookCpuMs: number | null;
  /** How long the server's event loop was held up (bench/probe.ts), ms. */
  loopDelay: Latency | null;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[
    Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  ]!;
}

export function latencyOf(values: number[]): Latency {
  const s = [...values].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p99: percentile(s, 99), max: s[s.length - 1] ?? NaN };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Open loop: requests leave on a fixed schedule whatever the answers do, as LINE's deliveries
 * would; latency is from the request leaving to its answer's last byte.
 */
export async function openLoop(opts: {
  url: string;
  server: Child;
  rate: number;
  warmupS: number;
  durationS: number;
  make: (measured: boolean) => Shot;
}): Promise<RunResult> {
  const pool = new Pool(new URL(opts.url), 512);
  const interval = 1000 / opts.rate;
  const warm = Math.round(opts.rate * opts.warmupS);
  const total = warm + Math.round(opts.rate * opts.durationS);
  const lat: number[] = [];
  const lag: number[] = [];
  let ok = 0;
  let errors = 0;
  let firstError: string | null = null;
  let lastDone = 0;
  const inflight: Promise<void>[] = [];
  const start = performance.now() + 5;
  let measuredStart = 0;
  let meter: Meter | null = null;

  const fire = (i: number, due: number) => {
    const measured = i >= warm;
    if (i === warm) {
      measuredStart = due;
      meter = new Meter(opts.server);
    }
    const shot = opts.make(measured);
    if (measured) lag.push(performance.now() - due);
    shot.sent?.();
    inflight.push(
      pool.post(shot.body, shot.headers).then(
        (r) => {
          if (!measured) return;
          lastDone = performance.now();
          if (r.status === 200) {
            ok++;
            lat.push(r.ms);
          } else {
            errors++;
            firstError ??= `HTTP ${r.status}`;
          }
        },
        (err: Error) => {
          if (!measured) return;
          errors++;
          firstError ??= err.message;
        },
      ),
    );
  };

  let i = 0;
  while (i < total) {
    const now = performance.now();
    while (i < total && start + i * interval <= now) {
      fire(i, start + i * interval);
      i++;
    }
    if (i < total) await sleep(Math.max(0, start + i * interval - performance.now()));
  }
  const cpu = meter ? await (meter as Meter).read() : idleUsage;
  await Promise.all(inflight);
  pool.close();
  const window = (lastDone - measuredStart) / 1000;
  return {
    sent: total - warm,
    ok,
    errors,
    firstError,
    throughput: window > 0 ? ok / Math.max(window, opts.durationS) : 0,
    latency: latencyOf(lat),
    sendLagP99: latencyOf(lag).p99,
    ...cpu,
  };
}

/** Closed loop: `concurrency` connections, each sending again as soon as it is answered. */
export async function closedLoop(opts: {
  url: string;
  server: Child;
  concurrency: number;
  warmupS: number;
  durationS: number;
  make: (measured: boolean) => Shot;
}): Promise<RunResult> {
  const pool = new Pool(new URL(opts.url), opts.concurrency);
  const t0 = performance.now();
  const measureFrom = t0 + opts.warmupS * 1000;
  const end = measureFrom + opts.durationS * 1000;
  const lat: number[] = [];
  let sent = 0;
  let ok = 0;
  let errors = 0;
  let firstError: string | null = null;
  let meter: Meter | null = null;
  setTimeout(() => (meter = new Meter(opts.server)), opts.warmupS * 1000);

  const loop = async () => {
    while (performance.now() < end) {
      const measured = performance.now() >= measureFrom;
      const shot = opts.make(measured);
      if (measured) sent++;
      shot.sent?.();
      try {
        const r = await pool.post(shot.body, shot.headers);
        if (!measured) continue;
        if (r.status === 200) {
          ok++;
          lat.push(r.ms);
        } else {
          errors++;
          firstError ??= `HTTP ${r.status}`;
        }
      } catch (err) {
        if (!measured) continue;
        errors++;
        firstError ??= (err as Error).message;
        await sleep(10);
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, loop));
  const cpu = meter ? await (meter as Meter).read() : idleUsage;
  pool.close();
  return {
    sent,
    ok,
    errors,
    firstError,
    throughput: ok / opts.durationS,
    latency: latencyOf(lat),
    ...cpu,
  };
}
