import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { weeklyCounts } from '../../src/tickets/inbox';
import { fileCaseOn } from '../helpers/chat';
import { asChat, lineChat } from '../helpers/line-chat';
import { lineUserId } from '../helpers/line-events';
import { startSystem, type TestSystem } from '../helpers/server';
import { staffClient, staffOf } from '../helpers/staff';

/** "Delete my data" for reporters, and erasing a case for staff. */

let sys: TestSystem;
beforeAll(async () => {
  sys = await startSystem();
});
afterAll(async () => {
  await sys.stop();
});

const count = (query: string, ...params: unknown[]) => {
  const db = new Database(sys.databasePath, { readonly: true });
  try {
    return (db.prepare(query).get(...params) as { n: number }).n;
  } finally {
    db.close();
  }
};
const conversationOf = (reference: string) =>
  count(
    'select count(*) as n from tickets where reference = ? and conversation_id is not null',
    reference,
  );

async function caseWithWords() {
  const chat = lineChat(sys, lineUserId());
  const { reference } = await fileCaseOn(asChat(chat), {
    categories: ['document_seizure'],
    residence: 'titp',
    prefecture: 'JP-23',
  });
  await chat.type('The company keeps my passport in the office safe.');
  return { chat, reference };
}

describe('a reporter deleting their data', () => {
  it('erases their words, what was sent to them and the link to the case, after a confirmation; staff keep a tombstone', async () => {
    const { chat, reference } = await caseWithWords();
    const { email, password } = await staffOf(sys, 'demo-ngo-tokai');
    const staff = staffClient(sys.server.url);
    await staff.login(email, password);
    const page = `/dashboard/tickets/${reference}`;
    await staff.submit(page, `${page}/reply`, { body: 'Please do not sign anything.' });
    await sys.server.worker.idle();
    expect(await (await staff.get(page)).text()).toContain('office safe');

    const ask = (await chat.tap('cmd=delete')).map((m) => m.text).join('\n');
    expect(ask).toContain('Do you want to delete everything');
    // Until confirmed, nothing is gone.
    expect(await (await staff.get(page)).text()).toContain('office safe');
    const done = (await chat.tap('q=delete&choice=yes')).map((m) => m.text).join('\n');
    expect(done).toContain('has been deleted');
    await sys.server.worker.idle();

    const html = await (await staff.get(page)).text();
    expect(html).not.toContain('office safe');
    expect(html).toContain('The reporter deleted their messages and left the case');
    expect(conversationOf(reference)).toBe(0);
    expect(
      count(
        "select count(*) as n from ticket_messages m join tickets t on t.id = m.ticket_id where t.reference = ? and m.author = 'reporter'",
        reference,
      ),
    ).toBe(0);
    // Only the answer to "yes, delete" is left in the outbox of that chat.
    expect(
      count(
        "select count(*) as n from conversations c join outbox o on o.conversation_id = c.id where c.ticket_id is null and o.status != 'sent'",
      ),
    ).toBe(0);
    // The staff answer that waited for the reporter is gone with the rest.
    const next = (await chat.type('hello')).map((m) => m.text).join('\n');
    expect(next).not.toContain('Please do not sign anything.');
    expect(next).not.toContain(reference);
    // The facts stay, for the statistics and the partner's work.
    const ticket = (await (await sys.api(`/api/v1/tickets/${reference}`)).json()).ticket;
    expect(ticket.categories).toEqual(['document_seizure']);
  });

  it('keeps everything when the reporter says no', async () => {
    const { chat, reference } = await caseWithWords();
    await chat.tap('cmd=delete');
    const kept = (await chat.tap('q=delete&choice=no')).map((m) => m.text).join('\n');
    expect(kept).toContain('Nothing was deleted');
    expect(conversationOf(reference)).toBe(1);
  });
});

describe('staff erasing a case', () => {
  it('lets an organisation admin erase a case for good, keeps its counts, and logs who did it', async () => {
    const { reference } = await caseWithWords();
    const now = Date.now();
    const stats = await weeklyCounts(sys.server.database.db, 'demo-ngo-tokai', now);
    const page = `/dashboard/tickets/${reference}`;

    const worker = await staffOf(sys, 'demo-ngo-tokai');
    const caseworker = staffClient(sys.server.url);
    await caseworker.login(worker.email, worker.password);
    expect(await (await caseworker.get(page)).text()).not.toContain('Erase this case');
    const refused = await caseworker.submit(page, `${page}/erase`, { confirm: 'yes' });
    expect(refused.status).toBe(400);

    const admin = await staffOf(sys, 'demo-ngo-tokai', 'org_admin');
    const client = staffClient(sys.server.url);
    await client.login(admin.email, admin.password);
    expect(await (await client.get(page)).text()).toContain('Erase this case');
    expect((await client.submit(page, `${page}/erase`, {})).status).toBe(400);
    expect((await sys.api(`/api/v1/tickets/${reference}`)).status).toBe(200);

    const erased = await client.submit(page, `${page}/erase`, { confirm: 'yes' });
    expect(erased.status).toBe(303);
    expect(erased.headers.get('location')).toBe('/dashboard?done=erased');
    expect(await (await client.get('/dashboard?done=erased')).text()).toContain('Case erased');
    expect((await sys.api(`/api/v1/tickets/${reference}`)).status).toBe(404);
    expect((await client.get(page)).status).toBe(404);
    expect(
      count(
        'select count(*) as n from ticket_messages where ticket_id not in (select id from tickets)',
      ),
    ).toBe(0);
    expect(await weeklyCounts(sys.server.database.db, 'demo-ngo-tokai', now)).toEqual(stats);
    const audit = await (await client.get('/dashboard/audit')).text();
    expect(audit).toContain('erased a case');
    expect(audit).toContain(reference);
  });
});
