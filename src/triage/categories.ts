import { CATEGORIES } from './urgency';
import { LEXICONS, type CategoryId } from './lexicon';
import { prepare } from './normalise';
import { compilePhrase, type Phrase } from './phrases';

const BY_CATEGORY: { category: CategoryId; phrase: Phrase }[] = Object.values(LEXICONS).flatMap(
  (lexicon) =>
    Object.entries(lexicon.categories).flatMap(([category, phrases]) =>
      phrases.map((p) => ({ category: category as CategoryId, phrase: compilePhrase(p) })),
    ),
);
const FAMILY: Phrase[] = Object.values(LEXICONS).flatMap((l) =>
  l.threatToFamily.map(compilePhrase),
);

/**
 * The categories a reporter's own words suggest, most phrases matched first (ties in the
 * contract's order). Every language's phrases count: trainees mix languages and Japanese words.
 */
export function suggestCategories(text: string): CategoryId[] {
  const prepared = prepare(text);
  const hits = new Map<CategoryId, number>();
  for (const { category, phrase } of BY_CATEGORY)
    if (phrase.test(prepared)) hits.set(category, (hits.get(category) ?? 0) + 1);
  return [...hits.keys()].sort(
    (a, b) => hits.get(b)! - hits.get(a)! || CATEGORIES.indexOf(a) - CATEGORIES.indexOf(b),
  );
}

/** Flags a text reveals on its own (the others come from answers). */
export function textFlags(text: string): 'threat_to_family'[] {
  const prepared = prepare(text);
  return FAMILY.some((p) => p.test(prepared)) ? ['threat_to_family'] : [];
}
