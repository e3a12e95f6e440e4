import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { followEvent, lineUserId, replyToken, textEvent } from '../helpers/line-events';
import { askedOf, choicesOf, lineChat } from '../helpers/line-chat';
import { startSystem, waitFor, type TestSystem } from '../helpers/server';

let sys: TestSystem;
beforeEach(async () => {
  sys = await startSystem();
});
afterEach(async () => {
  await sys.stop();
});

const say = (userId: string, make: (token: string) => object) => lineChat(sys, userId).send(make);
const tap = (userId: string, data: string) => lineChat(sys, userId).tap(data);
const type = (userId: string, text: string) => lineChat(sys, userId).type(text);

describe('a complete LINE intake', () => {
  it('ends in a routed ticket with every contract field, and no platform id anywhere', async () => {
    const userId = lineUserId();
    const greeting = await say(userId, (token) => followEvent({ userId, token }));
    expect(greeting.length).toBeLessThanOrEqual(5);
    expect(choicesOf(greeting)).toEqual(
      ['vi', 'id', 'ja', 'en', 'my', 'fil', 'zh-Hans', 'km', 'th', 'ne'].map(
        (l) => `q=language&choice=${l}`,
      ),
    );
    expect(sys.line.loadings.length).toBe(0); // no loading indicator for a follow

    expect(choicesOf(await tap(userId, 'q=language&choice=vi'))).toEqual([
      'q=consent&choice=yes',
      'q=consent&choice=no',
    ]);
    const category = await tap(userId, 'q=consent&choice=yes');
    expect(choicesOf(category)).toContain('q=category&choice=group_pay');
    await tap(userId, 'q=category&choice=group_pay');
    await tap(userId, 'q=category&choice=unpaid_wages');
    await tap(userId, 'q=category&choice=forced_return');
    const words = await tap(userId, 'q=category&choice=done');
    expect(choicesOf(words)).toEqual(['q=words&choice=skip']);
    const afterWords = await type(
      userId,
      'Công ty không trả lương ba tháng và nói sẽ cho tôi về nước',
    );
    // Words that name a problem not picked yet get it offered once more.
    if (askedOf(afterWords) === 'category') await tap(userId, 'q=category&choice=done');
    await tap(userId, 'q=residence_status&choice=titp');
    const prefectures = await tap(userId, 'q=region&choice=chubu');
    expect(choicesOf(prefectures)).toContain('q=prefecture&choice=JP-23');
    await tap(userId, 'q=prefecture&choice=JP-23');
    await tap(userId, 'q=industry&choice=food_manufacturing');
    await tap(userId, 'q=still_happening&choice=yes');
    // A forced return calls for two more questions: a date that cannot wait, and the family.
    expect(askedOf(await tap(userId, 'q=deadline_soon&choice=yes'))).toBe('family_threat');
    await tap(userId, 'q=family_threat&choice=no');
    await tap(userId, 'q=safe_now&choice=yes');
    await tap(userId, 'q=phone_watched&choice=no');
    await tap(userId, 'q=notify&choice=no');
    const confirm = await tap(userId, 'q=share_words&choice=no');
    expect(confirm.at(-1)!.text).toContain('Aichi');
    const done = await tap(userId, 'q=confirm&choice=yes');
    const all = done.map((m) => m.text).join('\n');
    const reference = /^(HT-[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5})$/m.exec(all)?.[1];
    expect(reference).toBeDefined();
    expect(sys.line.loadings.length).toBeGreaterThan(0);
    expect(sys.line.invalid).toEqual([]);

    const list = await (await sys.api('/api/v1/tickets')).json();
    expect(list.tickets).toHaveLength(1);
    expect(list.nextCursor).toBeNull();
    const ticket = list.tickets[0];
    expect(ticket).toMatchObject({
      reference,
      status: 'new',
      channel: 'line',
      channels: ['line'],
      language: 'vi',
      categories: ['unpaid_wages', 'forced_return'],
      urgency: 'urgent',
      // The reporter said a date will not wait (a flight home): flag `deadline`.
      flags: ['forced_labour_indicators', 'deadline'],
      prefecture: 'JP-23',
      industry: 'food_manufacturing',
      residenceStatus: 'titp',
      partner: { id: 'demo-ngo-tokai', kind: 'ngo' },
      flow: { id: 'intake', version: 4 },
    });
    expect(ticket.summary).toBe(
      'Unpaid wages and forced return threat, Aichi, food manufacturing, TITP',
    );
    expect(new Date(ticket.createdAt).toISOString()).toBe(ticket.createdAt);

    const one = await (await sys.api(`/api/v1/tickets/${reference!.toLowerCase()}`)).json();
    expect(one.ticket.reference).toBe(reference);

    // Privacy: the platform id and the reporter's words appear in no response, no log, and not in clear in the database file.
    const exposed = JSON.stringify([list, one]) + sys.logs.join('\n');
    expect(exposed).not.toContain(userId);
    expect(exposed).not.toContain('trả lương');
    const file = readFileSync(sys.databasePath).toString('latin1') + readWal(sys.databasePath);
    expect(file).not.toContain(userId);
    expect(file).not.toContain(Buffer.from('trả lương').toString('latin1'));
  });

  it('answers a reporter who writes first in their own language, and keeps those words for the case', async () => {
    const userId = lineUserId();
    const first = await type(userId, 'Xin chào, tôi cần giúp đỡ về lương');
    expect(first.map((m) => m.text).join('\n')).toContain('Trước khi bắt đầu');
    expect(choicesOf(first)).toEqual([
      'q=consent&choice=yes',
      'q=consent&choice=no',
      'cmd=language',
    ]);
    // One tap changes the guess; the intake goes on where it was.
    await tap(userId, 'cmd=language');
    const indonesian = await tap(userId, 'q=language&choice=id');
    expect(choicesOf(indonesian)).toEqual(['q=consent&choice=yes', 'q=consent&choice=no']);
    // The first words spoke of wages: that problem is offered first, for one tap.
    const category = await tap(userId, 'q=consent&choice=yes');
    expect(choicesOf(category)[0]).toBe('q=category&choice=unpaid_wages');
    for (const data of [
      'q=category&choice=unpaid_wages',
      'q=category&choice=done',
      'q=words&choice=skip',
      'q=residence_status&choice=skip',
      'q=region&choice=skip',
      'q=industry&choice=skip',
      'q=still_happening&choice=skip',
      'q=safe_now&choice=yes',
      'q=phone_watched&choice=no',
      'q=notify&choice=no',
      'q=share_words&choice=no',
    ]) {
      await tap(userId, data);
    }
    await tap(userId, 'q=confirm&choice=yes');
    const { tickets } = await (await sys.api('/api/v1/tickets')).json();
    expect(tickets[0]).toMatchObject({
      language: 'id',
      categories: ['unpaid_wages'],
      prefecture: null,
      industry: null,
      residenceStatus: null,
    });
    const db = new Database(sys.databasePath, { readonly: true });
    const words = db
      .prepare("select body_enc from ticket_messages where author = 'reporter'")
      .all() as { body_enc: string }[];
    db.close();
    expect(words).toHaveLength(1);
    expect(words[0]!.body_enc.startsWith('v1:')).toBe(true);
  });
});

describe('the webhook', () => {
  it('answers the console Verify (no events) with 200', async () => {
    const res = await sys.postLine([]);
    expect(res.status).toBe(200);
  });

  it('refuses a wrong or missing signature with 401 and stores nothing', async () => {
    const userId = lineUserId();
    const bad = await sys.postLine([textEvent({ userId, text: 'hello' })], { signature: 'AAAA' });
    expect(bad.status).toBe(401);
    expect((await bad.json()).error.code).toBe('invalid_signature');
    const missing = await fetch(`${sys.server.url}/webhooks/line`, {
      method: 'POST',
      body: '{"events":[]}',
    });
    expect(missing.status).toBe(401);
    const db = new Database(sys.databasePath, { readonly: true });
    expect(db.prepare('select count(*) n from inbox').get()).toEqual({ n: 0 });
    expect(db.prepare('select count(*) n from conversations').get()).toEqual({ n: 0 });
    db.close();
  });

  it('gives 413 to a body over 1 MiB before looking at it', async () => {
    const res = await sys.postLine([], {
      body: JSON.stringify({ events: [], pad: 'x'.repeat(1024 * 1024 + 10) }),
      signature: 'irrelevant',
    });
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('payload_too_large');
  });

  it('gives 400 to signed broken JSON and to a body without events', async () => {
    expect((await sys.postLine([], { body: '{"events": [' })).status).toBe(400);
    expect((await sys.postLine([], { body: '{"destination":"x"}' })).status).toBe(400);
  });

  it('treats a redelivered event as a no-op: no second answer, no second ticket', async () => {
    const userId = lineUserId();
    const token = sys.line.issueToken(replyToken());
    const event = textEvent({ userId, text: 'hello', token });
    expect((await sys.postLine([event])).status).toBe(200);
    await waitFor(() => sys.line.replies.length === 1);
    const again = { ...event, deliveryContext: { isRedelivery: true } };
    expect((await sys.postLine([again])).status).toBe(200);
    await sys.server.worker.idle();
    await new Promise((r) => setTimeout(r, 300));
    expect(sys.line.replies).toHaveLength(1);
    expect(sys.line.calls.filter((c) => c.path === '/v2/bot/message/reply')).toHaveLength(1);
  });

  it('ignores group, room, standby and unknown events without failing the rest of the batch', async () => {
    const userId = lineUserId();
    const token = sys.line.issueToken(replyToken());
    const group = {
      ...textEvent({ userId, text: 'hi all' }),
      source: { type: 'group', groupId: 'Cgroup', userId },
    };
    const room = {
      ...textEvent({ userId, text: 'hi' }),
      source: { type: 'room', roomId: 'Rroom', userId },
    };
    const standby = { ...textEvent({ userId, text: 'hi' }), mode: 'standby' };
    const unknown = {
      type: 'beacon',
      mode: 'active',
      timestamp: Date.now(),
      source: { type: 'user', userId },
      webhookEventId: 'X'.repeat(26),
      deliveryContext: { isRedelivery: false },
      replyToken: replyToken(),
      beacon: { hwid: 'd41d8cd98f', type: 'enter' },
    };
    const res = await sys.postLine([group, room, standby, unknown, followEvent({ userId, token })]);
    expect(res.status).toBe(200);
    await waitFor(() => sys.line.replies.length === 1);
    await sys.server.worker.idle();
    expect(sys.line.replies[0]!.replyToken).toBe(token);
    expect(
      sys.logs.some((l) => l.includes('"type":"beacon"') && l.includes('line event ignored')),
    ).toBe(true);
    expect(sys.logs.join('\n')).not.toContain(userId);
  });

  it('answers an image with a polite note and the current question', async () => {
    const userId = lineUserId();
    await say(userId, (token) => followEvent({ userId, token }));
    const image = await say(userId, (token) => ({
      ...textEvent({ userId, text: '', token }),
      message: { id: '1', type: 'image', contentProvider: { type: 'line' } },
    }));
    expect(image[0]!.text).toMatch(/only read text/);
    expect(choicesOf(image)).toContain('q=language&choice=en');
  });
});

describe('danger words', () => {
  it('put emergency help first, in the reporter language and Japanese, and open a ticket at once', async () => {
    const userId = lineUserId();
    await say(userId, (token) => followEvent({ userId, token }));
    await tap(userId, 'q=language&choice=en');
    const reply = await type(userId, 'My boss beat me and I am bleeding');
    expect(reply[0]!.text).toContain('110');
    expect(reply[0]!.text).toContain('119');
    expect(reply[0]!.text).toContain('けいさつ');
    expect(reply.length).toBeLessThanOrEqual(5);
    const { tickets } = await (await sys.api('/api/v1/tickets')).json();
    expect(tickets).toHaveLength(1);
    expect(tickets[0]).toMatchObject({ categories: ['violence'], urgency: 'emergency' });
  });
  it('then asks the safety questions, records what they reveal, and drops a false alarm', async () => {
    const userId = lineUserId();
    await say(userId, (token) => followEvent({ userId, token }));
    await tap(userId, 'q=language&choice=en');
    const alarm = await type(userId, 'they hit me yesterday');
    expect(alarm[0]!.text).toContain('110');
    expect(choicesOf(alarm)).toEqual([
      'q=safe_now&choice=yes',
      'q=safe_now&choice=no',
      'q=safe_now&choice=unsure',
      'q=safe_now&choice=skip',
    ]);
    await tap(userId, 'q=safe_now&choice=yes');
    await tap(userId, 'q=need_doctor&choice=yes');
    await tap(userId, 'q=stopped_leaving&choice=no');
    await tap(userId, 'q=sent_home_soon&choice=yes');
    const back = await tap(userId, 'q=self_harm_thoughts&choice=no');
    // Back to the question the danger word interrupted.
    expect(choicesOf(back)).toEqual(['q=consent&choice=yes', 'q=consent&choice=no']);
    const { tickets } = await (await sys.api('/api/v1/tickets')).json();
    expect(tickets).toHaveLength(1);
    // Safe now: the category only the danger word added is gone; what the answers revealed stays.
    expect(tickets[0]).toMatchObject({ categories: ['forced_return'], urgency: 'urgent' });
    expect(tickets[0].flags).toEqual(expect.arrayContaining(['medical', 'deadline']));
  });
});

function readWal(path: string): string {
  try {
    return readFileSync(`${path}-wal`).toString('latin1');
  } catch {
    return '';
  }
}
