import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseCodeIn, fileCaseOn } from '../helpers/chat';
import { asChat, lineChat } from '../helpers/line-chat';
import { lineUserId } from '../helpers/line-events';
import { messengerChat } from '../helpers/messenger-chat';
import {
  deliveryMessaging,
  echoMessaging,
  messengerBody,
  postbackMessaging,
  psid as newPsid,
  readMessaging,
  signMessenger,
  textMessaging,
} from '../helpers/messenger-events';
import { MESSENGER_VERIFY_TOKEN, startSystem, waitFor, type TestSystem } from '../helpers/server';
import { staffClient, staffOf } from '../helpers/staff';

/** The whole intake over Messenger, its windows, and a case that moves from LINE to Messenger. */

let sys: TestSystem;
beforeAll(async () => {
  sys = await startSystem();
});
afterAll(async () => {
  expect(sys.messenger.invalid).toEqual([]);
  await sys.stop();
});

const HOUR = 3_600_000;
const ticketOf = async (reference: string) =>
  (await (await sys.api(`/api/v1/tickets/${reference}`)).json()).ticket;
const inboxCount = () => {
  const db = new Database(sys.databasePath, { readonly: true });
  try {
    return (db.prepare('select count(*) as n from inbox').get() as { n: number }).n;
  } finally {
    db.close();
  }
};
/** As if the reporter's last message was `hoursAgo` hours ago (on our side and on Graph's). */
const lastWrote = (psid: string, reference: string, hoursAgo: number) => {
  const at = Date.now() - hoursAgo * HOUR;
  const db = new Database(sys.databasePath);
  try {
    db.prepare(
      'update conversations set last_inbound_at = ? where id = (select conversation_id from tickets where reference = ?)',
    ).run(at, reference);
  } finally {
    db.close();
  }
  sys.messenger.lastInboundAt.set(psid, at);
};

describe('the Messenger webhook', () => {
  it('is 404 while Messenger is not configured', async () => {
    const off = await startSystem({
      MESSENGER_APP_SECRET: '',
      MESSENGER_VERIFY_TOKEN: '',
      MESSENGER_PAGE_ACCESS_TOKEN: '',
    });
    try {
      const handshake = `${off.server.url}/webhooks/messenger?hub.mode=subscribe&hub.verify_token=${MESSENGER_VERIFY_TOKEN}&hub.challenge=1`;
      expect((await fetch(handshake)).status).toBe(404);
      expect((await off.postMessenger([{ messaging: [] }])).status).toBe(404);
    } finally {
      await off.stop();
    }
  });

  it('answers the subscription handshake only with the right verify token', async () => {
    const url = (token: string) =>
      `${sys.server.url}/webhooks/messenger?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=1158201444`;
    const ok = await fetch(url(MESSENGER_VERIFY_TOKEN));
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    expect((await fetch(url('wrong-token'))).status).toBe(403);
  });

  it('refuses a wrong signature with 401 and stores nothing', async () => {
    const before = inboxCount();
    const body = messengerBody([{ messaging: [textMessaging({ psid: newPsid(), text: 'hi' })] }]);
    const res = await sys.postMessenger([], { body, signature: signMessenger(body, 'not-it') });
    expect(res.status).toBe(401);
    expect((await sys.postMessenger([], { body, signature: 'sha256=00' })).status).toBe(401);
    expect(inboxCount()).toBe(before);
  });

  it('answers every person of a batch once, never echoes, reads or deliveries, and ignores redeliveries', async () => {
    const a = newPsid();
    const b = newPsid();
    const first = textMessaging({ psid: a, text: 'hello' });
    const second = textMessaging({ psid: b, text: 'xin chào' });
    for (const p of [a, b]) sys.messenger.noteInbound(p);
    const res = await sys.postMessenger([
      { messaging: [first, echoMessaging({ psid: a, text: 'an earlier answer' })] },
      { messaging: [second, deliveryMessaging({ psid: b }), readMessaging({ psid: a })] },
    ]);
    expect(res.status).toBe(200);
    await waitFor(
      () => [a, b].every((p) => sys.messenger.sent.some((s) => s.recipient === p)),
      10_000,
      'answers to both',
    );
    await sys.server.worker.idle();
    const count = (p: string) => sys.messenger.sent.filter((s) => s.recipient === p).length;
    const before = [count(a), count(b)];
    // Meta redelivers what it thinks was not acknowledged: same message ids.
    expect(
      (await sys.postMessenger([{ messaging: [first] }, { messaging: [second] }])).status,
    ).toBe(200);
    await sys.server.worker.idle();
    expect([count(a), count(b)]).toEqual(before);
    const logs = sys.logs.join('\n');
    expect(logs).toContain('"type":"message_echo"');
    expect(logs).not.toContain(a);
    expect(logs).not.toContain(b);
  });
  it('dedupes a postback that carries no message id by a keyed id of its own', async () => {
    const p = newPsid();
    const chat = messengerChat(sys, p);
    await chat.follow();
    const tap = postbackMessaging({ psid: p, payload: 'q=language&choice=en', mid: null });
    sys.messenger.noteInbound(p, tap.timestamp);
    const before = chat.sentTo().length;
    expect((await sys.postMessenger([{ messaging: [tap] }])).status).toBe(200);
    await waitFor(() => chat.sentTo().length > before, 10_000, 'the answer');
    await sys.server.worker.idle();
    const after = chat.sentTo().length;
    expect((await sys.postMessenger([{ messaging: [tap] }])).status).toBe(200);
    await sys.server.worker.idle();
    expect(chat.sentTo().length).toBe(after);
    expect(sys.logs.join('\n')).toMatch(/"event":"derived-[0-9a-f]{32}"/);
  });
});

describe('an intake over Messenger', () => {
  it('files a routed ticket with no trace of the person, answering as RESPONSE only', async () => {
    const psid = newPsid();
    const chat = messengerChat(sys, psid);
    const { reference } = await fileCaseOn(chat.chat(), {
      categories: ['unpaid_wages', 'document_seizure'],
      residence: 'titp',
      prefecture: 'JP-23',
    });
    const ticket = await ticketOf(reference);
    expect(ticket).toMatchObject({
      reference,
      channel: 'messenger',
      channels: ['messenger'],
      language: 'en',
      categories: ['unpaid_wages', 'document_seizure'],
      prefecture: 'JP-23',
      residenceStatus: 'titp',
      flow: { id: 'intake' },
    });
    expect(ticket.partner).not.toBeNull();
    const list = await (await sys.api('/api/v1/tickets')).text();
    expect(list).not.toContain(psid);
    expect(JSON.stringify(ticket)).not.toContain(psid);
    expect(sys.logs.join('\n')).not.toContain(psid);
    const sent = chat.sentTo();
    expect(sent.length).toBeGreaterThan(10);
    expect(sent.every((s) => s.messaging_type === 'RESPONSE' && s.tag === undefined)).toBe(true);
    // The typing indicator shows while the bot works.
    expect(
      sys.messenger.actions.some((a) => a.recipient === psid && a.sender_action === 'typing_on'),
    ).toBe(true);
  });

  it('serves the persistent menu: safety tips, a person, my case', async () => {
    const chat = messengerChat(sys, newPsid());
    await chat.follow();
    await chat.tap('q=language&choice=en');
    const safety = (await chat.menu('cmd=safety')).map((s) => s.message.text).join('\n');
    expect(safety).toContain('Safety tips');
    expect(safety).toContain('110');
    const person = (await chat.menu('cmd=human')).map((s) => s.message.text).join('\n');
    expect(person).toContain('Our staff');
    const mine = (await chat.menu('cmd=case')).map((s) => s.message.text).join('\n');
    expect(mine).toContain('case code and secret word');
  });
});

describe('staff answers on Messenger', () => {
  let psid: string;
  let reference: string;
  let staff: ReturnType<typeof staffClient>;
  const NOTICE = 'You have a new message';
  const page = () => `/dashboard/tickets/${reference}`;
  /** A staff answer; what Graph received for the person because of it. */
  const answer = async (body: string) => {
    const before = sys.messenger.sent.filter((s) => s.recipient === psid).length;
    const res = await staff.submit(page(), `${page()}/reply`, { body });
    expect(res.status).toBe(303);
    await sys.server.worker.idle();
    return sys.messenger.sent.filter((s) => s.recipient === psid).slice(before);
  };
  /** The person writes again: the answers waiting for them come with the bot's reply. */
  const writes = async (text: string) =>
    (await messengerChat(sys, psid).type(text)).map((s) => s.message.text).join('\n');

  beforeAll(async () => {
    psid = newPsid();
    ({ reference } = await fileCaseOn(messengerChat(sys, psid).chat(), {
      categories: ['unpaid_wages'],
      residence: 'titp',
      prefecture: 'JP-23',
      notify: 'yes',
    }));
    const { email, password } = await staffOf(sys, 'demo-ngo-tokai');
    staff = staffClient(sys.server.url);
    await staff.login(email, password);
  });

  it('are announced by a neutral RESPONSE within 24 hours, and read when the person writes', async () => {
    const sent = await answer('We read your case.');
    // Nothing of the case on a lock screen: the notice only.
    expect(sent.map((s) => [s.messaging_type, s.tag, s.message.text])).toEqual([
      ['RESPONSE', undefined, NOTICE],
    ]);
    // A second answer before they write adds no second notice.
    expect(await answer('Do you still have your pay slips?')).toEqual([]);
    const next = await writes('hello');
    expect(next).toContain('We read your case.');
    expect(next).toContain('Do you still have your pay slips?');
  });

  it('are announced with the HUMAN_AGENT tag between 24 hours and 7 days', async () => {
    lastWrote(psid, reference, 30);
    const sent = await answer('Are you still at the same company?');
    expect(sent.map((s) => [s.messaging_type, s.tag, s.message.text])).toEqual([
      ['MESSAGE_TAG', 'HUMAN_AGENT', NOTICE],
    ]);
    expect(await writes('yes')).toContain('Are you still at the same company?');
  });

  it('wait after 7 days for the person’s next message, and come with the answer to it', async () => {
    lastWrote(psid, reference, 8 * 24);
    expect(await answer('Please write to us when you can.')).toEqual([]);
    const html = await (await staff.get(page())).text();
    expect(html).toContain('Please write to us when you can.');
    const next = await messengerChat(sys, psid).type('sorry, I was busy');
    expect(next.map((s) => s.message.text).join('\n')).toContain(
      'Please write to us when you can.',
    );
    expect(next.every((s) => s.messaging_type === 'RESPONSE' && s.tag === undefined)).toBe(true);
  });

  it('retry while Graph fails or throttles, and the notice arrives once when it recovers', async () => {
    sys.messenger.failNext(2, { status: 500, body: { error: { message: 'x', code: 2 } } });
    sys.messenger.failNext(1, {
      status: 400,
      body: { error: { message: '(#4) Application request limit reached', code: 4 } },
    });
    const before = sys.messenger.sent.filter((s) => s.recipient === psid).length;
    const res = await staff.submit(page(), `${page()}/reply`, { body: 'Sorry for the wait.' });
    expect(res.status).toBe(303);
    await waitFor(
      () => sys.messenger.sent.filter((s) => s.recipient === psid).length > before,
      15_000,
      'the notice after retries',
    );
    await sys.server.worker.idle();
    const sent = sys.messenger.sent.filter((s) => s.recipient === psid).slice(before);
    expect(sent.map((s) => s.message.text)).toEqual([NOTICE]);
    expect(await writes('ok')).toContain('Sorry for the wait.');
  });

  it('keep an answer Graph refuses as outside its window for the next message', async () => {
    // Our record says the person wrote an hour ago; Graph knows better (clock skew, lost event).
    lastWrote(psid, reference, 1);
    sys.messenger.lastInboundAt.set(psid, Date.now() - 30 * HOUR);
    expect(await answer('Is your employer still angry?')).toEqual([]);
    expect(await writes('yes')).toContain('Is your employer still angry?');
  });

  it('never tag a bot message, and never carry a staff answer in a tagged one', () => {
    const tagged = sys.messenger.sent.filter((s) => s.tag !== undefined);
    expect(tagged.map((s) => s.message.text)).toEqual([NOTICE]);
  });
});

describe('one case, two channels', () => {
  it('a case started on LINE continues on Messenger with its code; the thread shows both', async () => {
    const line = lineChat(sys, lineUserId());
    const { reference, secret } = await fileCaseOn(asChat(line), {
      categories: ['violence'],
      residence: 'titp',
      prefecture: 'JP-23',
      notify: 'yes',
    });
    await line.type('They still have not paid the overtime.');
    const psid = newPsid();
    const messenger = messengerChat(sys, psid);
    const resumed = await messenger.type(`${reference} ${secret}`);
    expect(resumed.map((s) => s.message.text).join('\n')).toContain(
      `Your case ${reference} continues here`,
    );
    await messenger.type('Now I am at a friend’s place.');

    const ticket = await ticketOf(reference);
    expect(ticket.channel).toBe('line');
    expect(ticket.channels).toEqual(['line', 'messenger']);
    expect(JSON.stringify(ticket)).not.toContain(psid);

    const { email, password } = await staffOf(sys, ticket.partner.id);
    const staff = staffClient(sys.server.url);
    await staff.login(email, password);
    const pageUrl = `/dashboard/tickets/${reference}`;
    const html = await (await staff.get(pageUrl)).text();
    expect(html).toContain('They still have not paid the overtime.');
    expect(html).toContain('Now I am at a friend’s place.');
    expect(html).toMatch(/LINE[\s\S]*Messenger/);
    expect(html).toContain('The reporter continued this case on Messenger.');

    // Staff answers now reach Messenger, not the old LINE account.
    const pushesBefore = sys.line.pushes.length;
    await staff.submit(pageUrl, `${pageUrl}/reply`, { body: 'We will call the labour office.' });
    await sys.server.worker.idle();
    await waitFor(
      () => messenger.sentTo().some((s) => s.message.text === 'You have a new message'),
      5000,
      'the notice on Messenger',
    );
    expect(sys.line.pushes.length).toBe(pushesBefore);
    const next = (await messenger.type('ok')).map((s) => s.message.text).join('\n');
    expect(next).toContain('We will call the labour office.');
    // The case code is not something the new channel has to be told again.
    expect(() => caseCodeIn(resumed.map((s) => s.message.text))).toThrow();
  });
});
