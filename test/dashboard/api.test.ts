import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPartnerToken } from '../../src/tickets/tokens';
import { fileCase, lineChat } from '../helpers/line-chat';
import { lineUserId } from '../helpers/line-events';
import { startSystem, type TestSystem } from '../helpers/server';

let sys: TestSystem;
const refs: Record<string, string> = {};
const tokens: Record<string, string> = {};

beforeAll(async () => {
  sys = await startSystem();
  refs.aichi = await fileCase(lineChat(sys, lineUserId()), {
    categories: ['unpaid_wages'],
    residence: 'titp',
    prefecture: 'JP-23',
  });
  refs.tokyo = await fileCase(lineChat(sys, lineUserId()), {
    categories: ['harassment'],
    residence: 'titp',
    prefecture: 'JP-13',
  });
  refs.jobChange = await fileCase(lineChat(sys, lineUserId()), {
    categories: ['job_change'],
    residence: 'ssw',
    prefecture: 'JP-13',
  });
  for (const p of ['demo-ngo-tokai', 'demo-ngo-national', 'demo-hello-work'])
    tokens[p] = await createPartnerToken(sys.server.database, p);
}, 60_000);
afterAll(async () => {
  await sys.stop();
});

const get = async (path: string, token?: string) => {
  const res = await sys.api(path, token);
  return { status: res.status, body: await res.json() };
};

describe('GET /api/v1/tickets', () => {
  it('refuses a missing or wrong token with 401 and a JSON error', async () => {
    const none = await fetch(`${sys.server.url}/api/v1/tickets`);
    expect(none.status).toBe(401);
    expect((await none.json()).error.code).toBe('unauthorized');
    expect((await get('/api/v1/tickets', 'htk_not-a-real-token')).status).toBe(401);
    expect((await get('/api/v1/tickets', 'something-else')).status).toBe(401);
  });

  it('shows the admin every ticket, newest first', async () => {
    const { status, body } = await get('/api/v1/tickets');
    expect(status).toBe(200);
    expect(body.tickets.map((t: { reference: string }) => t.reference)).toEqual([
      refs.jobChange,
      refs.tokyo,
      refs.aichi,
    ]);
  });

  it('routes by the contract: job change alone for SSW to Hello Work, the rest to NGOs', async () => {
    const { body } = await get('/api/v1/tickets');
    const byRef = Object.fromEntries(
      body.tickets.map((t: { reference: string; partner: unknown }) => [t.reference, t.partner]),
    );
    expect(byRef[refs.jobChange!]).toMatchObject({ id: 'demo-hello-work', kind: 'hello_work' });
    expect(byRef[refs.aichi!]).toMatchObject({ id: 'demo-ngo-tokai', kind: 'ngo' });
    expect(byRef[refs.tokyo!]).toMatchObject({ id: 'demo-ngo-national', kind: 'ngo' });
  });

  it('shows a partner only the tickets routed to it, and 404 for the others', async () => {
    const { body } = await get('/api/v1/tickets', tokens['demo-ngo-tokai']);
    expect(body.tickets.map((t: { reference: string }) => t.reference)).toEqual([refs.aichi]);
    expect((await get(`/api/v1/tickets/${refs.aichi}`, tokens['demo-ngo-tokai'])).status).toBe(200);
    const hidden = await get(`/api/v1/tickets/${refs.tokyo}`, tokens['demo-ngo-tokai']);
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.code).toBe('not_found');
    expect((await get('/api/v1/tickets/HT-22222-22222')).status).toBe(404);
  });

  it('accepts the reference in any letter case', async () => {
    const { status, body } = await get(
      `/api/v1/tickets/${refs.tokyo!.toLowerCase()}`,
      tokens['demo-ngo-national'],
    );
    expect(status).toBe(200);
    expect(body.ticket.reference).toBe(refs.tokyo);
  });

  it('filters by status, category and urgency', async () => {
    expect(
      (await get('/api/v1/tickets?category=job_change')).body.tickets.map(
        (t: { reference: string }) => t.reference,
      ),
    ).toEqual([refs.jobChange]);
    expect((await get('/api/v1/tickets?urgency=info')).body.tickets).toHaveLength(1);
    expect((await get('/api/v1/tickets?status=new')).body.tickets).toHaveLength(3);
    expect((await get('/api/v1/tickets?status=closed')).body.tickets).toHaveLength(0);
  });

  it('pages with a cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const { body }: { body: { tickets: { reference: string }[]; nextCursor: string | null } } =
        await get(`/api/v1/tickets?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(body.tickets.length).toBeLessThanOrEqual(1);
      seen.push(...body.tickets.map((t) => t.reference));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([refs.jobChange, refs.tokyo, refs.aichi]);
  });

  it('answers bad query values with 400 and a coded error', async () => {
    for (const q of [
      'status=open',
      'category=wages',
      'urgency=high',
      'limit=101',
      'limit=0',
      'limit=ten',
      'cursor=bogus',
    ]) {
      const { status, body } = await get(`/api/v1/tickets?${q}`);
      expect(status, q).toBe(400);
      expect(body.error.code, q).toBe('invalid_query');
      expect(typeof body.error.message).toBe('string');
    }
  });
});
