import type { AppDeps } from '../app';
import type { Config } from '../config';
import { webMessages } from '../conversation/ingest';
import type { Keys } from '../crypto/keys';
import type { DashboardDeps } from '../dashboard/pages';
import type { Database } from '../db/types';
import { pickLanguage } from '../i18n/page-language';
import type { Logger } from '../log';
import type { LoadedContent } from './content';
import { asLive, type LiveContent } from './live-content';

/**
 * The HTTP app's dependencies, the same on Node and on Workers; each entry brings how events are
 * stored and the worker woken, and how the caller's address is read.
 */
export function buildAppDeps(args: {
  config: Config;
  content: LoadedContent | LiveContent;
  database: Database;
  keys: Keys;
  log: Logger;
  now: () => number;
  ingest: AppDeps['ingest'];
  /** Wakes the delivery of outgoing messages (after a staff answer). */
  kick: () => void;
  clientIp: DashboardDeps['clientIp'];
}): AppDeps {
  const { config, database, keys, now } = args;
  const live = asLive(args.content);
  return {
    database,
    // Getters: a reload of the files takes effect at the next request.
    get directory() {
      return live.current.directory;
    },
    log: args.log,
    adminApiToken: config.adminApiToken,
    line: config.line,
    messenger: config.messenger,
    production: config.production,
    now,
    ingest: args.ingest,
    clientIp: args.clientIp,
    webMessages: (visitorId, after) => webMessages(database, keys, 'web', visitorId, after),
    dashboard: {
      database,
      keys,
      get directory() {
        return live.current.directory;
      },
      get translator() {
        return live.current.translator;
      },
      now,
      secureCookies: config.production,
      clientIp: args.clientIp,
      kick: args.kick,
    },
    webTexts(requested, acceptLanguage) {
      const { flow, translator } = live.current;
      const lang = pickLanguage(flow.languages, requested, acceptLanguage);
      const t = translator.forLanguage(lang);
      const text = (k: string) => t(`common:web.${k}`);
      return {
        lang,
        title: text('title'),
        conversation: text('conversation'),
        choices: text('choices'),
        label: text('label'),
        placeholder: text('placeholder'),
        send: text('send'),
        noscript: text('noscript'),
        language: text('language'),
      };
    },
  };
}
