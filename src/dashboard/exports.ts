import { and, asc, eq } from 'drizzle-orm';
import type { Keys } from '../crypto/keys';
import { tickets } from '../db/schema';
import type { Db } from '../db/types';
import { redactIdentifiers } from '../privacy/redact';
import type { Directory } from '../routing/directory';
import { suppressed, weeklyCounts } from '../tickets/inbox';
import { toTicketJson } from '../tickets/json';
import { threadOf } from '../tickets/staff-actions';

/** RFC 4180 field: quoted when needed; a leading =+-@ is neutralised against spreadsheet formulas. */
const field = (v: unknown): string => {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const row = (values: unknown[]) => values.map(field).join(',');

/** Weekly counts by dimension, counts under 5 shown as "<5". */
export async function exportStatsCsv(
  db: Db,
  partnerId: string | null,
  now: number,
): Promise<string> {
  const counts = await weeklyCounts(db, partnerId, now);
  const lines = [row(['dimension', 'value', ...counts.weeks])];
  for (const [dimension, m] of [
    ['category', counts.byCategory],
    ['urgency', counts.byUrgency],
    ['prefecture', counts.byPrefecture],
  ] as const) {
    // Sorted, so the same counts give the same file however they were gathered.
    for (const [value, perWeek] of [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      lines.push(row([dimension, value, ...perWeek.map(suppressed)]));
  }
  return lines.join('\r\n') + '\r\n';
}

/**
 * One line per case: facts only, unless the reporter's words were asked for explicitly, and then
 * with phone numbers, card numbers, e-mail addresses and the like masked: a CSV leaves the
 * encrypted record (src/privacy/redact.ts). The case page shows them as written.
 */
export async function exportTicketsCsv(
  db: Db,
  keys: Keys,
  directory: Directory,
  partnerId: string | null,
  withWords: boolean,
): Promise<{ csv: string; count: number }> {
  const rows = await db
    .select()
    .from(tickets)
    .where(partnerId === null ? undefined : and(eq(tickets.partnerId, partnerId)))
    .orderBy(asc(tickets.createdAt));
  const head = [
    'reference',
    'status',
    'createdAt',
    'channel',
    'language',
    'categories',
    'urgency',
    'flags',
    'prefecture',
    'industry',
    'residenceStatus',
    'partner',
    'summary',
    ...(withWords ? ['reporterWords'] : []),
  ];
  const lines = [row(head)];
  for (const r of rows) {
    const j = toTicketJson(r, directory);
    const words = withWords
      ? (await threadOf(db, keys, r.id))
          .filter((m) => m.author === 'reporter')
          .map((m) => redactIdentifiers(m.body).text)
          .join('\n---\n')
      : '';
    lines.push(
      row([
        j.reference,
        j.status,
        j.createdAt,
        j.channel,
        j.language,
        j.categories.join(' '),
        j.urgency,
        j.flags.join(' '),
        j.prefecture,
        j.industry,
        j.residenceStatus,
        j.partner?.id ?? '',
        j.summary,
        ...(withWords ? [words] : []),
      ]),
    );
  }
  return { csv: lines.join('\r\n') + '\r\n', count: rows.length };
}
