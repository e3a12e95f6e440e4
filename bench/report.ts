import type { Cost } from './breakdown';
import type { ReplyTime, ReplyTimes } from './line-load';
import type { RunResult } from './load';

export const TARGET_RATE = 500;
export const TARGET_P99_MS = 50;
export const TARGET_RATIO = 1 / 3;

export interface Step {
  rate: number;
  run: RunResult;
  replies: ReplyTimes;
}

export interface Results {
  /** What served: `npm start`'s Node server, or the Worker in workerd. */
  target?: 'node' | 'worker';
  date: string;
  machine: { cpus: number; model: string; node: string; loadavg: number; code: string };
  settings: string;
  steps: Step[];
  helloSteps: { rate: number; run: RunResult }[];
  saturation: { concurrency: number; hotline: RunResult; hello: RunResult };
  /** In-process CPU per event and stage (bench/breakdown.ts), or null when skipped. */
  costs: Cost[] | null;
  /** What the stand-in and the hotline's own log saw go wrong. */
  notes: string[];
}

export interface Verdict {
  name: string;
  pass: boolean | null;
  detail: string;
}

const ms = (v: number) => (Number.isFinite(v) ? (v < 10 ? v.toFixed(1) : v.toFixed(0)) : '–');
const pct = (v: number | null) => (v === null ? '–' : `${v.toFixed(0)}%`);
const num = (v: number) => v.toFixed(0);
/** A reply time, or the least it can be when it falls on replies that never came. */
const waited = (t: ReplyTime) => (t.exact ? ms(t.ms) : `> ${(t.ms / 1000).toFixed(1)} s`);

/** Above this much CPU taken by other work (% of one core), a figure is not to be trusted. */
export const NOISY_CPU = 25;

const noisy = (...runs: RunResult[]) => {
  const worst = Math.max(...runs.map((x) => x.otherCpu ?? 0));
  return worst > NOISY_CPU
    ? ` (UNRELIABLE: other work took ${worst.toFixed(0)}% CPU meanwhile; run again on a quiet machine)`
    : '';
};

export function verdicts(r: Results): Verdict[] {
  const at = r.steps.find((s) => s.rate === TARGET_RATE);
  const latency: Verdict = at
    ? {
        name: `ingest p99 < ${TARGET_P99_MS} ms at ${TARGET_RATE} req/s`,
        pass:
          at.run.latency.p99 < TARGET_P99_MS &&
          at.run.errors === 0 &&
          at.run.throughput >= 0.95 * TARGET_RATE,
        detail: `p99 ${ms(at.run.latency.p99)} ms, ${num(at.run.throughput)} req/s achieved, ${at.run.errors} errors${noisy(at.run)}`,
      }
    : { name: `ingest p99 at ${TARGET_RATE} req/s`, pass: null, detail: 'rate not in this run' };
  const ratio = r.saturation.hello.throughput
    ? r.saturation.hotline.throughput / r.saturation.hello.throughput
    : 0;
  return [
    latency,
    {
      name: 'throughput ≥ 1/3 of bare Hono',
      pass: ratio >= TARGET_RATIO,
      detail: `${num(r.saturation.hotline.throughput)} / ${num(r.saturation.hello.throughput)} req/s = ${ratio.toFixed(2)}${noisy(r.saturation.hotline, r.saturation.hello)}`,
    },
  ];
}

function tables(r: Results): { title: string; head: string[]; rows: string[][] }[] {
  const stepRow = (name: string, rate: number, run: RunResult, replies?: Step['replies']) => [
    name,
    num(rate),
    num(run.throughput),
    ms(run.latency.p50),
    ms(run.latency.p99),
    ms(run.latency.max),
    String(run.errors),
    replies ? `${replies.answered}/${run.sent}` : '–',
    replies ? waited(replies.p50) : '–',
    replies ? waited(replies.p99) : '–',
    pct(run.serverCpu),
    ms(run.loopDelay?.p99 ?? NaN),
    ms(run.loopDelay?.max ?? NaN),
    pct(run.otherCpu),
    ms(run.sendLagP99 ?? NaN),
  ];
  const satRow = (name: string, run: RunResult) => [
    name,
    num(run.throughput),
    ms(run.latency.p50),
    ms(run.latency.p99),
    String(run.errors),
    pct(run.serverCpu),
    run.webhookCpuMs === null || !run.ok ? '–' : num((run.webhookCpuMs * 1000) / run.ok),
    pct(run.clientCpu),
    pct(run.otherCpu),
    ms(run.loopDelay?.p99 ?? NaN),
    ms(run.loopDelay?.max ?? NaN),
  ];
  const costs = r.costs
    ? [
        {
          title: 'Where one event’s CPU goes (in-process, no sockets)',
          head: ['stage', 'µs CPU per event', 'what it does'],
          rows: r.costs.map((c) => [c.stage, num(c.us), c.what]),
        },
      ]
    : [];
  return [
    {
      title: 'Open loop: signed single-event webhooks at fixed rates',
      head: [
        'server',
        'rate',
        'ingest req/s',
        'p50 ms',
        'p99 ms',
        'max ms',
        'errors',
        'replies',
        'reply p50 ms',
        'reply p99 ms',
        'server CPU',
        'loop delay p99',
        'loop delay max',
        'other CPU',
        'send lag p99',
      ],
      rows: [
        ...r.steps.map((s) => stepRow('hotline', s.rate, s.run, s.replies)),
        ...r.helloSteps.map((s) => stepRow('bare Hono', s.rate, s.run)),
      ],
    },
    {
      title: `Closed loop: ${r.saturation.concurrency} connections as fast as answered`,
      head: [
        'server',
        'req/s',
        'p50 ms',
        'p99 ms',
        'errors',
        'server CPU',
        'webhook thread µs/req',
        'client CPU',
        'other CPU',
        'loop delay p99',
        'loop delay max',
      ],
      rows: [satRow('hotline', r.saturation.hotline), satRow('bare Hono', r.saturation.hello)],
    },
    ...costs,
  ];
}

const mark = (v: Verdict) => (v.pass === null ? 'N/A' : v.pass ? 'PASS' : 'FAIL');

export function toConsole(r: Results): string {
  const out: string[] = [];
  for (const t of tables(r)) {
    const widths = t.head.map((h, i) => Math.max(h.length, ...t.rows.map((row) => row[i]!.length)));
    const line = (cells: string[]) =>
      cells
        .map((c, i) =>
          i === 0 || t.head[i] === 'what it does' ? c.padEnd(widths[i]!) : c.padStart(widths[i]!),
        )
        .join('  ')
        .trimEnd();
    out.push('', t.title, line(t.head), widths.map((w) => '-'.repeat(w)).join('  '));
    for (const row of t.rows) out.push(line(row));
  }
  out.push('');
  for (const v of verdicts(r)) out.push(`${mark(v)}  ${v.name}: ${v.detail}`);
  for (const n of r.notes) out.push(`note: ${n}`);
  return out.join('\n');
}

export function toMarkdown(r: Results): string {
  const out = [
    r.target === 'worker'
      ? '# Webhook benchmark: the Worker (workerd, local D1), latest results'
      : '# Webhook benchmark: latest results',
    '',
    ...(r.target === 'worker'
      ? [
          '- Target: `src/entry/worker.ts` in workerd through `wrangler dev` (local mode, local D1); the Node figures are in [`latest.md`](latest.md)',
        ]
      : []),
    `- Date: ${r.date}`,
    `- Machine: ${r.machine.cpus} CPUs (\`nproc\`), ${r.machine.model}, load average ${r.machine.loadavg.toFixed(2)} at start`,
    `- Node: ${r.machine.node}`,
    `- Code: ${r.machine.code}`,
    `- Settings: ${r.settings}`,
    '',
  ];
  for (const t of tables(r)) {
    out.push(`## ${t.title}`, '', `| ${t.head.join(' | ')} |`);
    out.push(
      `| ${t.head.map((h, i) => (i === 0 || h === 'what it does' ? '---' : '---:')).join(' | ')} |`,
    );
    for (const row of t.rows) out.push(`| ${row.join(' | ')} |`);
    out.push('');
  }
  out.push('## Targets', '');
  for (const v of verdicts(r)) out.push(`- **${mark(v)}** ${v.name}: ${v.detail}`);
  if (r.notes.length) out.push('', '## Notes', '', ...r.notes.map((n) => `- ${n}`));
  return out.join('\n') + '\n';
}
