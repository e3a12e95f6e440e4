import { zawgyiToUnicode } from './zawgyi';

/**
 * Text as compared by lexicons and keyword matchers: compatibility forms folded (full-width
 * letters and digits), lower case, Vietnamese đ folded, diacritics optionally removed.
 */
export function fold(text: string): string {
  return (
    text
      .normalize('NFKC')
      // Khmer and Burmese keyboards put zero-width spaces between words: they split phrases.
      .replace(/[\u200b\u200c\ufeff]/g, '')
      .toLowerCase()
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** Latin-script diacritics removed ("không trả lương" → "khong tra luong"); other scripts untouched. */
export function stripLatinDiacritics(text: string): string {
  return text
    .replace(/[đĐ]/g, 'd')
    .normalize('NFD')
    .replace(/(?<=[a-zA-Z])[\u0300-\u036f]+/g, '')
    .normalize('NFC');
}

/** For whole-message keywords: folded, without diacritics, spaces or punctuation. */
export function keywordForm(text: string): string {
  return stripLatinDiacritics(fold(text)).replace(/[\p{P}\p{S}\s]+/gu, '');
}

/** A message made ready for lexicon matching once: Zawgyi converted, folded, and unaccented. */
export interface Prepared {
  folded: string;
  bare: string;
}

export function prepare(text: string): Prepared {
  const folded = fold(zawgyiToUnicode(text));
  return { folded, bare: stripLatinDiacritics(folded) };
}
