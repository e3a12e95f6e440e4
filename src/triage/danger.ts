import { DANGER_SEEDS } from './danger-lexicon';
import { fold, stripLatinDiacritics } from './normalise';
import type { DangerCategory } from './types';

interface Matcher {
  category: DangerCategory;
  test(text: string, bare: string): boolean;
}

const LATIN = /^[\p{Script=Latin}\s'-]+$/u;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Latin seeds match at a word start (so "beat" finds "beaten"), other scripts anywhere. */
function matcherFor(category: DangerCategory, seed: string): Matcher {
  const folded = fold(seed);
  if (!LATIN.test(folded)) return { category, test: (text) => text.includes(folded) };
  const withMarks = new RegExp(`(?<![\\p{L}\\p{M}])${escape(folded)}`, 'u');
  const bare = new RegExp(`(?<![\\p{L}\\p{M}])${escape(stripLatinDiacritics(folded))}`, 'u');
  // Unaccented matching only for seeds long enough not to collide with everyday words.
  const useBare =
    stripLatinDiacritics(folded).replace(/\s/g, '').length >= 5 ||
    folded === stripLatinDiacritics(folded);
  return { category, test: (text, b) => withMarks.test(text) || (useBare && bare.test(b)) };
}

const MATCHERS: Matcher[] = (Object.keys(DANGER_SEEDS) as DangerCategory[]).flatMap((category) =>
  Object.values(DANGER_SEEDS[category]).flatMap((seeds) =>
    seeds.map((s) => matcherFor(category, s)),
  ),
);

/** The danger a text reveals, self-harm first; null when none. Languages are not assumed. */
export function detectDanger(text: string): DangerCategory | null {
  const folded = fold(text);
  const bare = stripLatinDiacritics(folded);
  let found: DangerCategory | null = null;
  for (const m of MATCHERS) {
    if (m.test(folded, bare)) {
      if (m.category === 'self_harm') return 'self_harm';
      found = m.category;
    }
  }
  return found;
}
