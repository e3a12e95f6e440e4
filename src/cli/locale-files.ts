import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Resource } from 'i18next';
import { LineCounter, parseDocument } from 'yaml';
import { LANGUAGES, normaliseLanguage } from '../i18n/languages';
import type { Finding } from './findings';

/**
 * The locale files as the validator reads them: every file, even when another one is broken,
 * with the line of each key (JSON is YAML, so the YAML parser gives the positions).
 */
export interface LocaleFiles {
  resources: Resource;
  reviewed: Record<string, string[]>;
  /** `locales/vi/intake.json` and the line of `intake:words` in it (its parent's when missing). */
  where(language: string, key: string): { file: string; line: number | null };
  problems: Finding[];
  /** Files that are not valid JSON: their keys are not reported missing one by one. */
  broken: Set<string>;
}

export function readLocaleFiles(dir: string): LocaleFiles {
  const resources: Resource = {};
  const reviewed: Record<string, string[]> = {};
  const lineMaps = new Map<string, (path: string[]) => number | null>();
  const problems: Finding[] = [];
  const broken = new Set<string>();
  // In the order of the language menu, as the server reads them; unknown folders last.
  const rank = (f: string) => {
    const i = (LANGUAGES as readonly string[]).indexOf(f);
    return i < 0 ? LANGUAGES.length : i;
  };
  const folders = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => statSync(join(dir, f)).isDirectory())
        .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    : [];
  for (const folder of folders) {
    if (!(LANGUAGES as readonly string[]).includes(folder)) {
      const known = normaliseLanguage(folder);
      problems.push({
        level: 'error',
        file: join(dir, folder),
        line: null,
        message: `"${folder}" is not a language id of the contract, so these texts are never used`,
        fix: known
          ? `rename the folder to ${known}`
          : `use one of ${LANGUAGES.join(', ')} as the folder name`,
      });
      continue;
    }
    resources[folder] = {};
    for (const name of readdirSync(join(dir, folder)).sort()) {
      if (!name.endsWith('.json')) continue;
      const file = join(dir, folder, name);
      const text = readFileSync(file, 'utf8');
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch (err) {
        broken.add(file);
        problems.push({
          level: 'error',
          file,
          line: jsonErrorLine(err, text),
          // The line is given beside the file; Node's "at position 262 (line 12 column 5)" is noise.
          message: `not valid JSON: ${(err instanceof Error ? err.message.split('\n')[0]! : String(err)).replace(/ in JSON at position.*$/, '')}`,
          fix: 'check the quotes and commas on this line and the one above (no comma after the last entry)',
        });
        continue;
      }
      if (name.startsWith('_')) {
        if (name === '_review.json') {
          const list = (data as { reviewed?: unknown }).reviewed;
          if (Array.isArray(list) && list.every((k) => typeof k === 'string'))
            reviewed[folder] = list;
          else
            problems.push({
              level: 'error',
              file,
              line: 1,
              message: '"reviewed" must be a list of keys',
              fix: 'write { "reviewed": ["emergency:card", "intake:consent"] }',
            });
        }
        continue;
      }
      resources[folder]![name.slice(0, -5)] = data as Record<string, unknown>;
      lineMaps.set(file, lineMap(text));
    }
  }
  if (!resources.en)
    problems.push({
      level: 'error',
      file: join(dir, 'en'),
      line: null,
      message: 'no English locale: English is the source and the fallback of every text',
      fix: `create ${join(dir, 'en')} with the flow's texts`,
    });
  return {
    resources,
    reviewed,
    problems,
    broken,
    where(language, key) {
      const [ns, ...rest] = key.split(':');
      const file = join(dir, language, `${ns}.json`);
      const lines = lineMaps.get(file);
      return { file, line: lines ? lines(rest.join(':').split('.')) : null };
    },
  };
}

/** The line of a dotted key, or of its deepest part that exists (line 1 for the file). */
function lineMap(text: string): (path: string[]) => number | null {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length) return () => null;
  return (path) => {
    for (let n = path.length; n > 0; n--) {
      // The key's own line: a pair's key node, so a multi-line value points at its start.
      const parent = n === 1 ? doc.contents : doc.getIn(path.slice(0, n - 1), true);
      const items = (parent as { items?: { key?: { value?: unknown; range?: [number] } }[] })
        ?.items;
      const pair = items?.find((p) => p.key?.value === path[n - 1]);
      if (pair?.key?.range) return counter.linePos(pair.key.range[0]).line;
    }
    return 1;
  };
}

/** Node gives "… in JSON at position 42 (line 3 column 5)"; older versions only the position. */
function jsonErrorLine(err: unknown, text: string): number | null {
  const message = err instanceof Error ? err.message : '';
  const line = /line (\d+)/.exec(message);
  if (line) return Number(line[1]);
  const position = /position (\d+)/.exec(message);
  if (position) return text.slice(0, Number(position[1])).split('\n').length;
  return null;
}
