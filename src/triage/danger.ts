import { LEXICONS } from './lexicon';
import { prepare } from './normalise';
import { compilePhrase, type Phrase } from './phrases';
import type { DangerCategory } from './types';

const MATCHERS: { category: DangerCategory; phrase: Phrase }[] = Object.values(LEXICONS).flatMap(
  (lexicon) =>
    (['violence', 'self_harm'] as const).flatMap((category) =>
      lexicon.danger[category].map((s) => ({ category, phrase: compilePhrase(s) })),
    ),
);

/** The danger a text reveals, self-harm first; null when none. Every language's words count. */
export function detectDanger(text: string): DangerCategory | null {
  const prepared = prepare(text);
  let found: DangerCategory | null = null;
  for (const m of MATCHERS) {
    if (m.phrase.test(prepared)) {
      if (m.category === 'self_harm') return 'self_harm';
      found = m.category;
    }
  }
  return found;
}
