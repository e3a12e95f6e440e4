import { and, desc, eq, gt, inArray, isNull, lt } from 'drizzle-orm';
import type { ChannelId } from '../channels/types';
import { decrypt, encrypt, sha256Hex } from '../crypto/keys';
import { conversations, loginFailures, outbox, tickets } from '../db/schema';
import type { Statement } from '../db/types';
import { initialState, type SessionState } from '../flow';
import type { TicketRow } from '../tickets/json';
import { addMessage, ticketByReference } from '../tickets/store';
import { outboxContext, stateContext } from './contexts';
import type { LogFields } from '../log';
import type { HostDeps } from './deps';

/**
 * Continuing a case from another app or account: the case code and the secret word given at the
 * end of the intake, in one message. The new conversation takes the case over; the old one lets
 * it go (its phone may be in someone else's hands now), and staff answers still waiting there
 * move along. The two platform identities are never linked: only their pseudonyms meet here.
 */

const CODE = '[2-9A-HJKMNP-Z]';
const PATTERN = new RegExp(
  `^\\W*(HT)[\\s\\-–—_]*(${CODE}{5})[\\s\\-–—_]*(${CODE}{5})(?:[\\s,.;:/、。・\\-–—]+(${CODE}{4})[\\s\\-–—_]*(${CODE}{4}))?\\W*$`,
  'u',
);

export interface ResumeCode {
  reference: string;
  /** Null when only the case code was sent. */
  secret: string | null;
}

/** A whole message that is a case code, with or without its secret word (any case, full-width). */
export function readResumeCode(text: string): ResumeCode | null {
  const m = PATTERN.exec(text.normalize('NFKC').toUpperCase());
  if (!m) return null;
  return {
    reference: `HT-${m[2]}-${m[3]}`,
    secret: m[4] && m[5] ? `${m[4]}-${m[5]}` : null,
  };
}

/** Wrong tries counted over 15 minutes: per conversation (guessing many codes) and per code. */
export const RESUME_WINDOW_MS = 15 * 60_000;
export const RESUME_CONVERSATION_LIMIT = 5;
export const RESUME_REFERENCE_LIMIT = 10;

const conversationKey = (conversationId: string) => `resume:conversation:${conversationId}`;
const referenceKey = async (reference: string) => `resume:reference:${await sha256Hex(reference)}`;

export interface ResumeTurn {
  state: SessionState;
  /** The case this conversation now follows (undefined: unchanged). */
  ticketId?: string | null;
  /** Delivery preferences carried over from the conversation that had the case. */
  carry?: { notify: boolean; safeMode: boolean };
  text: string;
  params: Record<string, string>;
  statements: Statement[];
  log: { message: string; fields: LogFields };
}

/** Same answer for a wrong code, a wrong secret and a case that does not exist. */
export async function resumeCase(
  deps: HostDeps,
  args: {
    conversationId: string;
    channel: ChannelId;
    state: SessionState;
    code: ResumeCode;
    now: number;
    /** Web chat: the visitor's address (cookies are free, addresses are not). */
    origin?: string | undefined;
  },
): Promise<ResumeTurn> {
  const { db } = deps.database;
  const { conversationId, channel, state, code, now } = args;
  const refusal = (text: string, statements: Statement[], reason: string): ResumeTurn => ({
    state,
    text,
    params: {},
    statements,
    log: { message: 'case resume refused', fields: { code: reason } },
  });
  if (!code.secret) return refusal('common:system.resume_how', [], 'no_secret');

  const refKey = await referenceKey(code.reference);
  // Every key a wrong try counts against: the chat, the case code, and on the web the address.
  const keys: [string, number][] = [
    [conversationKey(conversationId), RESUME_CONVERSATION_LIMIT],
    [refKey, RESUME_REFERENCE_LIMIT],
  ];
  if (args.origin)
    keys.push([
      `resume:origin:${await deps.keys.hmacHex(`origin:${args.origin}`)}`,
      RESUME_CONVERSATION_LIMIT,
    ]);
  for (const [key, limit] of keys)
    if (await failuresSince(deps, key, now, limit))
      return refusal('common:system.resume_wait', [], 'throttled');

  const ticket = await ticketByReference(db, null, code.reference);
  // Hashed whether or not the case exists, so the time taken says nothing either.
  const matches = await secretMatches(ticket?.secretHash ?? null, code);
  if (!ticket || !matches) {
    return refusal(
      'common:system.resume_failed',
      [
        db.delete(loginFailures).where(lt(loginFailures.at, now - RESUME_WINDOW_MS)),
        db.insert(loginFailures).values(keys.map(([key]) => ({ key, at: now }))),
      ] as unknown as Statement[],
      'wrong_code',
    );
  }
  return takeOver(deps, { ticket, conversationId, channel, state, now });
}

async function failuresSince(
  deps: HostDeps,
  key: string,
  now: number,
  limit: number,
): Promise<boolean> {
  const rows = await deps.database.db
    .select({ at: loginFailures.at })
    .from(loginFailures)
    .where(and(eq(loginFailures.key, key), gt(loginFailures.at, now - RESUME_WINDOW_MS)))
    .orderBy(desc(loginFailures.at))
    .limit(1)
    .offset(limit - 1);
  return rows.length > 0;
}

/**
 * A secret word has only ~40 bits, so its hash is slow (PBKDF2-SHA256, OWASP's 600,000 rounds,
 * ~0.1 s): years of GPU time per case for someone holding a copy of the database. Not keyed with
 * HOTLINE_SECRET on purpose, so rotating the secret keeps every case resumable. Cases filed
 * before kept a plain SHA-256, still accepted. Format: `p1:<rounds>:<salt hex>:<hash hex>`.
 */
export const CASE_SECRET_ROUNDS = 600_000;

export async function caseSecretHash(
  reference: string,
  secret: string,
  salt: Uint8Array = crypto.getRandomValues(new Uint8Array(16)),
  rounds = CASE_SECRET_ROUNDS,
): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(`${reference}:${secret}`),
    'PBKDF2',
    false,
    ['deriveBits'],
  );
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations: rounds },
    key,
    256,
  );
  return `p1:${rounds}:${hex(salt)}:${hex(new Uint8Array(bits))}`;
}

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const unhex = (s: string) => Uint8Array.from(s.match(/../g) ?? [], (h) => parseInt(h, 16));
/** What a wrong try is checked against when the case does not exist, so it costs the same. */
const NO_CASE = `p1:${CASE_SECRET_ROUNDS}:${'00'.repeat(16)}:${'00'.repeat(32)}`;

async function secretMatches(stored: string | null, code: ResumeCode): Promise<boolean> {
  const against = stored ?? NO_CASE;
  const p1 = /^p1:(\d+):([0-9a-f]{32}):([0-9a-f]{64})$/.exec(against);
  if (p1) {
    const offered = await caseSecretHash(
      code.reference,
      code.secret!,
      unhex(p1[2]!),
      Number(p1[1]),
    );
    return stored !== null && sameHex(against, offered);
  }
  return sameHex(against, await sha256Hex(`${code.reference}:${code.secret}`));
}

function sameHex(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

async function takeOver(
  deps: HostDeps,
  args: {
    ticket: TicketRow;
    conversationId: string;
    channel: ChannelId;
    state: SessionState;
    now: number;
  },
): Promise<ResumeTurn> {
  const { db } = deps.database;
  const { keys } = deps;
  const { ticket, conversationId, channel, now } = args;
  const at = new Date(now).toISOString();
  const params = { reference: ticket.reference };
  const done = (statements: Statement[], state: SessionState, carry?: ResumeTurn['carry']) => ({
    state,
    ticketId: ticket.id,
    ...(carry ? { carry } : {}),
    text: 'common:system.resumed',
    params,
    statements,
    log: { message: 'case resumed', fields: { ticket: ticket.reference, channel } },
  });
  if (ticket.conversationId === conversationId) return done([], args.state);

  const previous = ticket.conversationId
    ? (
        await db
          .select()
          .from(conversations)
          .where(eq(conversations.id, ticket.conversationId))
          .limit(1)
      )[0]
    : undefined;
  // The case's answers (language, facts) come along; the conversation is past its intake.
  const carried: SessionState = previous
    ? JSON.parse(await decrypt(keys, previous.stateEnc, stateContext(previous.id)))
    : { ...initialState(deps.flow, ticket.language), ended: true };
  const state: SessionState = {
    ...carried,
    language: carried.language ?? ticket.language,
    ticketOpened: true,
    ended: true,
    node: null,
    pending: null,
    words: [],
  };

  const statements: Statement[] = [];
  const channels = ticket.channels.includes(channel)
    ? ticket.channels
    : [...ticket.channels, channel];
  statements.push(
    db
      .update(tickets)
      .set({ conversationId, channels, updatedAt: at })
      .where(eq(tickets.id, ticket.id)) as unknown as Statement,
    ...(await addMessage(
      db,
      keys,
      ticket.id,
      'system',
      channel,
      `The reporter continued this case on ${CHANNEL_NAMES[channel]}.`,
    )),
  );
  if (previous) {
    const fresh = initialState(deps.flow, state.language);
    statements.push(
      db
        .update(conversations)
        .set({
          ticketId: null,
          notify: false,
          stateEnc: await encrypt(keys, JSON.stringify(fresh), stateContext(previous.id)),
          updatedAt: at,
        })
        .where(eq(conversations.id, previous.id)) as unknown as Statement,
    );
    // Staff answers not yet delivered there follow the case (re-sealed for this conversation).
    const waiting = await db
      .select()
      .from(outbox)
      .where(
        and(
          eq(outbox.conversationId, previous.id),
          isNull(outbox.inboxId),
          inArray(outbox.status, ['pending', 'mailbox']),
        ),
      );
    for (const row of waiting) {
      const messages = await decrypt(keys, row.messagesEnc, outboxContext(previous.id));
      statements.push(
        db
          .update(outbox)
          .set({
            conversationId,
            channel,
            status: 'mailbox',
            messagesEnc: await encrypt(keys, messages, outboxContext(conversationId)),
            replyTokenEnc: null,
            replyUntil: null,
          })
          .where(eq(outbox.id, row.id)) as unknown as Statement,
      );
    }
  }
  return done(
    statements,
    state,
    previous ? { notify: previous.notify, safeMode: previous.safeMode } : undefined,
  );
}

const CHANNEL_NAMES: Record<ChannelId, string> = {
  line: 'LINE',
  messenger: 'Messenger',
  web: 'the web chat',
};
