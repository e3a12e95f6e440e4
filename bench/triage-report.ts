import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALL_TEN, loadLabelled, score, urgencyOf, type Scored } from '../test/triage/labelled';

/**
 * `npm run triage:report`: how well the first-message reading (src/triage) does on the labelled
 * messages of test/fixtures/triage/*.json, per language and overall. Prints a table and writes
 * bench/results/triage.md (see bench/README.md). `--out <file>` writes elsewhere, `--out none`
 * nowhere.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const outArg = process.argv.indexOf('--out');
const out = outArg > 0 ? process.argv[outArg + 1] : join(ROOT, 'bench/results/triage.md');

interface Row {
  label: string;
  messages: number;
  /** Category hints, micro-averaged over category labels. */
  tp: number;
  fp: number;
  /** False positives counting the tolerated (acceptAlso) hints too. */
  fpStrict: number;
  fn: number;
  exact: number;
  /** Danger: any danger word found, against the labelled danger. */
  dangerTp: number;
  dangerFp: number;
  dangerFn: number;
  languageRight: number;
  urgencyRight: number;
}

function urgencyMatches(s: Scored): boolean {
  const u = urgencyOf(s);
  return (
    u.got.urgency === u.want.urgency &&
    u.got.flags.join() === u.want.flags.join() &&
    (!u.falseAlarm || s.reading.urgency === 'emergency')
  );
}

function urgencyDiff(s: Scored): string {
  const u = urgencyOf(s);
  if (u.falseAlarm && s.reading.urgency !== 'emergency')
    return `**urgency ${s.reading.urgency} on the alarm**, should be emergency`;
  const f = (x: { urgency: string; flags: string[] }) => [x.urgency, ...x.flags].join(', ');
  return `**urgency ${f(u.got)}**, labelled ${f(u.want)}`;
}

function row(label: string, scored: Scored[]): Row {
  const r: Row = {
    label,
    messages: scored.length,
    tp: 0,
    fp: 0,
    fpStrict: 0,
    fn: 0,
    exact: 0,
    dangerTp: 0,
    dangerFp: 0,
    dangerFn: 0,
    languageRight: 0,
    urgencyRight: 0,
  };
  for (const s of scored) {
    r.tp += s.hits.length;
    r.fp += s.extra.length;
    r.fpStrict += s.extra.length + s.tolerated.length;
    r.fn += s.missed.length;
    if (s.missed.length === 0 && s.extra.length === 0) r.exact++;
    const labelled = s.item.danger !== null;
    const detected = s.reading.danger !== null;
    if (labelled && detected) r.dangerTp++;
    if (!labelled && detected) r.dangerFp++;
    if (labelled && !detected) r.dangerFn++;
    if (s.reading.language === s.item.language) r.languageRight++;
    if (urgencyMatches(s)) r.urgencyRight++;
  }
  return r;
}

const ratio = (n: number, d: number) => (d === 0 ? '–' : `${((100 * n) / d).toFixed(1)}%`);
const HEAD = [
  'fixtures',
  'messages',
  'category P',
  'P strict',
  'category R',
  'exact set',
  'danger msgs',
  'danger P',
  'danger R',
  'language ID',
  'urgency, flags',
];
const cells = (r: Row) => [
  r.label,
  String(r.messages),
  ratio(r.tp, r.tp + r.fp),
  ratio(r.tp, r.tp + r.fpStrict),
  ratio(r.tp, r.tp + r.fn),
  ratio(r.exact, r.messages),
  String(r.dangerTp + r.dangerFn),
  ratio(r.dangerTp, r.dangerTp + r.dangerFp),
  ratio(r.dangerTp, r.dangerTp + r.dangerFn),
  ratio(r.languageRight, r.messages),
  ratio(r.urgencyRight, r.messages),
];

function table(head: string[], body: string[][], align: ('l' | 'r')[]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const pad = (c: string, i: number) =>
    align[i] === 'r' ? c.padStart(widths[i]!) : c.padEnd(widths[i]!);
  const line = (cs: string[]) => `| ${cs.map(pad).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (align[i] === 'r' ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(head), rule, ...body.map(line)].join('\n');
}

const scored = loadLabelled().map(score);
const languages = ALL_TEN.filter((l) => scored.some((s) => s.item.language === l));
const absent = ALL_TEN.filter((l) => !languages.includes(l));
const rows = [
  ...languages.map((l) =>
    row(
      l,
      scored.filter((s) => s.item.language === l),
    ),
  ),
  row('all', scored),
];
const summary = table(
  HEAD,
  rows.map(cells),
  HEAD.map((_, i) => (i === 0 ? 'l' : 'r')),
);

const short = (t: string) => (t.length > 70 ? `${t.slice(0, 67)}...` : t).replace(/\|/g, '\\|');
const differences = scored.flatMap((s) => {
  const { item: m, reading } = s;
  const notes = [
    s.missed.length ? `missed ${s.missed.join(', ')}` : '',
    s.extra.length ? `extra ${s.extra.join(', ')}` : '',
    s.tolerated.length ? `also ${s.tolerated.join(', ')} (accepted)` : '',
    reading.language !== m.language ? `**language ${reading.language ?? 'none'}**` : '',
    m.danger && !reading.danger ? `**danger missed** (${m.danger})` : '',
    m.danger && reading.danger && reading.danger !== m.danger
      ? `danger ${reading.danger}, labelled ${m.danger}`
      : '',
    !m.danger && reading.danger
      ? `false alarm (${reading.danger})${m.falseAlarmOk ? ', tolerated' : ''}`
      : '',
    urgencyMatches(s) ? '' : urgencyDiff(s),
  ].filter(Boolean);
  return notes.length ? [[`${m.language} #${m.index + 1}`, short(m.text), notes.join('; ')]] : [];
});

const legend = [
  '- **category P / R**: precision and recall of the category hints, micro-averaged over',
  '  category labels. A hint listed in the message’s `acceptAlso` is not counted against',
  '  precision; **P strict** counts it. **exact set**: messages whose hints are exactly the label',
  '  (acceptAlso allowed).',
  '- **danger P / R**: the danger detector (any danger word found) against the labelled danger;',
  '  false alarms lower P, misses lower R. Misses are the ones that matter.',
  '- **language ID**: `readFirstMessage(text, all ten).language` equals the label.',
  '- **urgency, flags**: the reading’s urgency and flags equal the label’s (after a tolerated',
  '  false alarm: emergency first, then, once the reporter has said they are safe, the label’s).',
].join('\n');

process.stdout.write(`${summary}\n`);
if (absent.length) process.stdout.write(`\nno labelled messages yet: ${absent.join(', ')}\n`);
process.stdout.write(`\n${differences.length} messages read differently from their label\n`);

if (out && out !== 'none') {
  const md = [
    '# Triage: first-message reading on the labelled messages',
    '',
    `- Date: ${new Date().toISOString()}`,
    `- Messages: ${scored.length} in ${languages.length} languages (test/fixtures/triage/*.json)`,
    ...(absent.length ? [`- No labelled messages yet: ${absent.join(', ')}`] : []),
    '- The lexicons were tuned on these same messages: the figures are an upper bound until',
    '  messages written by others (real, redacted transcripts) are labelled too.',
    '',
    '## Summary',
    '',
    summary,
    '',
    legend,
    '',
    '## Messages read differently from their label',
    '',
    differences.length
      ? table(['message', 'text', 'difference'], differences, ['l', 'l', 'l'])
      : 'None.',
    '',
  ].join('\n');
  mkdirSync(dirname(out), { recursive: true });
  // Written as prettier would, so `npm run lint` (prettier --check) stays green.
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(out)) ?? {};
  writeFileSync(out, await prettier.format(md, { ...options, parser: 'markdown' }));
  process.stderr.write(`\nwritten to ${relative(process.cwd(), out)}\n`);
}
