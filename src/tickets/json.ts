import type { Directory } from '../routing/directory';
import type { tickets } from '../db/schema';

export type TicketRow = typeof tickets.$inferSelect;

export interface TicketJson {
  reference: string;
  status: string;
  createdAt: string;
  channel: string;
  channels: string[];
  language: string;
  categories: string[];
  urgency: string;
  flags: string[];
  prefecture: string | null;
  industry: string | null;
  residenceStatus: string | null;
  partner: { id: string; kind: string; name: string } | null;
  /** The rule of flows/routing.yaml that chose the partner, and why; null while unrouted. */
  routing: { rule: string; reason: string } | null;
  flow: { id: string; version: number; hash: string };
  summary: string;
  updatedAt: string;
}

/** The contract's ticket object: facts only, never the reporter's words or any platform id. */
export function toTicketJson(row: TicketRow, directory: Directory): TicketJson {
  const partner = row.partnerId ? directory.byId(row.partnerId) : undefined;
  return {
    reference: row.reference,
    status: row.status,
    createdAt: row.createdAt,
    channel: row.channel,
    channels: row.channels,
    language: row.language,
    categories: row.categories,
    urgency: row.urgency,
    flags: row.flags,
    prefecture: row.prefecture,
    industry: row.industry,
    residenceStatus: row.residenceStatus,
    partner: row.partnerId
      ? { id: row.partnerId, kind: partner?.kind ?? 'ngo', name: partner?.name ?? row.partnerId }
      : null,
    routing:
      row.partnerId && row.routingRule
        ? { rule: row.routingRule, reason: row.routingReason ?? '' }
        : null,
    flow: { id: row.flowId, version: row.flowVersion, hash: row.flowHash },
    summary: row.summary,
    updatedAt: row.updatedAt,
  };
}
