import { Hono } from 'hono';
import { z } from 'zod';
import type { Database } from '../db/types';
import { AppError } from '../errors';
import type { Directory } from '../routing/directory';
import { URGENCIES } from '../triage/types';
import { CATEGORIES } from '../triage/urgency';
import { toTicketJson } from '../tickets/json';
import { STATUSES } from '../tickets/staff-actions';
import { listTickets, ticketByReference } from '../tickets/store';
import { authenticate, type Caller } from '../tickets/tokens';

const cursorSchema = z.object({ c: z.string(), i: z.string() });
const encodeCursor = (createdAt: string, id: string) =>
  Buffer.from(JSON.stringify({ c: createdAt, i: id })).toString('base64url');
function decodeCursor(s: string) {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(s, 'base64url').toString('utf8')));
  } catch {
    throw new AppError('invalid_query', 'cursor is not one this API gave out');
  }
}

const listQuery = z.object({
  status: z.enum(STATUSES).optional(),
  category: z.enum(CATEGORIES as [string, ...string[]]).optional(),
  urgency: z.enum(URGENCIES as [string, ...string[]]).optional(),
  cursor: z.string().min(1).optional(),
  limit: z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(1).max(100, 'must be at most 100'))
    .optional(),
});

/** The JSON API of the contract: partners see only tickets routed to them; 404, never 403. */
export function ticketsApi(deps: {
  database: Database;
  directory: Directory;
  adminToken: string | undefined;
}) {
  const api = new Hono<{ Variables: { caller: Caller } }>();

  api.use('*', async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const caller = match ? await authenticate(deps.database, deps.adminToken, match[1]!) : null;
    if (!caller)
      throw new AppError(
        'unauthorized',
        'a valid "Authorization: Bearer <token>" header is required',
      );
    c.set('caller', caller);
    await next();
  });

  api.get('/tickets', async (c) => {
    const parsed = listQuery.safeParse(c.req.query());
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new AppError('invalid_query', `${issue.path.join('.') || 'query'}: ${issue.message}`);
    }
    const q = parsed.data;
    const limit = q.limit ?? 50;
    const cursor = q.cursor ? decodeCursor(q.cursor) : undefined;
    const rows = await listTickets(deps.database.db, c.get('caller').partnerId, {
      ...(q.status ? { status: q.status } : {}),
      ...(q.category ? { category: q.category } : {}),
      ...(q.urgency ? { urgency: q.urgency } : {}),
      ...(cursor ? { cursor: { createdAt: cursor.c, id: cursor.i } } : {}),
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return c.json({
      tickets: page.map((r) => toTicketJson(r, deps.directory)),
      nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null,
    });
  });

  api.get('/tickets/:reference', async (c) => {
    const row = await ticketByReference(
      deps.database.db,
      c.get('caller').partnerId,
      c.req.param('reference'),
    );
    if (!row) throw new AppError('not_found', 'no such ticket');
    return c.json({ ticket: toTicketJson(row, deps.directory) });
  });

  return api;
}
