/** Language ids of the contract, in the order the language menu shows them. */
export const LANGUAGES = [
  'vi',
  'id',
  'ja',
  'en',
  'my',
  'fil',
  'zh-Hans',
  'km',
  'th',
  'ne',
] as const;
export type Language = (typeof LANGUAGES)[number];

const ALIASES: Record<string, Language> = {
  tl: 'fil',
  zh: 'zh-Hans',
  'zh-cn': 'zh-Hans',
  'zh-hans': 'zh-Hans',
};

/** Accepts the contract's ids and aliases in any letter case; null for anything else. */
export function normaliseLanguage(input: string | null | undefined): Language | null {
  if (!input) return null;
  const lower = input.trim().toLowerCase();
  const direct = LANGUAGES.find((l) => l.toLowerCase() === lower);
  return direct ?? ALIASES[lower] ?? null;
}
