import { and, asc, eq, lte } from 'drizzle-orm';
import { decrypt, type Keys } from '../crypto/keys';
import { notifications, ticketMessages } from '../db/schema';
import type { Db, Statement } from '../db/types';
import { errorCode, type Logger } from '../log';
import { redactAll, type IdentifierKind } from '../privacy/redact';
import type { Directory, Partner } from '../routing/directory';
import { toTicketJson, type TicketJson, type TicketRow } from './json';
import { signedHeaders, type NotifyKeys } from './signing';
import { messageContext, ticketById } from './store';

/**
 * Partners learn of a case by a signed POST of its ticket JSON to their `notificationUrl`. An
 * emergency goes to the routed partner and to every partner on call; a filed case to the routed
 * partner. The reporter's own words go along only when they said yes to `share_words`, and then
 * with phone numbers, card numbers, e-mail addresses and the like masked (src/privacy/redact.ts):
 * the signature covers the body as sent, masked.
 */
export type NotificationEvent = 'ticket.emergency' | 'ticket.filed' | 'ticket.referred';

export interface NotificationBody {
  event: NotificationEvent;
  ticket: TicketJson;
  /** The reporter's messages, only with their consent (facts.share_words = yes), masked. */
  words?: string[];
  /** With `words`: the kinds of identifiers masked in them (`["phone"]`), empty when none. */
  redacted?: IdentifierKind[];
}

/** Who is told of this event: the routed partner, and on an emergency everyone on call. */
export function notificationTargets(
  directory: Directory,
  ticket: Pick<TicketRow, 'partnerId'>,
  event: NotificationEvent,
): Partner[] {
  return directory.partners.filter(
    (p) =>
      p.notificationUrl &&
      (p.id === ticket.partnerId || (event === 'ticket.emergency' && p.onCall)),
  );
}

export function notifyStatements(
  db: Db,
  directory: Directory,
  ticket: TicketRow,
  event: NotificationEvent,
): Statement[] {
  return notificationTargets(directory, ticket, event).map(
    (p) =>
      db
        .insert(notifications)
        .values({
          ticketId: ticket.id,
          partnerId: p.id,
          event,
          idempotencyKey: crypto.randomUUID(),
        })
        .onConflictDoNothing() as unknown as Statement,
  );
}

/** Consent is the reporter's own answer, read when the notification goes out. */
export const mayShareWords = (ticket: Pick<TicketRow, 'facts'>): boolean =>
  ticket.facts.share_words === 'yes';

/**
 * The reporter's messages on the case, decrypted, oldest first; none without consent. As stored:
 * `notificationBody` masks them.
 */
export async function wordsToShare(
  db: Db,
  keys: Keys,
  ticket: TicketRow,
): Promise<string[] | null> {
  if (!mayShareWords(ticket)) return null;
  const rows = await db
    .select({ bodyEnc: ticketMessages.bodyEnc })
    .from(ticketMessages)
    .where(and(eq(ticketMessages.ticketId, ticket.id), eq(ticketMessages.author, 'reporter')))
    .orderBy(asc(ticketMessages.id));
  return Promise.all(rows.map((r) => decrypt(keys, r.bodyEnc, messageContext(ticket.id))));
}

export function notificationBody(
  event: NotificationEvent,
  ticket: TicketRow,
  directory: Directory,
  words: string[] | null,
): NotificationBody {
  const body: NotificationBody = { event, ticket: toTicketJson(ticket, directory) };
  if (words && mayShareWords(ticket)) {
    const masked = redactAll(words);
    body.words = masked.texts;
    body.redacted = masked.found;
  }
  return body;
}

/** Gives up after about a day of failures: a partner down over a night still gets the case. */
const MAX_ATTEMPTS = 150;
const TIMEOUT_MS = 10_000;
const backoff = (attempts: number) =>
  Math.min(1000 * 2 ** (attempts - 1), 10 * 60_000) * (1 + Math.random() * 0.1);

/** `Retry-After` in seconds or as an HTTP date, within an hour; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (!header) return null;
  const ms = /^\d+$/.test(header.trim()) ? Number(header) * 1000 : Date.parse(header) - now;
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), 3_600_000) : null;
}

/** Sends what is due; 2xx is done, 4xx is a configuration problem to log, the rest is retried. */
export async function sendDueNotifications(deps: {
  db: Db;
  directory: Directory;
  /** The data key and the partners' signing secrets, built at the entry. */
  notify: NotifyKeys;
  log: Logger;
  now: () => number;
}): Promise<number> {
  const { db, directory } = deps;
  const due = await db
    .select()
    .from(notifications)
    .where(and(eq(notifications.status, 'pending'), lte(notifications.nextAttemptAt, deps.now())))
    .orderBy(asc(notifications.id))
    .limit(20);
  for (const n of due) {
    const partner = directory.byId(n.partnerId);
    const ticket = await ticketById(db, n.ticketId);
    const fail = async (code: string, retry: boolean, delayMs: number | null = null) => {
      const attempts = n.attempts + 1;
      const gaveUp = !retry || attempts >= MAX_ATTEMPTS;
      await db
        .update(notifications)
        .set({
          attempts,
          errorCode: code,
          status: gaveUp ? 'failed' : 'pending',
          nextAttemptAt: deps.now() + (delayMs ?? backoff(attempts)),
        })
        .where(eq(notifications.id, n.id));
      deps.log[gaveUp ? 'error' : 'warn']('partner notification not delivered', {
        partner: n.partnerId,
        ticket: ticket?.reference,
        code,
        attempt: attempts,
      });
    };
    if (!partner?.notificationUrl || !ticket) {
      await fail(partner ? 'no_ticket' : 'no_partner', false);
      continue;
    }
    let request: { body: string; headers: Record<string, string>; words: boolean };
    try {
      const words = await wordsToShare(db, deps.notify.keys, ticket);
      const event = n.event as NotificationEvent;
      const body = JSON.stringify(notificationBody(event, ticket, directory, words));
      const headers = await signedHeaders({
        secret: await deps.notify.secretOf(partner.id),
        body,
        idempotencyKey: n.idempotencyKey,
        now: deps.now(),
      });
      request = { body, headers, words: words !== null };
    } catch (err) {
      await fail(errorCode(err), true);
      continue;
    }
    try {
      const res = await fetch(partner.notificationUrl, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      await res.body?.cancel();
      if (res.ok) {
        await db
          .update(notifications)
          .set({
            status: 'sent',
            attempts: n.attempts + 1,
            sentAt: new Date(deps.now()).toISOString(),
            errorCode: null,
          })
          .where(eq(notifications.id, n.id));
        deps.log.info('partner notified', {
          partner: n.partnerId,
          ticket: ticket.reference,
          event: n.event,
          words: request.words,
        });
      } else {
        await fail(
          `http_${res.status}`,
          res.status === 429 || res.status >= 500,
          retryAfterMs(res.headers.get('retry-after'), deps.now()),
        );
      }
    } catch {
      await fail('network', true);
    }
  }
  return due.length;
}
