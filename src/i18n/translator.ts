import i18next, { type i18n, type Resource } from 'i18next';

export type Params = Record<string, string | number>;
export type T = (key: string, params?: Params) => string;

export interface Translator {
  /** A fixed `t` for one language: never a shared, mutable "current language". */
  forLanguage(language: string): T;
  /** Whether a language has its own text for a key (no fallback). */
  has(language: string, key: string): boolean;
  /** Array resources, e.g. command keywords. */
  list(language: string, key: string): string[];
  languages(): string[];
}

/** Fallback order for a missing text: the language itself, then English, then Japanese. */
export const FALLBACK = ['en', 'ja'];

export async function createTranslator(resources: Resource): Promise<Translator> {
  const instance: i18n = i18next.createInstance();
  await instance.init({
    resources,
    lng: 'en',
    fallbackLng: FALLBACK,
    // Every namespace any language has: a language missing a file falls back, not the others.
    ns: [...new Set(Object.values(resources).flatMap((r) => Object.keys(r)))],
    defaultNS: 'common',
    interpolation: { escapeValue: false },
    returnNull: false,
    returnEmptyString: false,
    initAsync: false,
    showSupportNotice: false,
  } as Parameters<i18n['init']>[0]);
  return {
    forLanguage(language) {
      const t = instance.getFixedT(language);
      return (key, params) => {
        // A reporter never sees a key: an unknown key is an empty string the renderer drops.
        return safeText(t(key, params ?? {}) as unknown, key);
      };
    },
    has: (language, key) => instance.exists(key, { lng: language, fallbackLng: false }),
    list(language, key) {
      const out = instance.getFixedT(language)(key, {
        returnObjects: true,
        fallbackLng: false,
      }) as unknown;
      return Array.isArray(out) ? out.filter((x): x is string => typeof x === 'string') : [];
    },
    languages: () => Object.keys(resources),
  };
}

function safeText(out: unknown, key: string): string {
  if (typeof out !== 'string' || out === key) return '';
  const bare = key.includes(':') ? key.slice(key.indexOf(':') + 1) : key;
  return out === bare ? '' : out;
}
