import type { Resource } from 'i18next';
import { sha256Hex } from '../crypto/keys';
import { FlowLoadError, flowKeys, parseFlow, withLanguages, type Flow } from '../flow';
import { LANGUAGES } from '../i18n/languages';
import type { Logger } from '../log';
import { createTranslator, type Translator } from '../i18n/translator';
import { parseServices, type Service } from '../referrals/services';
import { parseDirectory, withRules, type Directory } from '../routing/directory';
import { parseRules } from '../routing/rules';

/**
 * Flows, partner directory, routing rules and locales from their texts: no file system, so the
 * Node server (which reads them from disk, src/entry/files.ts) and the Worker (which has them
 * bundled at build time, src/entry/bundle-content.ts) validate and build them the same way.
 */

/** The files of the flows folder the system reads; the others are optional. */
export const FLOW_FILES = ['intake.flow.yaml', 'partners.yaml', 'routing.yaml', 'services.yaml'];
const REQUIRED: Record<string, string> = {
  'intake.flow.yaml': 'the intake flow is missing',
  'partners.yaml': 'the partner directory is missing',
};

export interface ContentTexts {
  /** Files of the flows folder by name (FLOW_FILES), as text. */
  flows: Record<string, string | undefined>;
  /** `locales/<language>/<namespace>.json`, parsed: `locales[language][namespace]`. */
  locales: Resource;
}

/** Where each text came from, for messages (the Node loader gives real paths). */
export interface ContentPlaces {
  flowPath(file: string): string;
  localesPath(sub: string): string;
}

export const bundledPlaces: ContentPlaces = {
  flowPath: (file) => `flows/${file}`,
  localesPath: (sub) => (sub ? `locales/${sub}` : 'locales'),
};

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

const required = (texts: ContentTexts, places: ContentPlaces, file: string): string => {
  const text = texts.flows[file];
  if (text === undefined) throw new Error(`${places.flowPath(file)}: ${REQUIRED[file]}`);
  return text;
};

/** Everything validated together, as at the start of the server. */
export async function contentFromTexts(
  texts: ContentTexts,
  places: ContentPlaces = bundledPlaces,
): Promise<LoadedContent> {
  if (!texts.locales.en)
    throw new Error(
      `${places.localesPath('')}: no English locale (en) found; it is the fallback of every text`,
    );
  const translator = await createTranslator(texts.locales);
  const flowPath = places.flowPath('intake.flow.yaml');
  const text = required(texts, places, 'intake.flow.yaml');
  const parsed = parseFlow(text, flowPath, await sha256Hex(text));
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
        file: places.localesPath('en'),
        line: null,
        node: null,
        message: `English lacks ${missing.en?.join(', ')}`,
      },
    ]);
  const ordered = LANGUAGES.filter((l) => complete.includes(l));
  const directory = directoryFromTexts(texts, places);
  const servicesText = texts.flows['services.yaml'];
  const services =
    servicesText === undefined ? [] : parseServices(servicesText, places.flowPath('services.yaml'));
  return { flow: withLanguages(parsed, ordered), directory, services, translator, missing };
}

/** `partners.yaml` with the rules of `routing.yaml`; without that file, only the fallback. */
export function directoryFromTexts(
  texts: Pick<ContentTexts, 'flows'>,
  places: Pick<ContentPlaces, 'flowPath'> = bundledPlaces,
): Directory {
  const partnersPath = places.flowPath('partners.yaml');
  const partners = texts.flows['partners.yaml'];
  if (partners === undefined) throw new Error(`${partnersPath}: the partner directory is missing`);
  const directory = parseDirectory(partners, partnersPath);
  const rulesPath = places.flowPath('routing.yaml');
  const rules = texts.flows['routing.yaml'];
  if (rules === undefined) {
    const warning = {
      level: 'warning' as const,
      at: rulesPath,
      message: 'no routing rules: every case goes to the best-placed partner of its kind',
    };
    return { ...directory, problems: [...directory.problems, warning] };
  }
  return withRules(directory, parseRules(rules, rulesPath, directory));
}

/** What does not stop the start but needs attention, as warnings (the validator lists them too). */
export function logContentFindings(content: LoadedContent, log: Logger): void {
  for (const [lng, lacks] of Object.entries(content.missing)) {
    log.warn('language not offered: texts missing', {
      language: lng,
      missing: lacks.length,
      first: lacks[0],
    });
  }
  for (const p of content.directory.problems)
    log.warn('partner directory or routing rules need attention', { at: p.at, problem: p.message });
}
