/** What every channel adapter turns platform JSON into, and what it sends back. */
export type ChannelId = 'line' | 'messenger' | 'web';

export type InboundPayload =
  | { kind: 'follow' }
  | { kind: 'unfollow' }
  | { kind: 'text'; text: string }
  /** Postback data in URL query form (`q=…&choice=…` or `cmd=…`). */
  | { kind: 'postback'; data: string }
  | { kind: 'media'; mediaType: string };

export interface InboundEvent {
  channel: ChannelId;
  /** The platform's own id of the event, unique per channel (dedupe key). */
  eventId: string;
  /** Platform user id: kept in memory and encrypted at rest, never logged. */
  userId: string;
  /** Milliseconds since the epoch, as the platform stamped it. */
  timestamp: number;
  replyToken: string | null;
  payload: InboundPayload;
  /**
   * Web chat only: the address the event came from (a visitor is just a cookie anyone can make
   * up), so wrong tries at a case code count per address too. Stored encrypted, never logged.
   */
  origin?: string;
  /** The platform's JSON of this one event, stored encrypted. */
  raw: unknown;
}

/** An event the adapter drops on purpose, reported by type only. */
export interface IgnoredEvent {
  type: string;
  reason: string;
}

export interface Choice {
  label: string;
  data: string;
}

export interface OutboundMessage {
  text: string;
  /** Offered as quick replies; only the last message of a turn carries them. */
  choices?: Choice[];
  /** Emergency help: goes before anything waiting in the mailbox. */
  first?: boolean;
  /**
   * What a push may show instead (a staff answer: "You have a new message"), so nothing of the
   * case appears on a lock screen; the text itself waits for the reporter's next message.
   */
  notice?: string;
}

export type SendResult =
  | { ok: true }
  | {
      ok: false;
      /** 5xx, 429 or network: try again later. */
      retryable: boolean;
      /** The reply token is spent or expired: use the mailbox or a push. */
      tokenSpent?: boolean;
      code: string;
      retryAfterMs?: number;
      /** The platform refused because its messaging window is closed: keep it in the mailbox. */
      windowClosed?: boolean;
      /** Messages of this call that did reach the reporter before the failure (sent one by one). */
      delivered?: number;
    };

/** What is known when a message cannot go as a reply (no token, or it is spent). */
export interface PushContext {
  /** The message answers the reporter's own event (a bot turn), not a staff answer. */
  answer: boolean;
  /** The reporter allowed unprompted messages: notify=yes, still following, no safe mode. */
  consented: boolean;
  /** Milliseconds since the reporter's last event on this channel; null when unknown. */
  sinceInboundMs: number | null;
}

/** How a push goes out: LINE's push, or Messenger's RESPONSE or HUMAN_AGENT-tagged message. */
export type PushMode = 'push' | 'response' | 'human_agent';

export interface ChannelSender {
  readonly channel: ChannelId;
  /** Most messages one reply or push may carry. */
  readonly maxMessages: number;
  reply(replyToken: string, messages: OutboundMessage[]): Promise<SendResult>;
  /** The platform's rules on messages that are not replies; null keeps them in the mailbox. */
  pushMode(ctx: PushContext): PushMode | null;
  push(
    userId: string,
    messages: OutboundMessage[],
    retryKey: string,
    mode: PushMode,
  ): Promise<SendResult>;
  /** Shows that the bot is working; best effort. */
  typing(userId: string): Promise<void>;
}
