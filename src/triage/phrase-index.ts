import { fold, stripLatinDiacritics, type Prepared } from './normalise';

/**
 * Thousands of lexicon phrases matched against one message in well under a millisecond, with
 * exactly the meaning of `compilePhrase` (src/triage/phrases.ts): Latin-script phrases at a word
 * start (and unaccented when long enough), other scripts anywhere. Phrases are bucketed by their
 * first characters, so a message only meets the phrases that could start where it stands.
 */
interface Entry<P> {
  phrase: string;
  payload: P;
  /** Index of the source phrase, so a phrase found twice counts once. */
  id: number;
}

const LATIN = /^[\p{Script=Latin}\s'-]+$/u;
const LETTER = /[\p{L}\p{M}]/u;
const KEY = 2;

export class PhraseIndex<P> {
  private readonly atWord = new Map<string, Entry<P>[]>();
  private readonly atWordBare = new Map<string, Entry<P>[]>();
  private readonly anywhere = new Map<string, Entry<P>[]>();
  private count = 0;

  add(source: string, payload: P): this {
    const folded = fold(source);
    if (!folded) return this;
    const id = this.count++;
    if (!LATIN.test(folded)) {
      push(this.anywhere, folded.slice(0, 1), { phrase: folded, payload, id });
      return this;
    }
    push(this.atWord, folded.slice(0, KEY), { phrase: folded, payload, id });
    const bare = stripLatinDiacritics(folded);
    // Unaccented matching only for phrases long enough not to collide with everyday words.
    if (bare.replace(/\s/g, '').length >= 5 || folded === bare)
      push(this.atWordBare, bare.slice(0, KEY), { phrase: bare, payload, id });
    return this;
  }

  /** The payloads of every phrase found in the text, one per phrase. */
  find(text: Prepared): P[] {
    const found = new Map<number, P>();
    scan(text.folded, this.atWord, true, found);
    scan(text.bare, this.atWordBare, true, found);
    scan(text.folded, this.anywhere, false, found);
    return [...found.values()];
  }
}

function push<P>(map: Map<string, Entry<P>[]>, key: string, e: Entry<P>) {
  const list = map.get(key);
  if (list) list.push(e);
  else map.set(key, [e]);
}

function scan<P>(
  text: string,
  buckets: Map<string, Entry<P>[]>,
  wordStart: boolean,
  found: Map<number, P>,
) {
  if (!buckets.size) return;
  for (let i = 0; i < text.length; i++) {
    if (wordStart && i > 0 && LETTER.test(text[i - 1]!)) continue;
    for (const key of [text.slice(i, i + KEY), text.slice(i, i + 1)]) {
      for (const e of buckets.get(key) ?? []) {
        if (e.phrase.length >= key.length && !found.has(e.id) && text.startsWith(e.phrase, i))
          found.set(e.id, e.payload);
      }
      if (key.length === 1) break;
    }
  }
}
