import { createLineSender } from '../channels/line/sender';
import { createMessengerSender } from '../channels/messenger/sender';
import type { Config } from '../config';
import type { HostDeps } from '../conversation/deps';
import { commandIndex } from '../conversation/interpret';
import type { Keys } from '../crypto/keys';
import type { Database } from '../db/types';
import type { Logger } from '../log';
import { notifyKeys } from '../tickets/signing';
import type { LoadedContent } from './files';
import { asLive, type LiveContent } from './live-content';

/** The conversation host's dependencies, built the same way wherever the worker runs. */
export function buildHostDeps(args: {
  config: Config;
  keys: Keys;
  content: LoadedContent | LiveContent;
  database: Database;
  log: Logger;
  now?: () => number;
}): HostDeps {
  const { config } = args;
  const live = asLive(args.content);
  // The command keywords of a set of texts, built once per (re)load.
  const commands = new WeakMap<object, ReturnType<typeof commandIndex>>();
  const commandsOf = (c: LoadedContent) => {
    if (!commands.has(c.translator)) commands.set(c.translator, commandIndex(c.translator));
    return commands.get(c.translator)!;
  };
  const senders: HostDeps['senders'] = {};
  if (config.line) senders.line = createLineSender(config.line);
  if (config.messenger) senders.messenger = createMessengerSender(config.messenger);
  return {
    database: args.database,
    keys: args.keys,
    // Read on every use: a reload of the files takes effect at the next step.
    get flow() {
      return live.current.flow;
    },
    get translator() {
      return live.current.translator;
    },
    get commands() {
      return commandsOf(live.current);
    },
    get directory() {
      return live.current.directory;
    },
    // Notifications are signed with per-partner secrets and may carry consented words.
    notify: notifyKeys(args.keys, config.partnerSecrets),
    get services() {
      return live.current.services;
    },
    senders,
    log: args.log,
    now: args.now ?? Date.now,
    retention: config.retention,
    replyWindowMs: config.line?.replyWindowMs ?? 50_000,
  };
}
