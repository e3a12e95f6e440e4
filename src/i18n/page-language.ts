import { normaliseLanguage } from './languages';

/**
 * The language to show a page in: an explicit choice, else the first of the browser's
 * Accept-Language that we offer (by base language too: "vi-VN" → vi), else English.
 */
export function pickLanguage(
  offered: string[],
  requested: string | undefined,
  acceptLanguage: string | undefined,
): string {
  const explicit = normaliseLanguage(requested);
  if (explicit && offered.includes(explicit)) return explicit;
  const wanted = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.split('=')[1] ?? 1);
      return { tag: tag.trim(), q: Number.isFinite(q) ? q : 0 };
    })
    .filter((x) => x.tag && x.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of wanted) {
    const lang = normaliseLanguage(tag) ?? normaliseLanguage(tag.split('-')[0]);
    if (lang && offered.includes(lang)) return lang;
  }
  return 'en';
}
