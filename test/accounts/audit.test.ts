import { describe, expect, it } from 'vitest';
import { auditStatement, listAudit } from '../../src/accounts/audit';
import { createOrganisation } from '../../src/accounts/staff';
import { openDb, raw, T0, withStaff } from './helpers';

describe('audit log', () => {
  it('lists an organisation newest first in pages; a platform admin sees every organisation', async () => {
    const database = openDb();
    const { staff: a } = await withStaff(database, { email: 'a@tokai.jp' });
    await createOrganisation(database, {
      id: 'demo-ngo-kansai-vi',
      name: 'Kansai',
      requireTotp: false,
    });
    const { staff: b } = await withStaff(database, {
      email: 'b@kansai.jp',
      orgId: 'demo-ngo-kansai-vi',
    });
    raw(database)
      .prepare(
        `insert into tickets (id, reference, channel, channels, language, categories, danger_categories,
          urgency, flags, flow_id, flow_version, flow_hash, summary, facts, created_at, updated_at)
         values ('t1', 'HT-AAAAA-BBBBB', 'line', '[]', 'vi', '[]', '[]', 'ongoing', '[]', 'intake', 1, 'h', 's', '{}', 'x', 'x')`,
      )
      .run();
    await database.commit([
      auditStatement(database.db, {
        orgId: a.orgId,
        staffId: a.id,
        action: 'ticket.view',
        ticketId: 't1',
        at: T0,
      }),
      auditStatement(database.db, {
        orgId: b.orgId,
        staffId: b.id,
        action: 'export.csv',
        detail: { rows: 3 },
        at: T0 + 1,
      }),
      auditStatement(database.db, {
        orgId: a.orgId,
        staffId: a.id,
        action: 'ticket.status',
        ticketId: 'gone',
        detail: { to: 'resolved' },
        at: T0 + 2,
      }),
    ]);

    const page1 = await listAudit(database, 'demo-ngo-tokai', { limit: 1 });
    expect(page1.entries).toMatchObject([
      {
        action: 'ticket.status',
        ticketId: 'gone',
        ticketReference: null,
        detail: { to: 'resolved' },
      },
    ]);
    expect(page1.nextBeforeId).toBe(page1.entries[0]!.id);
    const page2 = await listAudit(database, 'demo-ngo-tokai', {
      limit: 1,
      beforeId: page1.nextBeforeId!,
    });
    expect(page2).toMatchObject({
      entries: [
        {
          action: 'ticket.view',
          ticketReference: 'HT-AAAAA-BBBBB',
          detail: {},
          at: new Date(T0).toISOString(),
          staff: { id: a.id, email: 'a@tokai.jp', displayName: 'Case Worker' },
        },
      ],
      nextBeforeId: null,
    });
    const all = await listAudit(database, null, { limit: 50 });
    expect(all.entries.map((e) => e.action)).toEqual([
      'ticket.status',
      'export.csv',
      'ticket.view',
    ]);
    expect(all.nextBeforeId).toBeNull();
  });
});
