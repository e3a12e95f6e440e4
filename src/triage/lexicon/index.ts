import { en } from './en';
import { fil } from './fil';
import { id } from './id';
import { ja } from './ja';
import { km } from './km';
import { my } from './my';
import { ne } from './ne';
import { th } from './th';
import type { Lexicon } from './types';
import { vi } from './vi';
import { zhHans } from './zh-Hans';

export type { CategoryId, Lexicon } from './types';

/** One lexicon per reporter language (the ten of the contract). */
export const LEXICONS: Record<string, Lexicon> = {
  vi,
  id,
  ja,
  en,
  my,
  fil,
  'zh-Hans': zhHans,
  km,
  th,
  ne,
};
