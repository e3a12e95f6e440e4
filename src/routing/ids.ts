import { LANGUAGES } from '../i18n/languages';
import { URGENCIES } from '../triage/types';
import { CATEGORIES } from '../triage/urgency';

/** The contract's ids a routing condition may name (contract.md, "Ids"). */
export { CATEGORIES, LANGUAGES, URGENCIES };

export const RESIDENCE_STATUSES = ['titp', 'esd', 'ssw', 'other', 'unknown'];
export const FLAGS = [
  'forced_labour_indicators',
  'minor',
  'medical',
  'deadline',
  'threat_to_family',
  'safe_mode',
];

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `JP-${String(from + i).padStart(2, '0')}`);

/** Regions and their prefectures, as in the contract. */
export const REGIONS: Record<string, string[]> = {
  hokkaido: range(1, 1),
  tohoku: range(2, 7),
  kanto: range(8, 14),
  chubu: range(15, 23),
  kinki: range(24, 30),
  chugoku: range(31, 35),
  shikoku: range(36, 39),
  kyushu_okinawa: range(40, 47),
};
export const PREFECTURES = range(1, 47);
