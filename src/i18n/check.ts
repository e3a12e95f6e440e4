import type { Resource } from 'i18next';
import { closest } from '../flow/suggest';

/** What the validator reports about translations; errors fail CI, warnings are for reviewers. */
export interface LocaleProblem {
  level: 'error' | 'warning';
  language: string;
  key: string;
  message: string;
  /** How to put it right, when the message does not say it already. */
  fix?: string;
}

/** Texts whose mistakes can hurt: they are flagged loudly until a native speaker reviewed them. */
export const SAFETY_CRITICAL = [
  'emergency:card',
  'emergency:helplines',
  'intake:consent',
  'intake:declined',
  'intake:next_steps',
  'common:system.delete_confirm',
  'common:system.deleted',
];

/** Button labels: LINE shows at most 20 characters on a quick reply. */
export const LABEL_LIMIT = 20;

/** Messenger's limit on one text message (LINE allows 5000). */
export const TEXT_LIMIT = 2000;

/** Characters as the channel senders count them when they clip (UTF-16 units: an emoji is two). */
const length = (s: string) => s.length;
const preview = (s: string) => (length(s) > 60 ? `${[...s].slice(0, 57).join('')}…` : s);

/** Languages that carry the `staff` namespace (the dashboard's languages). */
const STAFF_ONLY = ['en', 'ja'];
const isLabel = (key: string) => /^common:(option|control|answer)\./.test(key);

/** Every string of a language, by `namespace:dotted.key`; arrays are kept as lists. */
export function flatten(resources: Resource, language: string): Map<string, string | string[]> {
  const out = new Map<string, string | string[]>();
  const walk = (ns: string, node: unknown, prefix: string) => {
    if (typeof node === 'string' || Array.isArray(node))
      out.set(`${ns}:${prefix}`, node as string | string[]);
    else if (node && typeof node === 'object')
      for (const [k, v] of Object.entries(node)) walk(ns, v, prefix ? `${prefix}.${k}` : k);
  };
  for (const [ns, tree] of Object.entries(resources[language] ?? {})) walk(ns, tree, '');
  return out;
}

const placeholders = (s: string) =>
  [...s.matchAll(/\{\{\s*([^}]+?)\s*\}\}/g)]
    .map((m) => m[1]!)
    .sort()
    .join(',');

/**
 * Checks every language against English (the source): missing and extra keys, placeholders,
 * empty texts, label and text lengths, command keywords claimed twice, and review status.
 * `required` are the keys the flows use (a language lacking one is not offered at all);
 * `reviewed[language]` the keys a native speaker checked; `labels` the keys shown on buttons
 * besides `common:option|control|answer.*` (labels a flow names itself).
 */
export function checkLocales(
  resources: Resource,
  required: string[],
  reviewed: Record<string, string[]> = {},
  opts: { labels?: Set<string> } = {},
): LocaleProblem[] {
  const problems: LocaleProblem[] = [];
  const source = flatten(resources, 'en');
  const needed = new Set(required);
  const button = (key: string) => isLabel(key) || (opts.labels?.has(key) ?? false);
  for (const key of required) {
    if (!source.has(key))
      problems.push({
        level: 'error',
        language: 'en',
        key,
        message: 'used by a flow but missing in English (the source)',
        fix: `add "${key.split(':').slice(1).join(':')}" to locales/en/${key.split(':')[0]}.json`,
      });
  }
  for (const language of Object.keys(resources)) {
    const texts = flatten(resources, language);
    // Staff texts exist only in the dashboard's languages.
    const expected = STAFF_ONLY.includes(language)
      ? source
      : new Map([...source].filter(([k]) => !k.startsWith('staff:')));
    const add = (level: LocaleProblem['level'], key: string, message: string, fix?: string) =>
      problems.push({ level, language, key, message, ...(fix ? { fix } : {}) });
    for (const [key, en] of expected) {
      const t = texts.get(key);
      const english = typeof en === 'string' ? `"${preview(en)}"` : `[${en.join(', ')}]`;
      if (t === undefined) {
        if (needed.has(key) && language !== 'en')
          add(
            'error',
            key,
            `missing, so ${language} is not offered at all (a flow uses this text)`,
            `translate the English ${english}`,
          );
        else add('error', key, 'missing (English is shown instead)', `translate ${english}`);
        continue;
      }
      if (Array.isArray(en) !== Array.isArray(t)) {
        add(
          'error',
          key,
          Array.isArray(en) ? 'must be a list' : 'must be a text',
          Array.isArray(en) ? 'write ["…", "…"] as in English' : 'write one text in quotes',
        );
        continue;
      }
      if (typeof t === 'string' && typeof en === 'string') {
        if (t.trim() === '') add('error', key, 'is empty', `translate ${english}`);
        if (placeholders(t) !== placeholders(en))
          add(
            'error',
            key,
            `placeholders {{${placeholders(t)}}} differ from English {{${placeholders(en)}}}`,
            'keep each {{name}} exactly as in English: the name between the braces is never translated',
          );
        if (button(key) && length(t) > LABEL_LIMIT)
          add(
            'error',
            key,
            `button label is ${length(t)} characters, at most ${LABEL_LIMIT} fit on a LINE quick reply: "${t}"`,
            'shorten it',
          );
        else if (!button(key) && !key.startsWith('staff:') && length(t) > TEXT_LIMIT)
          add(
            'error',
            key,
            `text is ${length(t)} characters; Messenger sends at most ${TEXT_LIMIT} in one message`,
            'shorten it, or split it into two texts',
          );
      }
    }
    for (const key of texts.keys())
      if (!source.has(key)) {
        const near = closest(
          key,
          [...source.keys()].filter((k) => k.startsWith(key.split(':')[0]!)),
        );
        add(
          'error',
          key,
          'not in English: a typo or a text no longer used',
          near
            ? `did you mean ${near}? Otherwise remove it`
            : 'remove it, or add it to English first',
        );
      }

    const claimed = new Map<string, string>();
    for (const [key, words] of texts) {
      if (!key.startsWith('commands:') || !Array.isArray(words)) continue;
      for (const w of words) {
        const folded = w.normalize('NFKC').toLowerCase().trim();
        const other = claimed.get(folded);
        if (other && other !== key)
          add(
            'error',
            key,
            `keyword "${w}" is also a keyword of ${other}`,
            'keep each keyword under one command only',
          );
        claimed.set(folded, key);
      }
    }
    if (language === 'en') continue;
    const done = new Set(reviewed[language] ?? []);
    for (const key of SAFETY_CRITICAL) {
      if (texts.has(key) && !done.has(key))
        add(
          'warning',
          key,
          'SAFETY-CRITICAL text not yet reviewed by a native speaker',
          `once reviewed, add "${key}" to locales/${language}/_review.json`,
        );
    }
    const unreviewed = [...texts.keys()].filter(
      (k) => !done.has(k) && !SAFETY_CRITICAL.includes(k),
    ).length;
    if (unreviewed)
      add(
        'warning',
        '*',
        `${unreviewed} ${unreviewed === 1 ? 'text' : 'texts'} drafted, not yet reviewed by a native speaker`,
        `list reviewed keys in locales/${language}/_review.json (validate --unreviewed lists them)`,
      );
  }
  return problems;
}
