import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileCase, lineChat } from '../helpers/line-chat';
import { lineUserId, replyToken, textEvent } from '../helpers/line-events';
import { startSystem, waitFor, type TestSystem } from '../helpers/server';
import { staffClient, staffOf } from '../helpers/staff';

let sys: TestSystem;
let tokaiCase: string;
let nationalCase: string;
let reporter: string;
beforeAll(async () => {
  sys = await startSystem();
  reporter = lineUserId();
  tokaiCase = await fileCase(lineChat(sys, reporter), {
    categories: ['unpaid_wages'],
    residence: 'titp',
    prefecture: 'JP-23',
  });
  nationalCase = await fileCase(lineChat(sys, lineUserId()), {
    categories: ['housing'],
    residence: 'titp',
    prefecture: 'JP-13',
  });
});
afterAll(async () => {
  await sys.stop();
});

describe('a caseworker in the dashboard', () => {
  it('logs in, sees only the organisation’s cases, notes, answers, and the answer reaches the reporter', async () => {
    const { email, password } = await staffOf(sys, 'demo-ngo-tokai');
    const staff = staffClient(sys.server.url);
    const login = await staff.login(email, password);
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/dashboard');
    expect(login.headers.getSetCookie().join()).toMatch(/hl_session=[^;]+;.*HttpOnly/i);

    const inbox = await (await staff.get('/dashboard')).text();
    expect(inbox).toContain(tokaiCase);
    expect(inbox).not.toContain(nationalCase);

    const page = await staff.get(`/dashboard/tickets/${tokaiCase}`);
    expect(page.status).toBe(200);
    // No script may run and no browser cache keeps a case.
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(await page.text()).toContain('Unpaid or underpaid wages');
    expect((await staff.get(`/dashboard/tickets/${nationalCase}`)).status).toBe(404);

    const note = await staff.submit(
      `/dashboard/tickets/${tokaiCase}`,
      `/dashboard/tickets/${tokaiCase}/notes`,
      {
        body: 'Call the labour office tomorrow',
      },
    );
    expect(note.status).toBe(303);
    const reply = await staff.submit(
      `/dashboard/tickets/${tokaiCase}`,
      `/dashboard/tickets/${tokaiCase}/reply`,
      {
        body: 'We read your case. Do not sign anything new.',
      },
    );
    expect(reply.status).toBe(303);
    await sys.server.worker.idle();
    const after = await (await staff.get(`/dashboard/tickets/${tokaiCase}`)).text();
    expect(after).toContain('Call the labour office tomorrow');
    expect(after).toContain('We read your case. Do not sign anything new.');
    expect(after).toContain('waiting for the reporter');

    // The reporter did not allow notifications: nothing is pushed; the answer comes with the
    // reply to their next message.
    await sys.server.worker.idle();
    expect(sys.line.pushes).toHaveLength(0);
    const token = sys.line.issueToken(replyToken());
    await sys.postLine([textEvent({ userId: reporter, text: 'hello?', token })]);
    const next = await waitFor(
      () => sys.line.replies.find((r) => r.replyToken === token),
      10_000,
      'the reply',
    );
    expect(next.messages.map((m) => m.text).join('\n')).toContain(
      'We read your case. Do not sign anything new.',
    );
    await waitFor(
      async () =>
        (await (await staff.get(`/dashboard/tickets/${tokaiCase}`)).text()).includes('>Staff'),
      5000,
      'thread',
    );
    const delivered = await (await staff.get(`/dashboard/tickets/${tokaiCase}`)).text();
    expect(delivered).toContain('delivered');
    expect(delivered).toContain('hello?');
  });

  it('records every view and change in the audit log that organisation admins see', async () => {
    const admin = await staffOf(sys, 'demo-ngo-tokai', 'org_admin');
    const worker = await staffOf(sys, 'demo-ngo-tokai');
    const a = staffClient(sys.server.url);
    const w = staffClient(sys.server.url);
    await a.login(admin.email, admin.password);
    await w.login(worker.email, worker.password);
    await w.get(`/dashboard/tickets/${tokaiCase}`);
    await w.submit(`/dashboard/tickets/${tokaiCase}`, `/dashboard/tickets/${tokaiCase}/status`, {
      status: 'in_progress',
    });
    const log = await (await a.get('/dashboard/audit')).text();
    expect(log).toContain(worker.staff.displayName);
    expect(log).toContain('viewed');
    expect(log).toContain('changed the status');
    expect((await w.get('/dashboard/audit')).status).toBe(404);
  });

  it('refuses a form without the session’s CSRF token and changes nothing', async () => {
    const { email, password } = await staffOf(sys, 'demo-ngo-tokai');
    const s = staffClient(sys.server.url);
    await s.login(email, password);
    const res = await s.post(`/dashboard/tickets/${tokaiCase}/status`, {
      status: 'closed',
      csrf: 'forged',
    });
    expect(res.status).toBe(403);
    const { ticket } = await (await sys.api(`/api/v1/tickets/${tokaiCase}`)).json();
    expect(ticket.status).not.toBe('closed');
  });

  it('slows down guessing: after 5 wrong passwords even the right one waits', async () => {
    const { email, password } = await staffOf(sys, 'demo-ngo-tokai');
    const s = staffClient(sys.server.url);
    for (let i = 0; i < 5; i++) expect((await s.login(email, 'wrong password')).status).toBe(401);
    const locked = await s.login(email, password);
    expect(locked.status).toBe(429);
    expect(await locked.text()).toMatch(/Too many failed attempts|失敗が多すぎます/);
  });

  it('exports facts without the reporter’s words unless asked, and suppresses small counts', async () => {
    const { email, password } = await staffOf(sys, 'demo-ngo-tokai');
    const s = staffClient(sys.server.url);
    await s.login(email, password);
    const plain = await (
      await s.submit('/dashboard/stats', '/dashboard/export/tickets.csv', {})
    ).text();
    expect(plain.split('\r\n')[0]).not.toContain('reporterWords');
    expect(plain).toContain(tokaiCase);
    expect(plain).not.toContain(nationalCase);
    expect(plain).not.toContain('hello?');
    // The reporter writes a phone and a residence-card number: the case page shows them (it is
    // the record, for staff allowed to see it), the CSV does not.
    const token = sys.line.issueToken(replyToken());
    await sys.postLine([
      textEvent({
        userId: reporter,
        text: 'The boss keeps my card AB12345678CD. Call me on 090-8765-4321 after 21:00',
        token,
      }),
    ]);
    await waitFor(() => sys.line.replies.find((r) => r.replyToken === token), 10_000, 'reply');
    await sys.server.worker.idle();
    const page = await (await s.get(`/dashboard/tickets/${tokaiCase}`)).text();
    expect(page).toContain('AB12345678CD');
    expect(page).toContain('090-8765-4321');
    const withWords = await (
      await s.submit('/dashboard/stats', '/dashboard/export/tickets.csv', { words: 'yes' })
    ).text();
    expect(withWords).toContain('hello?');
    expect(withWords).toContain(
      'The boss keeps my card [residence card no.]. Call me on [phone] after 21:00',
    );
    expect(withWords).not.toContain('AB12345678CD');
    expect(withWords).not.toContain('8765-4321');
    const stats = await (await s.get('/dashboard/export/stats.csv')).text();
    expect(stats).toMatch(/category,unpaid_wages,.*<5/);
  });
});
