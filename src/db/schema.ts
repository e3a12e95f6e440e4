import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';

/**
 * Columns ending in `_enc` hold AES-GCM ciphertext (see src/crypto/keys.ts); `conversation_id`
 * is a keyed HMAC of the platform user id, never the id itself.
 */

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

/** Every inbound platform event, stored before the webhook answers 200. */
export const inbox = sqliteTable(
  'inbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    channel: text('channel').notNull(),
    eventId: text('event_id').notNull(),
    conversationId: text('conversation_id').notNull(),
    /** The normalised event (with its raw platform JSON), encrypted. */
    eventEnc: text('event_enc').notNull(),
    status: text('status', { enum: ['pending', 'done', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    errorCode: text('error_code'),
    receivedAt: text('received_at').notNull().default(now),
    processedAt: text('processed_at'),
  },
  (t) => [
    uniqueIndex('inbox_channel_event').on(t.channel, t.eventId),
    index('inbox_pending').on(t.status, t.id),
  ],
);

/** One row per reporter per channel: the flow session and delivery preferences. */
export const conversations = sqliteTable('conversations', {
  id: text('id').primaryKey(),
  channel: text('channel').notNull(),
  /** The platform user id, encrypted: needed only to push or reply on the platform. */
  userEnc: text('user_enc').notNull(),
  stateEnc: text('state_enc').notNull(),
  ticketId: text('ticket_id'),
  notify: integer('notify', { mode: 'boolean' }).notNull().default(false),
  followed: integer('followed', { mode: 'boolean' }).notNull().default(true),
  safeMode: integer('safe_mode', { mode: 'boolean' }).notNull().default(false),
  /** The platform time of the reporter's latest event: Messenger's messaging windows count from it. */
  lastInboundAt: integer('last_inbound_at'),
  createdAt: text('created_at').notNull().default(now),
  updatedAt: text('updated_at').notNull().default(now),
});

export const tickets = sqliteTable(
  'tickets',
  {
    /** Random, made by the app, so a ticket and its thread can be written in one batch. */
    id: text('id').primaryKey(),
    reference: text('reference').notNull(),
    status: text('status').notNull().default('new'),
    channel: text('channel').notNull(),
    channels: text('channels', { mode: 'json' }).$type<string[]>().notNull(),
    language: text('language').notNull(),
    categories: text('categories', { mode: 'json' }).$type<string[]>().notNull(),
    /** Categories that only a danger word added; dropped again when the reporter says they are safe. */
    dangerCategories: text('danger_categories', { mode: 'json' }).$type<string[]>().notNull(),
    urgency: text('urgency').notNull(),
    flags: text('flags', { mode: 'json' }).$type<string[]>().notNull(),
    prefecture: text('prefecture'),
    industry: text('industry'),
    residenceStatus: text('residence_status'),
    partnerId: text('partner_id'),
    /** The routing rule that chose the partner (flows/routing.yaml) and its one-line why. */
    routingRule: text('routing_rule'),
    routingReason: text('routing_reason'),
    flowId: text('flow_id').notNull(),
    flowVersion: integer('flow_version').notNull(),
    flowHash: text('flow_hash').notNull(),
    summary: text('summary').notNull(),
    /** Answers to the flow's questions (option ids only, never free text). */
    facts: text('facts', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    secretHash: text('secret_hash'),
    conversationId: text('conversation_id'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('tickets_reference').on(t.reference),
    index('tickets_partner_created').on(t.partnerId, t.createdAt),
    index('tickets_created').on(t.createdAt, t.id),
  ],
);

/** The case thread: the reporter's words and staff answers, encrypted. */
export const ticketMessages = sqliteTable(
  'ticket_messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ticketId: text('ticket_id').notNull(),
    author: text('author', { enum: ['reporter', 'staff', 'system'] }).notNull(),
    channel: text('channel').notNull(),
    bodyEnc: text('body_enc').notNull(),
    /** Who wrote a staff answer, and the outbox row carrying it (so the page can show delivery). */
    staffId: text('staff_id'),
    outboxId: integer('outbox_id'),
    createdAt: text('created_at').notNull().default(now),
  },
  (t) => [index('ticket_messages_ticket').on(t.ticketId, t.id)],
);

/** Rendered messages waiting to go out; `mailbox` rows wait for the reporter's next event. */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    conversationId: text('conversation_id').notNull(),
    channel: text('channel').notNull(),
    inboxId: integer('inbox_id'),
    messagesEnc: text('messages_enc').notNull(),
    /** The reply token of the event this answers, encrypted, and until when it may be used. */
    replyTokenEnc: text('reply_token_enc'),
    replyUntil: integer('reply_until'),
    status: text('status', { enum: ['pending', 'mailbox', 'sent', 'failed'] })
      .notNull()
      .default('pending'),
    /** Same X-Line-Retry-Key on every retry of a push. */
    retryKey: text('retry_key').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull().default(0),
    via: text('via'),
    errorCode: text('error_code'),
    createdAt: text('created_at').notNull().default(now),
    sentAt: text('sent_at'),
  },
  (t) => [
    index('outbox_status').on(t.status, t.nextAttemptAt),
    index('outbox_conversation').on(t.conversationId, t.status),
    uniqueIndex('outbox_inbox').on(t.inboxId),
  ],
);

export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    partnerId: text('partner_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    label: text('label'),
    createdAt: text('created_at').notNull().default(now),
    revokedAt: text('revoked_at'),
  },
  (t) => [uniqueIndex('api_tokens_hash').on(t.tokenHash)],
);

/**
 * Partner notifications about a case (its JSON; the reporter's words only with their consent),
 * signed and retried until sent.
 */
export const notifications = sqliteTable(
  'notifications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ticketId: text('ticket_id').notNull(),
    partnerId: text('partner_id').notNull(),
    event: text('event').notNull(),
    /** Sent as Idempotency-Key: the same on every retry, so a partner can drop duplicates. */
    idempotencyKey: text('idempotency_key')
      .notNull()
      .$defaultFn(() => crypto.randomUUID()),
    status: text('status', { enum: ['pending', 'sent', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull().default(0),
    errorCode: text('error_code'),
    createdAt: text('created_at').notNull().default(now),
    sentAt: text('sent_at'),
  },
  (t) => [
    uniqueIndex('notifications_once').on(t.ticketId, t.partnerId, t.event),
    uniqueIndex('notifications_idempotency_key').on(t.idempotencyKey),
    index('notifications_due').on(t.status, t.nextAttemptAt),
  ],
);

/** A partner of `flows/partners.yaml` whose staff log in to the dashboard; `id` is the partner id. */
export const organisations = sqliteTable('organisations', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  requireTotp: integer('require_totp', { mode: 'boolean' }).notNull().default(false),
  createdAt: text('created_at').notNull().default(now),
});

/** Dashboard accounts; only a platform admin has no organisation. */
export const staff = sqliteTable(
  'staff',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').references(() => organisations.id),
    /** Stored lower-case, so the unique index is case-insensitive. */
    email: text('email').notNull(),
    displayName: text('display_name').notNull(),
    /** argon2id, PHC string. */
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: ['platform_admin', 'org_admin', 'caseworker'] }).notNull(),
    language: text('language', { enum: ['ja', 'en'] })
      .notNull()
      .default('ja'),
    /** Sealed with the data key, context `totp:<staff id>`; null until set up. */
    totpSecretEnc: text('totp_secret_enc'),
    totpEnabled: integer('totp_enabled', { mode: 'boolean' }).notNull().default(false),
    /** The last TOTP time step accepted, so one code never works twice. */
    totpLastStep: integer('totp_last_step'),
    disabledAt: text('disabled_at'),
    createdAt: text('created_at').notNull().default(now),
  },
  (t) => [
    uniqueIndex('staff_email').on(t.email),
    index('staff_org').on(t.orgId),
    check('staff_org_by_role', sql`(${t.role} = 'platform_admin') = (${t.orgId} is null)`),
  ],
);

/** `id` is the SHA-256 hex of the session token: the token itself is never stored. Times in ms. */
export const staffSessions = sqliteTable(
  'staff_sessions',
  {
    id: text('id').primaryKey(),
    staffId: text('staff_id')
      .notNull()
      .references(() => staff.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: integer('created_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
    /** The absolute end (created + 12 h); the idle end is last_seen_at + 2 h. */
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('staff_sessions_staff').on(t.staffId)],
);

/** Failed logins by `email:<sha256>` and `ip:<address>`, for rate limiting; pruned as they age. */
export const loginFailures = sqliteTable(
  'login_failures',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    key: text('key').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [index('login_failures_key_at').on(t.key, t.at)],
);

/** What staff did, for the organisation's admins; `detail` never holds the reporter's words. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orgId: text('org_id'),
    staffId: text('staff_id').notNull(),
    ticketId: text('ticket_id'),
    action: text('action').notNull(),
    detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    at: text('at').notNull(),
  },
  (t) => [index('audit_log_org').on(t.orgId, t.id), index('audit_log_ticket').on(t.ticketId, t.id)],
);

/** Internal staff notes on a case, encrypted: they may quote the reporter. */
export const ticketNotes = sqliteTable(
  'ticket_notes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ticketId: text('ticket_id').notNull(),
    staffId: text('staff_id').notNull(),
    bodyEnc: text('body_enc').notNull(),
    createdAt: text('created_at').notNull().default(now),
  },
  (t) => [index('ticket_notes_ticket').on(t.ticketId, t.id)],
);

/**
 * Who is working a queue right now, and until when (ms since epoch): on Workers several isolates
 * and the cron may sweep at once, and only the lease holder drains the inbox or sends, so no
 * event is acted on twice and a reporter's messages keep their order. Node's single worker
 * thread never needs it.
 */
export const leases = sqliteTable('leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  until: integer('until').notNull(),
});

/**
 * What survives a purged case: how many cases a week had each category, urgency and prefecture
 * (`dimension` 'total' with value '' counts the cases), so statistics never change by retention.
 */
export const ticketCounts = sqliteTable(
  'ticket_counts',
  {
    /** Monday of the case's week (Japan time), YYYY-MM-DD. */
    week: text('week').notNull(),
    /** The partner the case was routed to, '' when none. */
    partnerId: text('partner_id').notNull(),
    dimension: text('dimension', {
      enum: ['total', 'category', 'urgency', 'prefecture'],
    }).notNull(),
    value: text('value').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.week, t.partnerId, t.dimension, t.value] })],
);
