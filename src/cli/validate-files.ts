import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { readDirectory } from '../entry/files';
import type { Flow, OptionDef } from '../flow';
import { checkFlow, presentedLabels } from '../flow/check';
import { flowKeys, readFlow, withLanguages } from '../flow/load';
import { checkLocales } from '../i18n/check';
import { LANGUAGES } from '../i18n/languages';
import { createTranslator } from '../i18n/translator';
import { parseServices } from '../referrals/services';
import type { Directory } from '../routing/directory';
import { phoneProblem } from '../routing/phone';
import { readYaml } from '../routing/yaml-source';
import { fromLoaderText, type Finding } from './findings';
import { readLocaleFiles, type LocaleFiles } from './locale-files';

/** Texts every language needs besides the flow's: the emergency card and the referrals. */
export const EXTRA_KEYS = [
  'emergency:card',
  'emergency:helplines',
  ...['intro', 'line', 'line_no_phone', 'open_now', 'opens', 'closed'].map((k) => `services:${k}`),
];

export interface Validation {
  findings: Finding[];
  flows: Flow[];
  directory: Directory | null;
  locales: LocaleFiles;
  /** Keys the flows need in every language. */
  required: string[];
}

/**
 * Every check over `flows/` and `locales/`, each file on its own so that one broken file does
 * not hide the mistakes of the others. Errors first, in file order; then warnings.
 */
export async function validateFiles(flowsDir: string, localesDir: string): Promise<Validation> {
  const findings: Finding[] = [];
  const locales = readLocaleFiles(localesDir);
  findings.push(...locales.problems);
  const translator = await createTranslator(locales.resources);

  const flows: Flow[] = [];
  const required = new Set(EXTRA_KEYS);
  const labels = new Set<string>();
  /** Where a flow uses each key, so a text missing in English is shown at its use. */
  const usedAt = new Map<string, { file: string; line: number | null; node: string }>();
  const flowFiles = existsSync(flowsDir)
    ? readdirSync(flowsDir)
        .filter((f) => f.endsWith('.flow.yaml'))
        .sort((a, b) => Number(b === 'intake.flow.yaml') - Number(a === 'intake.flow.yaml'))
    : [];
  if (!flowFiles.includes('intake.flow.yaml'))
    findings.push({
      level: 'error',
      file: join(flowsDir, 'intake.flow.yaml'),
      line: null,
      message: 'the intake flow is missing: the server starts every conversation with it',
      fix: 'restore it from git (git checkout flows/intake.flow.yaml)',
    });
  for (const name of flowFiles) {
    const file = join(flowsDir, name);
    const text = readFileSync(file, 'utf8');
    const source = readFlow(text, file, createHash('sha256').update(text).digest('hex'));
    findings.push(...source.problems.map((p) => ({ ...p, level: p.level ?? ('error' as const) })));
    if (!source.flow) continue;
    for (const [key, { node, path }] of keyUses(source.flow))
      if (!usedAt.has(key)) usedAt.set(key, { file, line: source.lineOf(path), node });
    const keys = [...flowKeys(source.flow), ...EXTRA_KEYS];
    keys.forEach((k) => required.add(k));
    // The languages the server would offer: those with every text of the flow.
    const complete = LANGUAGES.filter(
      (l) => l in locales.resources && keys.every((k) => translator.has(l, k)),
    );
    const flow = withLanguages(source.flow, complete);
    flows.push(flow);
    presentedLabels(flow).forEach((l) => labels.add(l));
    findings.push(
      ...checkFlow(flow, file, source.lineOf).map((p) => ({
        ...p,
        level: p.level ?? ('error' as const),
      })),
    );
  }

  const absent = new Map<string, { language: string; count: number; offered: boolean }>();
  for (const p of checkLocales(locales.resources, [...required].sort(), locales.reviewed, {
    labels,
  })) {
    const where =
      p.key === '*'
        ? { file: join(localesDir, p.language), line: null }
        : p.language === 'en' && usedAt.has(p.key) && !source(p.key)
          ? usedAt.get(p.key)!
          : locales.where(p.language, p.key);
    // A file that is not JSON is reported once, not once for each of its texts.
    if (locales.broken.has(where.file)) continue;
    // So is a file a language does not have at all.
    if (p.key !== '*' && p.message.startsWith('missing') && !existsSync(where.file)) {
      const known = absent.get(where.file);
      if (known) {
        known.count++;
        known.offered &&= !p.message.includes('not offered');
        continue;
      }
      absent.set(where.file, {
        language: p.language,
        count: 1,
        offered: !p.message.includes('not offered'),
      });
      continue;
    }
    findings.push({
      level: p.level,
      ...where,
      ...(p.key === '*' ? {} : { key: p.key }),
      message: p.message,
      ...(p.fix ? { fix: p.fix } : {}),
    });
  }

  for (const [file, { language, count, offered }] of absent)
    findings.push({
      level: 'error',
      file,
      line: null,
      message: `missing: ${count} ${count === 1 ? 'text' : 'texts'} of English are not in ${language}${offered ? ' (English is shown instead)' : `, so ${language} is not offered at all`}`,
      fix: `copy ${join(localesDir, 'en', basename(file))} to ${file} and translate it`,
    });

  // Partners and routing rules: they decide who is told of a case.
  let directory: Directory | null = null;
  try {
    directory = readDirectory(flowsDir);
    for (const p of directory.problems)
      findings.push(...fromLoaderText(`${p.at}: ${p.message}`, p.level));
  } catch (err) {
    findings.push(...fromLoaderText(err instanceof Error ? err.message : String(err)));
  }
  findings.push(...servicesFindings(flowsDir));

  function source(key: string): boolean {
    const [ns, ...rest] = key.split(':');
    let node: unknown = locales.resources.en?.[ns!];
    for (const part of rest.join(':').split('.'))
      node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
    return node !== undefined;
  }

  const order = (f: Finding) => (f.level === 'error' ? 0 : 1);
  return {
    findings: findings.sort((a, b) => order(a) - order(b)),
    flows,
    directory,
    locales,
    required: [...required].sort(),
  };
}

/** `services.yaml`: what its loader refuses, and phone numbers a reporter could not dial. */
function servicesFindings(flowsDir: string): Finding[] {
  const file = join(flowsDir, 'services.yaml');
  if (!existsSync(file)) return [];
  const text = readFileSync(file, 'utf8');
  const out: Finding[] = [];
  try {
    parseServices(text, file);
  } catch (err) {
    out.push(...fromLoaderText(err instanceof Error ? err.message : String(err)));
  }
  let source;
  try {
    source = readYaml(text, file, (m) => new Error(m));
  } catch {
    return out; // not YAML: already reported
  }
  const services = (source.data as { services?: unknown } | null)?.services;
  (Array.isArray(services) ? services : []).forEach((s: { lines?: unknown }, i) =>
    (Array.isArray(s?.lines) ? s.lines : []).forEach((l: { phone?: unknown }, j) => {
      if (l?.phone === undefined || l.phone === null) return;
      const problem = phoneProblem(String(l.phone));
      if (problem)
        out.push(
          ...fromLoaderText(
            `${source.at(['services', i, 'lines', j, 'phone'])}: services.${i}.lines.${j}.phone: ${problem}`,
          ),
        );
    }),
  );
  return out;
}

/** Each key a flow uses, with the node and the field that uses it. */
function keyUses(flow: Flow): Map<string, { node: string; path: (string | number)[] }> {
  const out = new Map<string, { node: string; path: (string | number)[] }>();
  const use = (key: string | undefined, node: string, ...path: (string | number)[]) => {
    if (key && !out.has(key)) out.set(key, { node, path: ['nodes', node, ...path] });
  };
  for (const n of Object.values(flow.nodes)) {
    if ('text' in n) use(n.text, n.id, 'text');
    if (n.kind !== 'choice') continue;
    use(n.textMore, n.id, 'textMore');
    use(n.textHinted, n.id, 'textHinted');
    const walk = (options: OptionDef[], question: string, base: (string | number)[]) =>
      options.forEach((o, i) => {
        use(o.label ?? `common:option.${question}.${o.id}`, n.id, ...base, i);
        if (o.children) walk(o.children, n.question, [...base, i, 'options']);
      });
    walk(n.options, n.groupQuestion ?? n.question, ['options']);
  }
  return out;
}
