import { LEXICONS } from './lexicon';
import { prepare } from './normalise';
import { PhraseIndex } from './phrase-index';
import type { DangerCategory } from './types';

const INDEX = new PhraseIndex<DangerCategory>();
for (const lexicon of Object.values(LEXICONS))
  for (const category of ['violence', 'self_harm'] as const)
    for (const s of lexicon.danger[category]) INDEX.add(s, category);

/** The danger a text reveals, self-harm first; null when none. Every language's words count. */
export function detectDanger(text: string): DangerCategory | null {
  const found = INDEX.find(prepare(text));
  if (found.includes('self_harm')) return 'self_harm';
  return found.length ? 'violence' : null;
}
