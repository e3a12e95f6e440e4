import { detectAll } from 'tinyld';
import { markerLanguage } from './language-words';
import { fold, stripLatinDiacritics } from './normalise';

/**
 * The language of a reporter's first message: the script first (it settles Burmese, Khmer,
 * Thai, Nepali, Japanese and Chinese at once), then, for Latin script, Vietnamese letters, then a
 * language-identification library limited to the Latin-script languages we serve, then common
 * Vietnamese words typed without accents. Null when unsure: the reporter then picks.
 */
const SCRIPTS: [RegExp, string][] = [
  [/[\u1000-\u109f\uaa60-\uaa7f]/u, 'my'],
  [/[\u1780-\u17ff\u19e0-\u19ff]/u, 'km'],
  [/[\u0e00-\u0e7f]/u, 'th'],
  [/[\u0900-\u097f]/u, 'ne'],
  [/[\u3040-\u30ff]/u, 'ja'],
  [/[\u4e00-\u9fff]/u, 'zh-Hans'],
];

/** Letters only Vietnamese uses among our languages. */
const VIETNAMESE_LETTERS = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/iu;

/** Frequent Vietnamese syllables that are rarely words in Indonesian, Filipino or English. */
const VIETNAMESE_BARE = new Set(
  'toi khong cua cho duoc nguoi viec luong nuoc chieu minh chung bao giup cong ty nghiep doan lam them tien thang ngay ho chi oi roi voi nhung muon bi danh'.split(
    ' ',
  ),
);

const LIBRARY: Record<string, string> = { vi: 'vi', id: 'id', tl: 'fil', en: 'en' };

export function detectLanguage(text: string, offered: readonly string[]): string | null {
  const pick = (lang: string | null) => (lang && offered.includes(lang) ? lang : null);
  const folded = fold(text);
  for (const [script, lang] of SCRIPTS) if (script.test(folded)) return pick(lang);
  if (!/\p{Script=Latin}/u.test(folded)) return null;
  if (VIETNAMESE_LETTERS.test(folded)) return pick('vi');

  const words = stripLatinDiacritics(folded)
    .split(/[^a-z]+/)
    .filter(Boolean);
  const [best, second] = detectAll(folded, { only: Object.keys(LIBRARY) });
  const byWords = markerLanguage(words);
  // Romanised Nepali is not in the library, and many marker words beat the library's guess.
  if (byWords === 'ne' || (byWords && markerLanguage(words, 4) === byWords)) return pick(byWords);
  if (best && best.accuracy >= 0.5 && (!second || best.accuracy >= 2 * second.accuracy))
    return pick(LIBRARY[best.lang] ?? null);
  if (byWords) return pick(byWords);
  if (words.filter((w) => VIETNAMESE_BARE.has(w)).length >= 2) return pick('vi');
  if (
    best &&
    best.accuracy >= 0.1 &&
    (!second || best.accuracy >= 2 * second.accuracy) &&
    words.length >= 2
  ) {
    return pick(LIBRARY[best.lang] ?? null);
  }
  return null;
}
