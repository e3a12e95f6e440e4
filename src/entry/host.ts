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

/** The conversation host's dependencies, built the same way wherever the worker runs. */
export function buildHostDeps(args: {
  config: Config;
  keys: Keys;
  content: LoadedContent;
  database: Database;
  log: Logger;
  now?: () => number;
}): HostDeps {
  const { config, content } = args;
  const senders: HostDeps['senders'] = {};
  if (config.line) senders.line = createLineSender(config.line);
  if (config.messenger) senders.messenger = createMessengerSender(config.messenger);
  return {
    database: args.database,
    keys: args.keys,
    flow: content.flow,
    translator: content.translator,
    commands: commandIndex(content.translator),
    directory: content.directory,
    // Notifications are signed with per-partner secrets and may carry consented words.
    notify: notifyKeys(args.keys, config.partnerSecrets),
    services: content.services,
    senders,
    log: args.log,
    now: args.now ?? Date.now,
    retention: config.retention,
    replyWindowMs: config.line?.replyWindowMs ?? 50_000,
  };
}
