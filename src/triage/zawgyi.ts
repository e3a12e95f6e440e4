/**
 * Burmese typed in the Zawgyi font encoding, converted to Unicode.
 *
 * Many phones in Myanmar still type Zawgyi: the same code points U+1000–U+109F as Unicode
 * Burmese, but with other meanings (U+1039 is the asat, U+103A–U+103D the medials, U+1060–U+1097
 * precomposed stacked and variant glyphs) and in visual order (ေ and the medial ra are typed
 * before their consonant). A danger word typed in Zawgyi would never match the Unicode lexicon,
 * so `prepare()` converts such text first.
 *
 * The code-point meanings follow the public Rabbit converter's Zawgyi → Unicode rules (Rabbit,
 * WTFPL licence), rewritten here as a syllable-cluster reordering instead of Rabbit's chain of
 * regular expressions: each Zawgyi cluster (prefixes, one base, following marks) is mapped and
 * then emitted in Unicode storage order. Pure, no I/O, one pass over the text.
 */

/** Unicode storage order of the parts of a syllable cluster (UTN #11). */
const enum Rank {
  Kinzi = 0,
  Base = 1,
  Stack = 2,
  MedialYa = 3,
  MedialRa = 4,
  MedialWa = 5,
  MedialHa = 6,
  VowelE = 7,
  Upper = 8,
  Lower = 9,
  VowelAa = 10,
  Anusvara = 11,
  DotBelow = 12,
  Asat = 13,
  /** A vowel typed after an asat stays after it (ကျွန်ုပ်). */
  AfterAsat = 14,
  Visarga = 15,
}

type Part = readonly [text: string, rank: Rank];

const KINZI = '\u1004\u103a\u1039';
const CONSONANT = /[\u1000-\u1021]/u;
const MYANMAR = /[\u1000-\u109f]/u;

/** Zawgyi code points typed before the consonant they belong to: ေ and the medial ra forms. */
const PREFIX: Partial<Record<string, Part>> = { '\u1031': ['\u1031', Rank.VowelE] };
for (const c of '\u103b\u107e\u107f\u1080\u1081\u1082\u1083\u1084')
  PREFIX[c] = ['\u103c', Rank.MedialRa];

/** Zawgyi bases that are not the same code point in Unicode (ligatures included). */
const BASE: Partial<Record<string, string>> = {
  '\u106a': '\u1009', // ဉ variant
  '\u106b': '\u100a', // ည variant
  '\u108f': '\u1014', // short-legged န
  '\u1090': '\u101b', // ရ variant
  '\u1086': '\u103f', // ဿ
  '\u106e': '\u100d\u1039\u100d',
  '\u106f': '\u100d\u1039\u100e',
  '\u1091': '\u100f\u1039\u100d',
  '\u1092': '\u100b\u1039\u100c',
  '\u1097': '\u100b\u1039\u100b',
};

/** Zawgyi marks that follow the base, with their Unicode text and place. */
const MARK: Partial<Record<string, readonly Part[]>> = {
  '\u1064': [[KINZI, Rank.Kinzi]],
  '\u108b': [
    [KINZI, Rank.Kinzi],
    ['\u102d', Rank.Upper],
  ],
  '\u108c': [
    [KINZI, Rank.Kinzi],
    ['\u102e', Rank.Upper],
  ],
  '\u108d': [
    [KINZI, Rank.Kinzi],
    ['\u1036', Rank.Anusvara],
  ],
  '\u103a': [['\u103b', Rank.MedialYa]],
  '\u107d': [['\u103b', Rank.MedialYa]],
  '\u103c': [['\u103d', Rank.MedialWa]],
  '\u103d': [['\u103e', Rank.MedialHa]],
  '\u1087': [['\u103e', Rank.MedialHa]],
  '\u108a': [
    ['\u103d', Rank.MedialWa],
    ['\u103e', Rank.MedialHa],
  ],
  '\u1088': [
    ['\u103e', Rank.MedialHa],
    ['\u102f', Rank.Lower],
  ],
  '\u1089': [
    ['\u103e', Rank.MedialHa],
    ['\u1030', Rank.Lower],
  ],
  '\u102d': [['\u102d', Rank.Upper]],
  '\u102e': [['\u102e', Rank.Upper]],
  '\u1032': [['\u1032', Rank.Upper]],
  '\u108e': [
    ['\u102d', Rank.Upper],
    ['\u1036', Rank.Anusvara],
  ],
  '\u102f': [['\u102f', Rank.Lower]],
  '\u1033': [['\u102f', Rank.Lower]],
  '\u1030': [['\u1030', Rank.Lower]],
  '\u1034': [['\u1030', Rank.Lower]],
  '\u103f': [['\u1030', Rank.Lower]],
  '\u102b': [['\u102b', Rank.VowelAa]],
  '\u102c': [['\u102c', Rank.VowelAa]],
  '\u105a': [
    ['\u102b', Rank.VowelAa],
    ['\u103a', Rank.Asat],
  ],
  '\u1036': [['\u1036', Rank.Anusvara]],
  '\u1037': [['\u1037', Rank.DotBelow]],
  '\u1094': [['\u1037', Rank.DotBelow]],
  '\u1095': [['\u1037', Rank.DotBelow]],
  '\u1039': [['\u103a', Rank.Asat]],
  '\u1038': [['\u1038', Rank.Visarga]],
  '\u1096': [
    ['\u1039\u1010', Rank.Stack],
    ['\u103d', Rank.MedialWa],
  ],
};
/** Precomposed lower (stacked) consonants: Zawgyi code point → the consonant under the virama. */
const STACKED: [string, string][] = [
  ['\u1060', '\u1000'],
  ['\u1061', '\u1001'],
  ['\u1062', '\u1002'],
  ['\u1063', '\u1003'],
  ['\u1065', '\u1005'],
  ['\u1066', '\u1006'],
  ['\u1067', '\u1006'],
  ['\u1068', '\u1007'],
  ['\u1069', '\u1008'],
  ['\u106c', '\u100b'],
  ['\u106d', '\u100c'],
  ['\u1070', '\u100f'],
  ['\u1071', '\u1010'],
  ['\u1072', '\u1010'],
  ['\u1073', '\u1011'],
  ['\u1074', '\u1011'],
  ['\u1075', '\u1012'],
  ['\u1076', '\u1013'],
  ['\u1077', '\u1014'],
  ['\u1078', '\u1015'],
  ['\u1079', '\u1016'],
  ['\u107a', '\u1017'],
  ['\u107b', '\u1018'],
  ['\u1093', '\u1018'],
  ['\u107c', '\u1019'],
  ['\u1085', '\u101c'],
];
for (const [zawgyi, consonant] of STACKED) MARK[zawgyi] = [[`\u1039${consonant}`, Rank.Stack]];

const isBase = (c: string) =>
  (c >= '\u1000' && c <= '\u102a') || (c >= '\u1040' && c <= '\u104f') || c in BASE;
const isDigit = (c: string | undefined) => !!c && /[\u1040-\u1049\d]/u.test(c);

/** The row (place of articulation) of a consonant; la and sa only stack on themselves. */
const row = (c: number) =>
  c <= 0x1004 ? 0 : c <= 0x100a ? 1 : c <= 0x100f ? 2 : c <= 0x1014 ? 3 : c <= 0x1019 ? 4 : c;

/**
 * How many U+1039 sit between consonants of different rows. A Unicode virama stacks consonants
 * of one row (က္က, န္တ, မ္ဘ, ဏ္ဍ); a Zawgyi asat is followed by whatever the next syllable starts
 * with (ဟုတ္ကဲ့).
 */
function heterorganicStacks(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\u1039'); i > 0; i = text.indexOf('\u1039', i + 1)) {
    const upper = text.charCodeAt(i - 1);
    const lower = text.charCodeAt(i + 1);
    const consonant = (c: number) => c >= 0x1000 && c <= 0x1021;
    if (!consonant(upper) || !consonant(lower)) continue;
    const retroflexNasal = upper === 0x100f && row(lower) === 2;
    if (row(upper) !== row(lower) && !retroflexNasal) n++;
  }
  return n;
}

/**
 * Whether Burmese text is in the Zawgyi encoding. Zawgyi-only evidence (precomposed glyphs,
 * U+1039 used as an asat rather than a virama, ေ or the medial ra at the start of a syllable,
 * ေ + consonant + visarga) is weighed against Unicode-only evidence (ေ followed by a vowel sign
 * or visarga, U+103A asat ending a syllable, U+103E, the Unicode kinzi). Text without Burmese
 * letters is never Zawgyi.
 */
/* eslint-disable no-misleading-character-class -- the classes below list single Burmese code
   points on purpose: Zawgyi shows in code points and their order, not in whole graphemes. */
export function looksLikeZawgyi(text: string): boolean {
  if (!MYANMAR.test(text)) return false;
  let zawgyi = 0;
  let unicode = 0;
  const count = (re: RegExp) => text.match(re)?.length ?? 0;
  // Glyphs only Zawgyi has (in Unicode these are Mon, Shan and Karen letters, never Burmese).
  zawgyi += 2 * count(/[\u1033\u1034\u105a\u1060-\u1097]/gu);
  // Zawgyi asat: a Unicode virama is always followed by the consonant it stacks.
  zawgyi += 2 * count(/\u1039(?![\u1000-\u1021])/gu);
  zawgyi += count(/\u1004\u1039/gu);
  // …and stacks only under a bare consonant that can stack (never ya, ra, wa, ha, a).
  zawgyi += 2 * count(/[^\u1000-\u1021\u103a]\u1039/gu);
  zawgyi += 2 * count(/[\u101a\u101b\u101d\u101f\u1021]\u1039/gu);
  zawgyi += 2 * count(/\u1039[\u1004\u1009\u100a\u101a\u101b\u101d\u101f\u1020\u1021]/gu);
  zawgyi += 2 * heterorganicStacks(text);
  // A killed consonant opening a syllable: Unicode puts an asat only after a syllable's vowel.
  zawgyi += 2 * count(/(?:^|[^\u1000-\u1036\u103b-\u103e\u1040])[\u1000-\u1021]\u103a/gu);
  // ေ / medial ra typed before the consonant, where Unicode needs a consonant first (or the
  // digit ၀, which Unicode typists too use for the letter ဝ).
  zawgyi += 2 * count(/(?:^|[^\u1000-\u102a\u103b-\u103e\u1040])[\u1031\u103b]/gu);
  zawgyi += 2 * count(/\u1031\u103b/gu);
  zawgyi += 2 * count(/\u1031[\u1000-\u1021][\u103a\u103c\u103d]*[\u1038\u1037]/gu);
  // Zawgyi medial ya before a vowel sign (a Unicode asat is hardly ever followed by one).
  zawgyi += count(/\u103a[\u102b-\u1030\u1032\u1036]/gu);
  // Zawgyi medial ha with a vowel below or above (Unicode wa rarely carries one).
  zawgyi += count(/\u103d[\u102d-\u1030]/gu);

  unicode += 2 * count(/\u1031(?:[\u102b\u102c\u1036-\u1038\u103a]|$|[^\u1000-\u109f])/gu);
  unicode += 2 * count(/\u103a(?:[\u1037\u1038]|$|[^\u1000-\u109f])/gu);
  unicode += 2 * count(/\u103e/gu);
  unicode += 2 * count(/\u1004\u103a\u1039/gu);
  return zawgyi > unicode;
}
/* eslint-enable no-misleading-character-class */

/** The parts of one cluster, kept in Unicode order as they arrive (stable, no duplicates). */
class Cluster {
  texts: string[] = [];
  ranks: Rank[] = [];
  base: string | null = null;

  add(text: string, rank: Rank): void {
    if (this.texts.includes(text)) return;
    let i = this.texts.length;
    while (i > 0 && this.ranks[i - 1]! > rank) i--;
    this.texts.splice(i, 0, text);
    this.ranks.splice(i, 0, rank);
  }

  has(text: string): boolean {
    return this.texts.includes(text);
  }

  drop(text: string): void {
    const i = this.texts.indexOf(text);
    if (i >= 0) {
      this.texts.splice(i, 1);
      this.ranks.splice(i, 1);
    }
  }

  get hasAsat(): boolean {
    return this.ranks.includes(Rank.Asat);
  }

  /** The Unicode text; `previous` and `next` are the characters around the cluster. */
  emit(previous: string | undefined, next: string | undefined): string {
    let base = this.base;
    if (base === '\u1040' || base === '\u1047') {
      // Zawgyi typists use the digits ၀ and ၇ for the letters ဝ and ရ.
      const vowelled = this.texts.length > 0;
      const beforeLetter = !isDigit(previous) && next !== undefined && CONSONANT.test(next);
      if (vowelled || (base === '\u1040' && beforeLetter))
        base = base === '\u1040' ? '\u101d' : '\u101b';
    } else if (base === '\u1025') {
      if (this.has('\u102e')) {
        this.drop('\u102e');
        base = '\u1026';
      } else if (this.has('\u103a') || this.has('\u102c')) base = '\u1009';
    } else if (base === '\u1005' && this.has('\u103b')) {
      this.drop('\u103b');
      base = '\u1008';
    } else if (base === '\u104e' && next !== '\u1004') base = '\u104e\u1004\u103a\u1038';
    if (base === null) return this.texts.join('');
    // The kinzi (rank 0) sorts first and goes before the base; everything else after it.
    const kinzi = this.ranks[0] === Rank.Kinzi ? 1 : 0;
    return this.texts.slice(0, kinzi).join('') + base + this.texts.slice(kinzi).join('');
  }
}

/** Converts Zawgyi text; every code point outside a Burmese cluster passes through. */
function convert(text: string): string {
  let out = '';
  let cluster: Cluster | null = null;
  let pending: Part[] = []; // prefixes waiting for their consonant
  let previous: string | undefined; // the character before the current cluster
  const flush = (next: string | undefined) => {
    if (cluster) out += cluster.emit(previous, next);
    cluster = null;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const prefix = PREFIX[c];
    const marks = MARK[c];
    if (prefix) {
      flush(c);
      pending.push(prefix);
    } else if (isBase(c)) {
      flush(c);
      previous = text[i - 1 - pending.length];
      cluster = new Cluster();
      cluster.base = BASE[c] ?? c;
      for (const [t, r] of pending) cluster.add(t, r);
      pending = [];
    } else if (marks) {
      if (!cluster) {
        cluster = new Cluster();
        previous = text[i - 1 - pending.length];
      }
      for (const [t, r] of pending) cluster.add(t, r);
      pending = [];
      const afterAsat = cluster.hasAsat;
      for (const [t, r] of marks)
        cluster.add(t, afterAsat && r === Rank.Lower ? Rank.AfterAsat : r);
    } else {
      flush(c);
      for (const [t] of pending) out += t;
      pending = [];
      out += c;
    }
  }
  flush(undefined);
  for (const [t] of pending) out += t;
  return out;
}

/** Zawgyi text converted to Unicode; Unicode Burmese and all other text returned unchanged. */
export function zawgyiToUnicode(text: string): string {
  return looksLikeZawgyi(text) ? convert(text) : text;
}
