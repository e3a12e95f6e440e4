import { CATEGORIES } from './urgency';
import { LEXICONS, type CategoryId } from './lexicon';
import { prepare } from './normalise';
import { PhraseIndex } from './phrase-index';

// Built once from the lexicons (constant data, like a compiled regular expression).
const BY_CATEGORY = new PhraseIndex<CategoryId>();
const FAMILY = new PhraseIndex<true>();
for (const lexicon of Object.values(LEXICONS)) {
  for (const [category, phrases] of Object.entries(lexicon.categories))
    for (const p of phrases) BY_CATEGORY.add(p, category as CategoryId);
  for (const p of lexicon.threatToFamily) FAMILY.add(p, true);
}

/**
 * The categories a reporter's own words suggest, most phrases matched first (ties in the
 * contract's order). Every language's phrases count: trainees mix languages and Japanese words.
 */
export function suggestCategories(text: string): CategoryId[] {
  const hits = new Map<CategoryId, number>();
  for (const category of BY_CATEGORY.find(prepare(text)))
    hits.set(category, (hits.get(category) ?? 0) + 1);
  return [...hits.keys()].sort(
    (a, b) => hits.get(b)! - hits.get(a)! || CATEGORIES.indexOf(a) - CATEGORIES.indexOf(b),
  );
}

/** Flags a text reveals on its own (the others come from answers). */
export function textFlags(text: string): 'threat_to_family'[] {
  return FAMILY.find(prepare(text)).length ? ['threat_to_family'] : [];
}
