/**
 * The Send API refuses text over 2000 characters, so longer texts go as several messages.
 * https://developers.facebook.com/docs/messenger-platform/reference/send-api#message
 * Lengths are counted in UTF-16 code units, which is never less than what Graph counts.
 */
export const TEXT_LIMIT = 2000;

/** Where a piece may end, best first; each must fall in the second half of the window. */
const BREAKS: RegExp[] = [
  /\n[ \t]*\n\s*/g, // paragraph
  /\n\s*/g, // line
  // sentence: Latin, CJK, Devanagari (Nepali), Myanmar and Khmer full stops
  /(?<=[.!?…][)"'»”’]?)[ \t]+|(?<=[。！？।॥။។])\s*/g,
  /[ \t\u3000]+/g, // word (Thai and Khmer separate phrases with spaces)
];

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/** Pieces of at most `limit` code units, cut at the best boundary, never inside a surrogate pair. */
export function splitText(text: string, limit = TEXT_LIMIT): string[] {
  const pieces: string[] = [];
  let rest = text.trim();
  while (rest.length > limit) {
    let end = limit;
    if (isHighSurrogate(rest.charCodeAt(end - 1))) end--;
    const cut = bestBreak(rest, end);
    const piece = rest.slice(0, cut.end).trimEnd();
    if (piece) pieces.push(piece);
    rest = rest.slice(cut.next).trimStart();
  }
  if (rest) pieces.push(rest);
  return pieces;
}

/** The last boundary of the best kind that ends a piece within `end`, or a hard cut at `end`. */
function bestBreak(text: string, end: number): { end: number; next: number } {
  const window = text.slice(0, end + 1);
  const min = Math.floor(end / 2);
  for (const pattern of BREAKS) {
    let best: { end: number; next: number } | null = null;
    for (const m of window.matchAll(pattern)) {
      if (m.index > end) break;
      if (m.index >= min && m.index > 0) best = { end: m.index, next: m.index + m[0].length };
    }
    if (best) return best;
  }
  // No separator: a word boundary (Thai, Japanese…), else any grapheme boundary.
  for (const granularity of ['word', 'grapheme'] as const) {
    let best = 0;
    for (const { index } of new Intl.Segmenter(undefined, { granularity }).segment(window))
      if (index <= end) best = index;
    if (best >= (granularity === 'word' ? min : 1)) return { end: best, next: best };
  }
  return { end, next: end };
}
