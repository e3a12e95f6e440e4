import { listAudit } from '../accounts/audit';
import type { Database } from '../db/types';
import type { T } from '../i18n/translator';
import type { TicketRow } from '../tickets/json';
import type { TimelineEntry } from './views/ticket';

/** What happened to a case, newest last: its opening, then every change staff made (not views). */
export async function timelineOf(
  database: Database,
  ticket: TicketRow,
  t: T,
): Promise<TimelineEntry[]> {
  const { entries } = await listAudit(database, null, { limit: 200, ticketId: ticket.id });
  const changes = entries
    .filter((e) => e.action !== 'ticket.view')
    .reverse()
    .map((e) => ({
      at: e.at,
      action: e.action,
      staffName: e.staff?.displayName ?? null,
      detail: describeDetail(e.detail, t),
    }));
  return [
    { at: ticket.createdAt, action: 'ticket.opened', staffName: null, detail: '' },
    ...changes,
  ];
}

function describeDetail(detail: Record<string, unknown>, t: T): string {
  if (typeof detail.to === 'string' && typeof detail.from === 'string') {
    const name = (s: string) => t(`staff:status.${s}`) || s;
    return `${name(detail.from)} → ${name(detail.to)}`;
  }
  return '';
}
