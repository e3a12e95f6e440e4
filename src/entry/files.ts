import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Resource } from 'i18next';
import { FlowLoadError, flowKeys, parseFlow, withLanguages, type Flow } from '../flow';
import { LANGUAGES } from '../i18n/languages';
import { createTranslator, type Translator } from '../i18n/translator';
import { parseDirectory, type Directory } from '../routing/directory';

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
  translator: Translator;
  /** Texts a language lacks; such a language is not offered until complete. */
  missing: Record<string, string[]>;
}

/** Flows, partner directory and locales, validated together at start. */
export async function loadContent(flowsDir: string, localesDir: string): Promise<LoadedContent> {
  const translator = await createTranslator(readLocales(localesDir));
  const flowPath = join(flowsDir, 'intake.flow.yaml');
  if (!existsSync(flowPath)) throw new Error(`${flowPath}: the intake flow is missing`);
  const text = readFileSync(flowPath, 'utf8');
  const parsed = parseFlow(text, flowPath, createHash('sha256').update(text).digest('hex'));
  const keys = [...flowKeys(parsed), 'emergency:card', 'emergency:helplines'];
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
  const partnersPath = join(flowsDir, 'partners.yaml');
  if (!existsSync(partnersPath))
    throw new Error(`${partnersPath}: the partner directory is missing`);
  const directory = parseDirectory(readFileSync(partnersPath, 'utf8'), partnersPath);
  return { flow: withLanguages(parsed, ordered), directory, translator, missing };
}
