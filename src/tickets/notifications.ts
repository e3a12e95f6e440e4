import { and, asc, eq, lte } from 'drizzle-orm';
import { notifications } from '../db/schema';
import type { Db, Statement } from '../db/types';
import type { Logger } from '../log';
import type { Directory } from '../routing/directory';
import { toTicketJson, type TicketRow } from './json';
import { ticketById } from './store';

/**
 * Partners learn of a case by a POST of its ticket JSON (facts only: never the reporter's words
 * or any platform id) to their `notificationUrl`. An emergency goes to the routed partner and to
 * every partner on call; a filed case to the routed partner.
 */
export type NotificationEvent = 'ticket.emergency' | 'ticket.filed';

export function notifyStatements(
  db: Db,
  directory: Directory,
  ticket: TicketRow,
  event: NotificationEvent,
): Statement[] {
  const partners = directory.partners.filter(
    (p) =>
      p.notificationUrl &&
      (p.id === ticket.partnerId || (event === 'ticket.emergency' && p.onCall)),
  );
  return partners.map(
    (p) =>
      db
        .insert(notifications)
        .values({ ticketId: ticket.id, partnerId: p.id, event })
        .onConflictDoNothing() as unknown as Statement,
  );
}

const MAX_ATTEMPTS = 20;
const TIMEOUT_MS = 10_000;
const backoff = (attempts: number) => Math.min(1000 * 2 ** attempts, 5 * 60_000);

/** Sends what is due; 2xx is done, 4xx is a configuration problem to log, the rest is retried. */
export async function sendDueNotifications(deps: {
  db: Db;
  directory: Directory;
  log: Logger;
  now: () => number;
}): Promise<number> {
  const { db } = deps;
  const due = await db
    .select()
    .from(notifications)
    .where(and(eq(notifications.status, 'pending'), lte(notifications.nextAttemptAt, deps.now())))
    .orderBy(asc(notifications.id))
    .limit(20);
  for (const n of due) {
    const partner = deps.directory.byId(n.partnerId);
    const ticket = await ticketById(db, n.ticketId);
    const fail = async (code: string, retry: boolean) => {
      const attempts = n.attempts + 1;
      const gaveUp = !retry || attempts >= MAX_ATTEMPTS;
      await db
        .update(notifications)
        .set({
          attempts,
          errorCode: code,
          status: gaveUp ? 'failed' : 'pending',
          nextAttemptAt: deps.now() + backoff(attempts),
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
    try {
      const res = await fetch(partner.notificationUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'hotline-notifications/1' },
        body: JSON.stringify({ event: n.event, ticket: toTicketJson(ticket, deps.directory) }),
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
        });
      } else {
        await fail(`http_${res.status}`, res.status === 429 || res.status >= 500);
      }
    } catch {
      await fail('network', true);
    }
  }
  return due.length;
}
