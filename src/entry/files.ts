import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Resource } from 'i18next';
import { FlowLoadError, flowKeys, parseFlow, withLanguages, type Flow } from '../flow';
import { LANGUAGES } from '../i18n/languages';
import { createTranslator, type Translator } from '../i18n/translator';
import { parseServices, type Service } from '../referrals/services';
import { parseDirectory, withRules, type Directory } from '../routing/directory';
import { parseRules } from '../routing/rules';

/** Reads `locales/<language>/<namespace>.json`; a broken file stops the start with its path. */
export function readLocales(dir: string): Resource {
  const resources: Resource = {};
  for (const lng of LANGUAGES) {
    const folder = join(dir, lng);
    if (!existsSync(folder)) continue;
    resources[lng] = {};
    // Files starting with "_" are about the texts (review status), not texts.
    for (const file of readdirSync(folder)
      .filter((f) => f.endsWith('.json') && !f.startsWith('_'))
      .sort()) {
      const path = join(folder, file);
      try {
        resources[lng]![file.slice(0, -5)] = JSON.parse(readFileSync(path, 'utf8'));
      } catch (err) {
        throw new Error(
          `${path}: not valid JSON (${err instanceof Error ? err.message : String(err)})`,
          { cause: err },
        );
      }
    }
  }
  if (!resources.en)
    throw new Error(`${dir}: no English locale (en) found; it is the fallback of every text`);
  return resources;
}

/** `locales/<language>/_review.json`: the keys a native speaker has reviewed. */
export function readReviewed(dir: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const lng of LANGUAGES) {
    const path = join(dir, lng, '_review.json');
    if (!existsSync(path)) continue;
    const data = JSON.parse(readFileSync(path, 'utf8')) as { reviewed?: unknown };
    if (!Array.isArray(data.reviewed) || !data.reviewed.every((k) => typeof k === 'string')) {
      throw new Error(`${path}: "reviewed" must be a list of keys like "emergency:card"`);
    }
    out[lng] = data.reviewed;
  }
  return out;
}

export interface LoadedContent {
  flow: Flow;
  directory: Directory;
  services: Service[];
  translator: Translator;
  /** Texts a language lacks; such a language is not offered until complete. */
  missing: Record<string, string[]>;
}

/** The referral texts every language needs (service names fall back to English). */
const SERVICE_KEYS = ['intro', 'line', 'line_no_phone', 'open_now', 'opens', 'closed'].map(
  (k) => `services:${k}`,
);

/** Flows, partner directory, routing rules and locales, validated together at start. */
export async function loadContent(flowsDir: string, localesDir: string): Promise<LoadedContent> {
  const translator = await createTranslator(readLocales(localesDir));
  const flowPath = join(flowsDir, 'intake.flow.yaml');
  if (!existsSync(flowPath)) throw new Error(`${flowPath}: the intake flow is missing`);
  const text = readFileSync(flowPath, 'utf8');
  const parsed = parseFlow(text, flowPath, createHash('sha256').update(text).digest('hex'));
  const keys = [...flowKeys(parsed), 'emergency:card', 'emergency:helplines', ...SERVICE_KEYS];
  const missing: Record<string, string[]> = {};
  const complete = translator.languages().filter((lng) => {
    const lacks = keys.filter((k) => !translator.has(lng, k));
    if (lacks.length) missing[lng] = lacks;
    return lacks.length === 0;
  });
  if (!complete.includes('en'))
    throw new FlowLoadError([
      {
        file: join(localesDir, 'en'),
        line: null,
        node: null,
        message: `English lacks ${missing.en?.join(', ')}`,
      },
    ]);
  const ordered = LANGUAGES.filter((l) => complete.includes(l));
  const directory = readDirectory(flowsDir);
  const servicesPath = join(flowsDir, 'services.yaml');
  const services = existsSync(servicesPath)
    ? parseServices(readFileSync(servicesPath, 'utf8'), servicesPath)
    : [];
  return { flow: withLanguages(parsed, ordered), directory, services, translator, missing };
}

/** `partners.yaml` with the rules of `routing.yaml`; without that file, only the fallback. */
export function readDirectory(flowsDir: string): Directory {
  const partnersPath = join(flowsDir, 'partners.yaml');
  if (!existsSync(partnersPath))
    throw new Error(`${partnersPath}: the partner directory is missing`);
  const directory = parseDirectory(readFileSync(partnersPath, 'utf8'), partnersPath);
  const rulesPath = join(flowsDir, 'routing.yaml');
  if (!existsSync(rulesPath)) {
    const warning = {
      level: 'warning' as const,
      at: rulesPath,
      message: 'no routing rules: every case goes to the best-placed partner of its kind',
    };
    return { ...directory, problems: [...directory.problems, warning] };
  }
  return withRules(directory, parseRules(readFileSync(rulesPath, 'utf8'), rulesPath, directory));
}
