import type { Resource } from 'i18next';

/** What the validator reports about translations; errors fail CI, warnings are for reviewers. */
export interface LocaleProblem {
  level: 'error' | 'warning';
  language: string;
  key: string;
  message: string;
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
 * empty texts, label lengths, command keywords claimed twice, and review status.
 * `required` are the keys the flows use; `reviewed[language]` the keys a native speaker checked.
 */
export function checkLocales(
  resources: Resource,
  required: string[],
  reviewed: Record<string, string[]> = {},
): LocaleProblem[] {
  const problems: LocaleProblem[] = [];
  const source = flatten(resources, 'en');
  for (const key of required) {
    if (!source.has(key))
      problems.push({
        level: 'error',
        language: 'en',
        key,
        message: 'used by a flow but missing in English (the source)',
      });
  }
  for (const language of Object.keys(resources)) {
    const texts = flatten(resources, language);
    // Staff texts exist only in the dashboard's languages.
    const expected = STAFF_ONLY.includes(language)
      ? source
      : new Map([...source].filter(([k]) => !k.startsWith('staff:')));
    const add = (level: LocaleProblem['level'], key: string, message: string) =>
      problems.push({ level, language, key, message });
    for (const [key, en] of expected) {
      const t = texts.get(key);
      if (t === undefined) {
        add('error', key, 'missing (English is shown instead)');
        continue;
      }
      if (Array.isArray(en) !== Array.isArray(t)) {
        add('error', key, Array.isArray(en) ? 'must be a list' : 'must be a text');
        continue;
      }
      if (typeof t === 'string' && typeof en === 'string') {
        if (t.trim() === '') add('error', key, 'is empty');
        if (placeholders(t) !== placeholders(en))
          add(
            'error',
            key,
            `placeholders {{${placeholders(t)}}} differ from English {{${placeholders(en)}}}`,
          );
        if (isLabel(key) && t.length > LABEL_LIMIT)
          add(
            'error',
            key,
            `button label is ${t.length} characters, at most ${LABEL_LIMIT} fit: "${t}"`,
          );
      }
    }
    for (const key of texts.keys())
      if (!source.has(key)) add('error', key, 'not in English: a typo or a text no longer used');

    const claimed = new Map<string, string>();
    for (const [key, words] of texts) {
      if (!key.startsWith('commands:') || !Array.isArray(words)) continue;
      for (const w of words) {
        const folded = w.normalize('NFKC').toLowerCase().trim();
        const other = claimed.get(folded);
        if (other && other !== key)
          add('error', key, `keyword "${w}" is also a keyword of ${other}`);
        claimed.set(folded, key);
      }
    }
    if (language === 'en') continue;
    const done = new Set(reviewed[language] ?? []);
    for (const key of SAFETY_CRITICAL) {
      if (texts.has(key) && !done.has(key))
        add('warning', key, 'SAFETY-CRITICAL text not yet reviewed by a native speaker');
    }
    const unreviewed = [...texts.keys()].filter(
      (k) => !done.has(k) && !SAFETY_CRITICAL.includes(k),
    ).length;
    if (unreviewed)
      add('warning', '*', `${unreviewed} texts drafted, not yet reviewed by a native speaker`);
  }
  return problems;
}
