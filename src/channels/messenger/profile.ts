import { createHmac } from 'node:crypto';
import { GET_STARTED_PAYLOAD } from './webhook';

/**
 * Messenger Profile: Get Started button, greeting and persistent menu, per locale.
 * https://developers.facebook.com/docs/messenger-platform/reference/messenger-profile-api
 * https://developers.facebook.com/docs/messenger-platform/reference/messenger-profile-api/greeting
 * https://developers.facebook.com/docs/messenger-platform/send-messages/persistent-menu
 * https://developers.facebook.com/docs/messenger-platform/messenger-profile/supported-locales
 */

/** Our language ids to the Facebook locales Messenger localises the profile for. */
export const FACEBOOK_LOCALES: Record<string, string | null> = {
  vi: 'vi_VN',
  id: 'id_ID',
  ja: 'ja_JP',
  en: 'en_US',
  // Not in Messenger's supported-locale lists (messenger.com, Android, iOS): Burmese, Khmer and
  // Nepali readers see the `default` (English) profile, and the flow's own language menu.
  my: null,
  km: null,
  ne: null,
  // Filipino is `tl_PH` on Facebook (Android and iOS lists; messenger.com falls back to default).
  fil: 'tl_PH',
  'zh-Hans': 'zh_CN',
  th: 'th_TH',
};

export const GREETING_LIMIT = 160;
export const MENU_TITLE_LIMIT = 30;

/** The four persistent-menu items and the postback each sends. */
export const MENU_ITEMS = [
  { key: 'language', payload: 'cmd=language' },
  { key: 'human', payload: 'cmd=human' },
  { key: 'case', payload: 'cmd=case' },
  { key: 'safety', payload: 'cmd=safety' },
] as const;

export type MenuKey = (typeof MENU_ITEMS)[number]['key'];
export interface ProfileTexts {
  greeting: string;
  menu: Record<MenuKey, string>;
}

interface PostbackButton {
  type: 'postback';
  title: string;
  payload: string;
}
export interface MessengerProfileBody {
  get_started: { payload: string };
  greeting: { locale: string; text: string }[];
  persistent_menu: {
    locale: string;
    composer_input_disabled: boolean;
    call_to_actions: PostbackButton[];
  }[];
}

/** A text over Messenger's limits, or missing: names the locale and the key; never clipped. */
export class MessengerProfileError extends Error {}

export interface BuiltProfile {
  body: MessengerProfileBody;
  /** Languages left out because Messenger has no locale for them. */
  skipped: string[];
}

/**
 * The profile: English as `default`, then a locale for each language given, in that order.
 * Lengths are UTF-16 code units, never less than Graph counts.
 */
export function buildMessengerProfile(
  texts: { language: string; texts: ProfileTexts }[],
): BuiltProfile {
  const english = texts.find((t) => t.language === 'en');
  if (!english) throw new MessengerProfileError('default: English texts are required');
  const entries: { locale: string; texts: ProfileTexts }[] = [
    { locale: 'default', texts: english.texts },
  ];
  const skipped: string[] = [];
  for (const t of texts) {
    const locale = FACEBOOK_LOCALES[t.language];
    if (!locale) skipped.push(t.language);
    else if (!entries.some((e) => e.locale === locale)) entries.push({ locale, texts: t.texts });
  }
  const check = (locale: string, key: string, text: string, limit: number): string => {
    if (!text.trim()) throw new MessengerProfileError(`${locale}: messenger:${key} is empty`);
    if (text.length > limit)
      throw new MessengerProfileError(
        `${locale}: messenger:${key} is ${text.length} characters, at most ${limit} allowed`,
      );
    return text;
  };
  return {
    body: {
      get_started: { payload: GET_STARTED_PAYLOAD },
      greeting: entries.map((e) => ({
        locale: e.locale,
        text: check(e.locale, 'greeting', e.texts.greeting, GREETING_LIMIT),
      })),
      persistent_menu: entries.map((e) => ({
        locale: e.locale,
        composer_input_disabled: false,
        call_to_actions: MENU_ITEMS.map((item) => ({
          type: 'postback' as const,
          title: check(e.locale, `menu.${item.key}`, e.texts.menu[item.key], MENU_TITLE_LIMIT),
          payload: item.payload,
        })),
      })),
    },
    skipped,
  };
}

/** POST /{version}/me/messenger_profile; Graph's error message when it refuses. */
export async function setMessengerProfile(
  opts: {
    pageAccessToken: string;
    appSecret: string;
    apiBaseUrl: string;
    apiVersion: string;
    fetch?: typeof fetch;
    timeoutMs?: number;
  },
  body: MessengerProfileBody,
): Promise<{ ok: true } | { ok: false; status: number; message: string }> {
  const proof = createHmac('sha256', opts.appSecret).update(opts.pageAccessToken).digest('hex');
  const url =
    `${opts.apiBaseUrl.replace(/\/+$/, '')}/${opts.apiVersion}/me/messenger_profile` +
    `?access_token=${encodeURIComponent(opts.pageAccessToken)}&appsecret_proof=${proof}`;
  let res: Response;
  try {
    res = await (opts.fetch ?? fetch)(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000),
    });
  } catch (err) {
    return { ok: false, status: 0, message: err instanceof Error ? err.message : String(err) };
  }
  const json = (await res.json().catch(() => null)) as {
    result?: string;
    error?: { message?: string; code?: number; error_subcode?: number };
  } | null;
  if (res.ok && !json?.error) return { ok: true };
  const e = json?.error;
  const code =
    e?.code !== undefined ? ` (#${e.code}${e.error_subcode ? `/${e.error_subcode}` : ''})` : '';
  return { ok: false, status: res.status, message: `${e?.message ?? `HTTP ${res.status}`}${code}` };
}
