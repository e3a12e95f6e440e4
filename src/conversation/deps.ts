import type { ChannelId, ChannelSender } from '../channels/types';
import type { Keys } from '../crypto/keys';
import type { Database } from '../db/types';
import type { Command, Flow } from '../flow';
import type { Translator } from '../i18n/translator';
import type { Logger } from '../log';
import type { RetentionPolicy } from '../privacy/retention';
import type { Service } from '../referrals/services';
import type { NotifyKeys } from '../tickets/signing';
import type { Directory } from '../routing/directory';

/** Everything the conversation host needs, built once at the entry and passed in. */
export interface HostDeps {
  database: Database;
  keys: Keys;
  flow: Flow;
  translator: Translator;
  commands: Map<string, Command>;
  directory: Directory;
  /** Signing secrets of partner notifications, and the key to open consented words. */
  notify: NotifyKeys;
  /** Public services the flow refers reporters to. */
  services: Service[];
  senders: Partial<Record<ChannelId, ChannelSender>>;
  log: Logger;
  now: () => number;
  /** How long cases and delivery records are kept (src/privacy/retention.ts). */
  retention: RetentionPolicy;
  /** How long after its event a LINE reply token is still used. */
  replyWindowMs: number;
}
