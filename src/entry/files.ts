import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Resource } from 'i18next';
import { LANGUAGES } from '../i18n/languages';
import type { Directory } from '../routing/directory';
import {
  contentFromTexts,
  directoryFromTexts,
  FLOW_FILES,
  type ContentPlaces,
  type ContentTexts,
  type LoadedContent,
} from './content';

export type { LoadedContent } from './content';

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

/** The files of the flows folder that exist, by name. */
export function readFlowTexts(flowsDir: string): ContentTexts['flows'] {
  const flows: ContentTexts['flows'] = {};
  for (const file of FLOW_FILES) {
    const path = join(flowsDir, file);
    if (existsSync(path)) flows[file] = readFileSync(path, 'utf8');
  }
  return flows;
}

/** Every text the system reads, from disk: what the Worker gets bundled at build time. */
export function readContentTexts(flowsDir: string, localesDir: string): ContentTexts {
  return { locales: readLocales(localesDir), flows: readFlowTexts(flowsDir) };
}

const placesOf = (flowsDir: string, localesDir: string): ContentPlaces => ({
  flowPath: (file) => join(flowsDir, file),
  localesPath: (sub) => join(localesDir, sub),
});

/** Flows, partner directory, routing rules and locales, validated together at start. */
export async function loadContent(flowsDir: string, localesDir: string): Promise<LoadedContent> {
  return contentFromTexts(readContentTexts(flowsDir, localesDir), placesOf(flowsDir, localesDir));
}

/** `partners.yaml` with the rules of `routing.yaml`; without that file, only the fallback. */
export function readDirectory(flowsDir: string): Directory {
  return directoryFromTexts({ flows: readFlowTexts(flowsDir) }, placesOf(flowsDir, ''));
}
