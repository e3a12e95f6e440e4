import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LEXICONS } from '../../src/triage/lexicon';
import { PhraseIndex } from '../../src/triage/phrase-index';
import { compilePhrase, prepare } from '../../src/triage/phrases';

/** Every phrase of every lexicon, once in the index and once as its own matcher. */
const phrases = [
  ...new Set(
    Object.values(LEXICONS).flatMap((l) => [
      ...l.danger.violence,
      ...l.danger.self_harm,
      ...Object.values(l.categories).flat(),
      ...l.threatToFamily,
    ]),
  ),
];
const index = new PhraseIndex<string>();
for (const p of phrases) index.add(p, p);
const matchers = phrases.map((p) => ({ p, m: compilePhrase(p) }));
const slow = (text: string) =>
  matchers
    .filter(({ m }) => m.test(prepare(text)))
    .map(({ p }) => p)
    .sort();
const fast = (text: string) => index.find(prepare(text)).sort();

const FIXTURES = 'test/fixtures/triage';
const texts = readdirSync(FIXTURES).flatMap((f) =>
  (JSON.parse(readFileSync(`${FIXTURES}/${f}`, 'utf8')) as { text: string }[]).map((x) => x.text),
);

describe('the phrase index', () => {
  it('finds exactly what one matcher per phrase finds, on every labelled message', () => {
    for (const text of texts) expect(fast(text), text).toEqual(slow(text));
  });

  it('agrees on random mixes of lexicon phrases and other text', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(fc.constantFrom(...phrases), fc.string(), fc.constantFrom(' ', 'x', 'Ā', '။')),
          {
            maxLength: 6,
          },
        ),
        (parts) => {
          const text = parts.join('');
          expect(fast(text)).toEqual(slow(text));
        },
      ),
      { numRuns: 300 },
    );
  });
});
