import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileCaseOn, type Chat } from '../helpers/chat';
import { startSystem, waitFor, type TestSystem } from '../helpers/server';
import { staffClient, staffOf } from '../helpers/staff';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startSystem();
});
afterAll(async () => {
  await sys.stop();
});

interface Batch {
  id: number;
  messages: { text: string; choices?: { label: string; data: string }[] }[];
}

/** A browser visitor: the cookie the page sets is all that ties them to their chat. */
async function visitor() {
  const page = await fetch(`${sys.server.url}/chat`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<form id="send">');
  const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
  expect(page.headers.get('set-cookie')).toMatch(/HttpOnly/i);
  expect(page.headers.get('set-cookie')).toMatch(/SameSite=Strict/i);
  let after = 0;
  let n = 0;
  const post = (event: object) =>
    fetch(`${sys.server.url}/chat/api/events`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ id: `evt-${Date.now()}-${n++}`, ...event }),
    });
  /** Sends one event and returns the bot's answer to it. */
  const send = async (event: object) => {
    expect((await post(event)).status).toBe(202);
    const batches = await waitFor(
      async () => {
        const res = await fetch(`${sys.server.url}/chat/api/messages?after=${after}`, {
          headers: { cookie },
        });
        const body = (await res.json()) as { batches: Batch[] };
        return body.batches.length ? body.batches : null;
      },
      10_000,
      'the answer',
    );
    after = batches.at(-1)!.id;
    return batches.flatMap((b) => b.messages);
  };
  /** The same visitor in the channel-neutral shape of test/helpers/chat.ts. */
  const chat = (): Chat => {
    const turn = async (event: object) => {
      const messages = await send(event);
      return {
        texts: messages.map((m) => m.text),
        choices: messages.at(-1)?.choices?.map((c) => c.data) ?? [],
      };
    };
    return {
      follow: () => turn({ type: 'start' }),
      tap: (data) => turn({ type: 'postback', data }),
      type: (text) => turn({ type: 'text', text }),
    };
  };
  return { cookie, post, send, chat };
}

describe('the web chat', () => {
  it('speaks the visitor’s language on the page itself', async () => {
    const vi = await (
      await fetch(`${sys.server.url}/chat`, {
        headers: { 'accept-language': 'vi-VN,vi;q=0.9,en;q=0.8' },
      })
    ).text();
    expect(vi).toContain('<html lang="vi">');
    expect(vi).toContain('>Gửi</button>');
    const ja = await (
      await fetch(`${sys.server.url}/chat?lang=ja`, { headers: { 'accept-language': 'vi' } })
    ).text();
    expect(ja).toContain('<html lang="ja">');
    const other = await (
      await fetch(`${sys.server.url}/chat`, { headers: { 'accept-language': 'de-DE' } })
    ).text();
    expect(other).toContain('<html lang="en">');
    expect(other).toContain('>Send</button>');
  });

  it('runs the same intake in a browser and files a ticket from the web channel', async () => {
    const v = await visitor();
    const hello = await v.send({ type: 'start' });
    expect(hello.at(-1)!.choices!.map((c) => c.data)).toContain('q=language&choice=ja');
    const steps = [
      'q=language&choice=ja',
      'q=consent&choice=yes',
      'q=category&choice=document_seizure',
      'q=category&choice=done',
    ];
    for (const data of steps) await v.send({ type: 'postback', data });
    await v.send({ type: 'text', text: 'かいしゃが パスポートを もって います' });
    for (const data of [
      'q=residence_status&choice=titp',
      'q=region&choice=hokkaido',
      'q=industry&choice=agriculture',
      'q=still_happening&choice=yes',
      'q=deadline_soon&choice=no',
      'q=safe_now&choice=yes',
      'q=phone_watched&choice=no',
      'q=notify&choice=no',
      'q=share_words&choice=no',
    ]) {
      await v.send({ type: 'postback', data });
    }
    const done = await v.send({ type: 'postback', data: 'q=confirm&choice=yes' });
    const reference = /^(HT-[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5})$/m.exec(
      done.map((m) => m.text).join('\n'),
    )?.[1];
    expect(reference).toBeDefined();

    const { ticket } = await (await sys.api(`/api/v1/tickets/${reference}`)).json();
    expect(ticket).toMatchObject({
      channel: 'web',
      channels: ['web'],
      language: 'ja',
      categories: ['document_seizure'],
      urgency: 'urgent',
      prefecture: 'JP-01',
      industry: 'agriculture',
    });
    expect(JSON.stringify(ticket)).not.toContain('パスポート');
  });

  it('keeps two visitors apart', async () => {
    const a = await visitor();
    const b = await visitor();
    await a.send({ type: 'start' });
    await a.send({ type: 'postback', data: 'q=language&choice=vi' });
    const first = await b.send({ type: 'start' });
    expect(first.at(-1)!.choices!.map((c) => c.data)).toContain('q=language&choice=vi');
  });

  it('refuses bad input with a clear 4xx and stores nothing', async () => {
    const noCookie = await fetch(`${sys.server.url}/chat/api/events`, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(noCookie.status).toBe(401);
    const v = await visitor();
    const broken = await fetch(`${sys.server.url}/chat/api/events`, {
      method: 'POST',
      headers: { cookie: v.cookie, 'content-type': 'application/json' },
      body: '{"id":',
    });
    expect(broken.status).toBe(400);
    expect((await broken.json()).error.code).toBe('invalid_json');
    const wrong = await v.post({ type: 'text' });
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error.message).toMatch(/text/);
    const huge = await v.post({ type: 'text', text: 'x'.repeat(20_000) });
    expect(huge.status).toBe(413);
    const badId = await fetch(`${sys.server.url}/chat/api/events`, {
      method: 'POST',
      headers: { cookie: v.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ id: '../x', type: 'start' }),
    });
    expect(badId.status).toBe(400);
  });
});

describe('staff answers in the web chat', () => {
  it('reach the visitor’s page the next time it asks for messages', async () => {
    const v = await visitor();
    const chat = v.chat();
    const { reference } = await fileCaseOn(chat, {
      categories: ['unpaid_wages'],
      residence: 'titp',
      prefecture: 'JP-23',
    });
    const { email, password } = await staffOf(sys, 'demo-ngo-tokai');
    const staff = staffClient(sys.server.url);
    await staff.login(email, password);
    const page = `/dashboard/tickets/${reference}`;
    await staff.submit(page, `${page}/reply`, { body: 'We have read your case. Are you safe?' });
    const answer = await waitFor(
      async () => {
        const res = await fetch(`${sys.server.url}/chat/api/messages?after=0`, {
          headers: { cookie: v.cookie },
        });
        const body = (await res.json()) as { batches: Batch[] };
        return body.batches
          .flatMap((b) => b.messages)
          .find((m) => m.text === 'We have read your case. Are you safe?');
      },
      10_000,
      'the staff answer on the page',
    );
    expect(answer.text).toBe('We have read your case. Are you safe?');
    // Another visitor never sees it.
    const other = await visitor();
    const theirs = await fetch(`${sys.server.url}/chat/api/messages?after=0`, {
      headers: { cookie: other.cookie },
    });
    expect(JSON.stringify(await theirs.json())).not.toContain('Are you safe?');
  });
});
