import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import { auditLog, staff, tickets } from '../db/schema';
import type { Database, Db, Statement } from '../db/types';

export type AuditAction =
  | 'ticket.view'
  | 'ticket.note'
  | 'ticket.status'
  | 'ticket.reply'
  | 'ticket.refer'
  | 'ticket.erase'
  | 'export.csv'
  | 'login'
  | 'logout'
  | 'totp.enable';

export interface AuditInput {
  /** The organisation whose data was touched (a ticket's partner), else the staff's own; null: platform. */
  orgId: string | null;
  staffId: string;
  ticketId?: string | null;
  action: AuditAction;
  /** Ids, statuses and counts only: never the reporter's words or a note's text. */
  detail?: Record<string, unknown>;
  /** ms */
  at: number;
}

export interface AuditRecord {
  id: number;
  orgId: string | null;
  ticketId: string | null;
  /** null when the ticket has since been erased. */
  ticketReference: string | null;
  action: string;
  detail: Record<string, unknown>;
  at: string;
  staff: { id: string; email: string; displayName: string } | null;
}

export const auditStatement = (db: Db, entry: AuditInput): Statement =>
  db.insert(auditLog).values({
    orgId: entry.orgId,
    staffId: entry.staffId,
    ticketId: entry.ticketId ?? null,
    action: entry.action,
    detail: entry.detail ?? {},
    at: new Date(entry.at).toISOString(),
  }) as unknown as Statement;

const MAX_PAGE = 200;

/** Newest first; `orgId` null lists every organisation (platform admins). */
export async function listAudit(
  database: Database,
  orgId: string | null,
  page: { limit: number; beforeId?: number; ticketId?: string },
): Promise<{ entries: AuditRecord[]; nextBeforeId: number | null }> {
  const limit = Math.min(Math.max(1, Math.floor(page.limit)), MAX_PAGE);
  const where: SQL[] = [];
  if (orgId !== null) where.push(eq(auditLog.orgId, orgId));
  if (page.ticketId !== undefined) where.push(eq(auditLog.ticketId, page.ticketId));
  if (page.beforeId !== undefined) where.push(lt(auditLog.id, page.beforeId));
  const rows = await database.db
    .select({
      entry: auditLog,
      ticketReference: tickets.reference,
      staffId: staff.id,
      email: staff.email,
      displayName: staff.displayName,
    })
    .from(auditLog)
    .leftJoin(staff, eq(staff.id, auditLog.staffId))
    .leftJoin(tickets, eq(tickets.id, auditLog.ticketId))
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(limit + 1);
  const entries = rows.slice(0, limit).map((r): AuditRecord => ({
    id: r.entry.id,
    orgId: r.entry.orgId,
    ticketId: r.entry.ticketId,
    ticketReference: r.ticketReference,
    action: r.entry.action,
    detail: r.entry.detail,
    at: r.entry.at,
    staff:
      r.staffId !== null && r.email !== null && r.displayName !== null
        ? { id: r.staffId, email: r.email, displayName: r.displayName }
        : null,
  }));
  return { entries, nextBeforeId: rows.length > limit ? (entries.at(-1)?.id ?? null) : null };
}
