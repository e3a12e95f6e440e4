import {
  buildMessengerProfile,
  FACEBOOK_LOCALES,
  MENU_ITEMS,
  MessengerProfileError,
  setMessengerProfile,
  type ProfileTexts,
} from '../channels/messenger/profile';
import type { Config } from '../config';
import { loadContent } from '../entry/files';
import type { Translator } from '../i18n/translator';
import { parseOptions } from './options';
import { CliError } from './tokens';

const USAGE = 'usage: messenger setup [--dry-run]';
const KEYS = ['greeting', ...MENU_ITEMS.map((i) => `menu.${i.key}`)].map((k) => `messenger:${k}`);

export interface MessengerCommandIo {
  out: (s: string) => void;
  err: (s: string) => void;
  flowsDir: string;
  localesDir: string;
  /** The flow's languages (in menu order) and the translator; by default as the server loads them. */
  content?: () => Promise<{ languages: string[]; translator: Translator }>;
  messenger: () => Config['messenger'];
  fetch?: typeof fetch;
}

/**
 * `messenger setup [--dry-run]`: sets the Page's Get Started button, greeting and persistent menu
 * for every language the flow offers that has its own `messenger` texts. `--dry-run` prints the
 * Messenger Profile body instead of sending it.
 */
export async function messengerCommand(args: string[], io: MessengerCommandIo): Promise<void> {
  const [sub, ...rest] = args;
  if (sub !== 'setup') throw new CliError(USAGE);
  const { flags } = parseOptions('messenger setup', rest, { values: [], flags: ['dry-run'] });

  const { languages, translator } = io.content
    ? await io.content()
    : await loadContent(io.flowsDir, io.localesDir).then((c) => ({
        languages: c.flow.languages,
        translator: c.translator,
      }));
  const texts: { language: string; texts: ProfileTexts }[] = [];
  for (const language of languages) {
    const own = KEYS.filter((k) => translator.has(language, k));
    if (language !== 'en' && own.length === 0) {
      io.err(`skipped ${language}: no messenger texts yet (its readers see the default)\n`);
      continue;
    }
    if (language !== 'en' && FACEBOOK_LOCALES[language])
      for (const key of KEYS.filter((k) => !own.includes(k)))
        io.err(`warn ${language}: ${key} falls back to English\n`);
    const t = translator.forLanguage(language);
    texts.push({
      language,
      texts: {
        greeting: t('messenger:greeting'),
        menu: Object.fromEntries(
          MENU_ITEMS.map((i) => [i.key, t(`messenger:menu.${i.key}`)]),
        ) as ProfileTexts['menu'],
      },
    });
  }
  if (!texts.some((x) => x.language === 'en'))
    throw new CliError('messenger setup: the flow does not offer English, the default locale');

  let built;
  try {
    built = buildMessengerProfile(texts);
  } catch (err) {
    if (err instanceof MessengerProfileError) throw new CliError(`messenger setup: ${err.message}`);
    throw err;
  }
  for (const language of built.skipped)
    io.err(`skipped ${language}: Messenger has no locale for it (its readers see the default)\n`);

  if (flags['dry-run']) {
    io.out(JSON.stringify(built.body, null, 2) + '\n');
    return;
  }
  const config = io.messenger();
  if (!config)
    throw new CliError(
      'messenger setup: Messenger is not configured: set MESSENGER_APP_SECRET, MESSENGER_PAGE_ACCESS_TOKEN and MESSENGER_VERIFY_TOKEN',
    );
  const result = await setMessengerProfile({ ...config, fetch: io.fetch }, built.body);
  if (!result.ok)
    throw new CliError(`messenger setup: Graph refused the profile: ${result.message}`);
  io.out(`messenger profile set for ${built.body.greeting.length} locales\n`);
}
