import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { caseSecretHash, readResumeCode } from '../../src/conversation/resume';
import { asChat, lineChat } from '../helpers/line-chat';
import { fileCaseOn } from '../helpers/chat';
import { lineUserId } from '../helpers/line-events';
import { startSystem, type TestSystem } from '../helpers/server';
import { staffClient, staffOf } from '../helpers/staff';

/** A reporter who lost their LINE account continues the case from a new one with code + secret. */

let sys: TestSystem;
beforeAll(async () => {
  sys = await startSystem();
});
afterAll(async () => {
  await sys.stop();
});

const ticketOf = async (reference: string) =>
  (await (await sys.api(`/api/v1/tickets/${reference}`)).json()).ticket;

describe('continuing a case from another account', () => {
  it('moves the case, its waiting staff answers and future answers to the new conversation', async () => {
    const oldPhone = lineChat(sys, lineUserId());
    const { reference, secret } = await fileCaseOn(asChat(oldPhone), {
      categories: ['unpaid_wages'],
      residence: 'titp',
      prefecture: 'JP-23',
    });
    const { email, password } = await staffOf(sys, 'demo-ngo-tokai');
    const staff = staffClient(sys.server.url);
    await staff.login(email, password);
    const casePage = `/dashboard/tickets/${reference}`;
    await staff.submit(casePage, `${casePage}/reply`, { body: 'Keep your pay slips safe.' });
    await sys.server.worker.idle();

    const newPhone = lineChat(sys, lineUserId());
    await newPhone.type('hello');
    const resumed = (await newPhone.type(`${reference.toLowerCase()}   ${secret}`)).map(
      (m) => m.text,
    );
    expect(resumed.join('\n')).toContain(`Your case ${reference} continues here`);
    // The answer that waited for the old phone arrives on the new one.
    expect(resumed.join('\n')).toContain('Keep your pay slips safe.');

    const words = await newPhone.type('They still have not paid me for October.');
    expect(words.map((m) => m.text).join('\n')).toContain('I added this to your case');
    const status = await newPhone.tap('cmd=case');
    expect(status[0]!.text).toContain(`Your case ${reference}: received, waiting for our staff`);

    await staff.submit(casePage, `${casePage}/reply`, { body: 'We called the union.' });
    await sys.server.worker.idle();
    const next = (await newPhone.type('thank you')).map((m) => m.text).join('\n');
    expect(next).toContain('We called the union.');

    // The old phone (perhaps in someone else's hands now) has lost the case entirely.
    const old = (await oldPhone.tap('cmd=case')).map((m) => m.text).join('\n');
    expect(old).not.toContain(reference);
    expect(old).toContain('send its case code and secret word');
    expect((await oldPhone.type('hi')).map((m) => m.text).join('\n')).not.toContain(
      'We called the union.',
    );

    const page = await (await staff.get(casePage)).text();
    expect(page).toContain('The reporter continued this case on LINE.');
    expect(page).toContain('They still have not paid me for October.');
    const ticket = await ticketOf(reference);
    expect(ticket.channels).toEqual(['line']);
  });

  it('answers a wrong secret and an unknown code alike, and stops guessing after five tries', async () => {
    const owner = lineChat(sys, lineUserId());
    const { reference, secret } = await fileCaseOn(asChat(owner), {
      categories: ['housing'],
      residence: 'titp',
      prefecture: 'JP-13',
    });
    const guesser = lineChat(sys, lineUserId());
    const unknown = (await guesser.type('HT-22222-22222 2222-2222')).map((m) => m.text);
    const wrong = (await guesser.type(`${reference} 2222-2222`)).map((m) => m.text);
    expect(wrong).toEqual(unknown);
    expect(wrong.join('\n')).toContain('could not continue a case');
    for (let i = 0; i < 3; i++) await guesser.type(`${reference} 3333-333${i + 2}`);
    const blocked = (await guesser.type(`${reference} ${secret}`)).map((m) => m.text).join('\n');
    expect(blocked).toContain('Too many tries');
    expect((await ticketOf(reference)).channels).toEqual(['line']);
    const logs = sys.logs.join('\n');
    expect(logs).toContain('"code":"throttled"');
    expect(logs).not.toContain('2222-2222');

    // The owner is not locked out of their own chat by someone else's guessing.
    const own = (await owner.tap('cmd=case')).map((m) => m.text).join('\n');
    expect(own).toContain(reference);
  });

  it('keeps the secret word only as a slow salted hash, and still accepts cases filed with the old plain one', async () => {
    const owner = lineChat(sys, lineUserId());
    const { reference, secret } = await fileCaseOn(asChat(owner), {
      categories: ['excessive_hours'],
      residence: 'titp',
      prefecture: 'JP-13',
    });
    const db = new Database(sys.databasePath);
    try {
      const row = db
        .prepare('select secret_hash from tickets where reference = ?')
        .get(reference) as {
        secret_hash: string;
      };
      expect(row.secret_hash).toMatch(/^p1:600000:[0-9a-f]{32}:[0-9a-f]{64}$/);
      expect(row.secret_hash).not.toContain(secret);
      // A case filed by an earlier version: sha256 of "reference:secret".
      const legacy = createHash('sha256').update(`${reference}:${secret}`).digest('hex');
      db.prepare('update tickets set secret_hash = ? where reference = ?').run(legacy, reference);
    } finally {
      db.close();
    }
    const other = lineChat(sys, lineUserId());
    const reply = (await other.type(`${reference} ${secret}`)).map((m) => m.text).join('\n');
    expect(reply).toContain(`Your case ${reference} continues here`);
  });

  it('asks for the secret word when only the case code is sent', async () => {
    const someone = lineChat(sys, lineUserId());
    const reply = (await someone.type('HT-ABCDE-FGHJK')).map((m) => m.text).join('\n');
    expect(reply).toContain('send its case code and secret word in one message');
  });
});

describe('reading a case code and secret word', () => {
  it('hashes the same secret word differently each time (salted)', async () => {
    const a = await caseSecretHash('HT-7KQ2M-9XDPA', 'WXYZ-2345');
    const b = await caseSecretHash('HT-7KQ2M-9XDPA', 'WXYZ-2345');
    expect(a).not.toBe(b);
    const salt = new Uint8Array(16);
    expect(await caseSecretHash('HT-7KQ2M-9XDPA', 'WXYZ-2345', salt, 1000)).toBe(
      await caseSecretHash('HT-7KQ2M-9XDPA', 'WXYZ-2345', salt, 1000),
    );
  });

  it.each([
    ['HT-7KQ2M-9XDPA WXYZ-2345', 'HT-7KQ2M-9XDPA', 'WXYZ-2345'],
    ['ht-7kq2m-9xdpa wxyz-2345', 'HT-7KQ2M-9XDPA', 'WXYZ-2345'],
    ['ＨＴ－７ＫＱ２Ｍ－９ＸＤＰＡ　ＷＸＹＺ－２３４５', 'HT-7KQ2M-9XDPA', 'WXYZ-2345'],
    ['HT 7KQ2M 9XDPA\nWXYZ 2345', 'HT-7KQ2M-9XDPA', 'WXYZ-2345'],
    ['HT7KQ2M9XDPA, WXYZ2345.', 'HT-7KQ2M-9XDPA', 'WXYZ-2345'],
    ['HT-7KQ2M-9XDPA', 'HT-7KQ2M-9XDPA', null],
  ])('%j', (text, reference, secret) => {
    expect(readResumeCode(text)).toEqual({ reference, secret });
  });

  it.each([
    'my case is HT-7KQ2M-9XDPA WXYZ-2345 please',
    'HT-7KQ2M-9XDP WXYZ-2345',
    'HT-0KQ2M-9XDPA WXYZ-2345',
    'they did not pay me',
  ])('not %j', (text) => {
    expect(readResumeCode(text)).toBeNull();
  });
});
