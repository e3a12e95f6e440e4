import { fold, prepare, stripLatinDiacritics, type Prepared } from './normalise';

/** A lexicon phrase compiled once; tested against a text prepared once per message. */
export interface Phrase {
  source: string;
  test(text: Prepared): boolean;
}

const LATIN = /^[\p{Script=Latin}\s'-]+$/u;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Latin phrases match at a word start (so "beat" finds "beaten"), other scripts anywhere. */
export function compilePhrase(source: string): Phrase {
  const folded = fold(source);
  if (!LATIN.test(folded)) return { source, test: (t) => t.folded.includes(folded) };
  const bareSource = stripLatinDiacritics(folded);
  const withMarks = new RegExp(`(?<![\\p{L}\\p{M}])${escape(folded)}`, 'u');
  const bare = new RegExp(`(?<![\\p{L}\\p{M}])${escape(bareSource)}`, 'u');
  // Unaccented matching only for phrases long enough not to collide with everyday words.
  const useBare = bareSource.replace(/\s/g, '').length >= 5 || folded === bareSource;
  return {
    source,
    test: (t) => withMarks.test(t.folded) || (useBare && bare.test(t.bare)),
  };
}

export { prepare };
