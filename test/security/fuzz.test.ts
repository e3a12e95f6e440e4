import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundEvent } from '../../src/channels/types';
import { LineParseError, parseLineWebhook } from '../../src/channels/line/webhook';
import { MessengerParseError, parseMessengerWebhook } from '../../src/channels/messenger/webhook';
import { readResumeCode } from '../../src/conversation/resume';
import { CODE_ALPHABET, REFERENCE_PATTERN } from '../../src/crypto/random';
import { FlowLoadError, parseFlow } from '../../src/flow';
import { fileCaseOn } from '../helpers/chat';
import { asChat, lineChat } from '../helpers/line-chat';
import {
  followEvent,
  lineUserId,
  postbackEvent,
  textEvent,
  unfollowEvent,
} from '../helpers/line-events';
import {
  attachmentMessaging,
  deliveryMessaging,
  echoMessaging,
  postbackMessaging,
  psid as newPsid,
  quickReplyMessaging,
  readMessaging,
  textMessaging,
} from '../helpers/messenger-events';
import { LINE_SECRET, startSystem, type TestSystem } from '../helpers/server';
import { webChat } from './seeds';
import { mutationOf, textMutationOf } from './mutate';

/**
 * Property-based attacks (fast-check) on what strangers can reach: the two webhook parsers, the
 * webhooks over HTTP, the flow loader (operators' YAML) and case resumption by code and secret.
 * Seeds are random on each run; a failure prints the seed and the shrunk counterexample.
 */

let sys: TestSystem;
beforeAll(async () => {
  sys = await startSystem();
});
afterAll(async () => {
  await sys?.stop();
});
/**
 * The properties over pure functions hold the event loop for seconds, and the server runs in
 * this process: let overdue keep-alive timers close idle connections before the next request,
 * or fetch may pick a socket the server is closing (ECONNRESET).
 */
const settle = () => new Promise((r) => setTimeout(r, 100));

const KINDS = new Set(['text', 'postback', 'follow', 'unfollow', 'media']);

/** What every parsed event must be, whatever came in. */
function checkEvent(e: InboundEvent, channel: 'line' | 'messenger') {
  expect(e.channel).toBe(channel);
  expect(typeof e.userId).toBe('string');
  // (LINE lets a blank " " through, Messenger does not: only LINE itself could send one.)
  expect(e.userId).not.toBe('');
  expect(typeof e.eventId).toBe('string');
  // Only a Messenger postback without a message id has none: ingest derives a keyed one.
  if (e.eventId === '') expect(channel).toBe('messenger');
  if (e.eventId === '') expect(['follow', 'postback']).toContain(e.payload.kind);
  expect(Number.isFinite(e.timestamp)).toBe(true);
  expect(KINDS.has(e.payload.kind)).toBe(true);
  if (e.payload.kind === 'text') expect(typeof e.payload.text).toBe('string');
  if (e.payload.kind === 'postback') expect(typeof e.payload.data).toBe('string');
  expect(e.replyToken === null || typeof e.replyToken === 'string').toBe(true);
}

/** Parses, and accepts only a result of the right shape or the parser's own error. */
function parsesOrRefuses(
  parse: (body: unknown) => { events: InboundEvent[]; ignored: unknown[] },
  ParseError: new (...args: never[]) => Error,
  channel: 'line' | 'messenger',
  body: unknown,
) {
  let result;
  try {
    result = parse(body);
  } catch (err) {
    expect(err).toBeInstanceOf(ParseError);
    return;
  }
  expect(Array.isArray(result.events)).toBe(true);
  for (const e of result.events) checkEvent(e, channel);
}

const T = 1_767_225_600_000;
const lineUser = lineUserId();
const realLine = {
  destination: 'U0000000000000000000000000000bot',
  events: [
    textEvent({ userId: lineUser, text: 'my boss did not pay me', timestamp: T }),
    postbackEvent({ userId: lineUser, data: 'q=consent&choice=yes', timestamp: T }),
    followEvent({ userId: lineUser, timestamp: T }),
    unfollowEvent({ userId: lineUser, timestamp: T }),
    {
      ...textEvent({ userId: lineUser, text: 'in a group', timestamp: T }),
      source: { type: 'group', groupId: 'C0123', userId: lineUser },
    },
    {
      ...textEvent({ userId: lineUser, text: 'x', timestamp: T }),
      message: { id: '1', type: 'image', contentProvider: { type: 'line' } },
    },
  ],
};
const psid = newPsid();
const realMessenger = {
  object: 'page',
  entry: [
    {
      id: '104223475834557',
      time: T,
      messaging: [
        textMessaging({ psid, text: 'hello', timestamp: T }),
        quickReplyMessaging({
          psid,
          payload: 'q=language&choice=en',
          text: 'English',
          timestamp: T,
        }),
        postbackMessaging({ psid, payload: 'cmd=start', timestamp: T }),
        postbackMessaging({ psid, payload: 'q=consent&choice=yes', mid: null, timestamp: T }),
        attachmentMessaging({ psid, timestamp: T }),
        echoMessaging({ psid, text: 'an answer', timestamp: T }),
        deliveryMessaging({ psid, timestamp: T }),
        readMessaging({ psid, timestamp: T }),
      ],
    },
    { id: '104223475834557', time: T, standby: [textMessaging({ psid, text: 'standby' })] },
  ],
};

describe('the webhook parsers', () => {
  it('parse the real payloads they are fuzzed from', () => {
    const line = parseLineWebhook(structuredClone(realLine));
    expect(line.events.map((e) => e.payload.kind)).toEqual([
      'text',
      'postback',
      'follow',
      'unfollow',
      'media',
    ]);
    const messenger = parseMessengerWebhook(structuredClone(realMessenger));
    expect(messenger.events.map((e) => e.payload.kind)).toEqual([
      'text',
      'postback',
      'follow',
      'postback',
      'media',
    ]);
    // The checks can fail: an event without a user id is not let through.
    expect(() => checkEvent({ ...line.events[0]!, userId: '' }, 'line')).toThrow();
  });

  // LINE's own rule: an event without a webhookEventId is ignored, an empty one too.
  it('LINE: an empty webhookEventId is ignored like a missing one', () => {
    const event = {
      ...textEvent({ userId: lineUser, text: 'hi', timestamp: T }),
      webhookEventId: '',
    };
    const parsed = parseLineWebhook({ destination: 'U0', events: [event] });
    expect(parsed.events).toEqual([]);
    expect(parsed.ignored).toHaveLength(1);
  });

  it('LINE: on arbitrary JSON, throw nothing but LineParseError', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          fc.record({ events: fc.array(fc.jsonValue({ maxDepth: 4 }), { maxLength: 5 }) }),
        ),
        (body) => parsesOrRefuses(parseLineWebhook, LineParseError, 'line', body),
      ),
      { numRuns: 500 },
    );
  });

  it('LINE: on mutated real payloads, return only events with a user id and an event id', () => {
    fc.assert(
      fc.property(mutationOf(realLine), (body) =>
        parsesOrRefuses(parseLineWebhook, LineParseError, 'line', body),
      ),
      { numRuns: 1000 },
    );
  });

  it('Messenger: on arbitrary JSON, throw nothing but MessengerParseError', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          fc.record({
            object: fc.constantFrom('page', 'user', ''),
            entry: fc.array(
              fc.oneof(
                fc.jsonValue({ maxDepth: 3 }),
                fc.record({ messaging: fc.array(fc.jsonValue({ maxDepth: 4 })) }),
              ),
              { maxLength: 4 },
            ),
          }),
        ),
        (body) => parsesOrRefuses(parseMessengerWebhook, MessengerParseError, 'messenger', body),
      ),
      { numRuns: 500 },
    );
  });

  it('Messenger: on mutated real payloads, return only events with a sender and an id or a derivable one', () => {
    fc.assert(
      fc.property(mutationOf(realMessenger), (body) =>
        parsesOrRefuses(parseMessengerWebhook, MessengerParseError, 'messenger', body),
      ),
      { numRuns: 1000 },
    );
  });
});

/** Bytes to post, of every kind a stranger might send. */
const bodyOf = (real: unknown): fc.Arbitrary<Uint8Array> =>
  fc.oneof(
    fc.uint8Array({ maxLength: 2000 }),
    fc.string({ maxLength: 200 }).map((s) => new TextEncoder().encode(s)),
    fc.jsonValue({ maxDepth: 4 }).map((v) => new TextEncoder().encode(JSON.stringify(v))),
    mutationOf(real).map((v) => new TextEncoder().encode(JSON.stringify(v) ?? '')),
  );

const lineSignature = (bytes: Uint8Array, secret: string) =>
  createHmac('sha256', secret).update(bytes).digest('base64');
const messengerSignature = (bytes: Uint8Array, secret: string) =>
  `sha256=${createHmac('sha256', secret).update(bytes).digest('hex')}`;

/** A header that is not the body's signature: missing, junk, another key's, another body's. */
const wrongSignature = (sign: (b: Uint8Array, s: string) => string, bytes: Uint8Array) =>
  fc.oneof(
    fc.constant(undefined),
    fc.constantFrom('', 'sha256=', 'sha256=00', '=', 'null'),
    fc.string({ maxLength: 80 }).filter((s) => /^[\x20-\x7e]*$/.test(s)),
    fc.constant(sign(bytes, 'another-secret')),
    fc.constant(sign(new Uint8Array([...bytes, 32]), 'x')),
  );

/**
 * One POST on a connection of its own, closed after: a stranger's connection, so whatever the
 * server does with it cannot touch the connections the rest of the file uses.
 */
function rawPost(url: string, body: Uint8Array, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the webhooks over HTTP', () => {
  const inboxCount = () => {
    const db = new Database(sys.databasePath, { readonly: true });
    try {
      return (db.prepare('select count(*) as n from inbox').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };

  it('never answer 500 to random bodies, signed or not, and store nothing unsigned', async () => {
    await settle();
    const statuses = new Map<number, number>();
    const post = async (path: string, bytes: Uint8Array, header: string, value?: string) => {
      const status = await rawPost(`${sys.server.url}${path}`, bytes, {
        'content-type': 'application/json',
        ...(value === undefined ? {} : { [header]: value }),
      });
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      return status;
    };
    const appSecret = sys.messenger.appSecret;
    const channels = [
      {
        path: '/webhooks/line',
        header: 'x-line-signature',
        real: realLine,
        sign: (b: Uint8Array) => lineSignature(b, LINE_SECRET),
        wrong: (b: Uint8Array) => wrongSignature(lineSignature, b),
      },
      {
        path: '/webhooks/messenger',
        header: 'x-hub-signature-256',
        real: realMessenger,
        sign: (b: Uint8Array) => messengerSignature(b, appSecret),
        wrong: (b: Uint8Array) => wrongSignature(messengerSignature, b),
      },
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...channels).chain((ch) =>
          bodyOf(ch.real).chain((bytes) =>
            fc.record({
              ch: fc.constant(ch),
              bytes: fc.constant(bytes),
              signed: fc.boolean(),
              wrong: ch.wrong(bytes),
            }),
          ),
        ),
        async ({ ch, bytes, signed, wrong }) => {
          if (signed) {
            const status = await post(ch.path, bytes, ch.header, ch.sign(bytes));
            // 429: a signed body that fails (400) from an address over the failure limit.
            expect([200, 400, 429]).toContain(status);
          } else {
            const before = inboxCount();
            const status = await post(ch.path, bytes, ch.header, wrong);
            // 429 once a limit on unsigned traffic applies; never anything that reads the body.
            expect([401, 429]).toContain(status);
            expect(inboxCount()).toBe(before);
          }
        },
      ),
      { numRuns: 100 },
    );
    // Both kinds of answer were seen: the property exercised acceptance and refusal.
    expect(statuses.get(200)).toBeGreaterThan(0);
    expect((statuses.get(401) ?? 0) + (statuses.get(429) ?? 0)).toBeGreaterThan(0);
    // The flood put this address over the limit on failing webhook traffic: more forgeries are
    // refused unread, but genuine (signed) platform traffic from the same address still gets in.
    const forged = new TextEncoder().encode(JSON.stringify(realLine));
    expect(await post('/webhooks/line', forged, 'x-line-signature', 'forged')).toBe(429);
    expect(await post('/webhooks/line', forged, 'x-line-signature')).toBe(429);
    const genuine = lineChat(sys, lineUserId());
    expect((await genuine.follow()).length).toBeGreaterThan(0);
    const messages = await lineChat(sys, lineUserId()).type('hello');
    expect(messages.length).toBeGreaterThan(0);
    // Whatever was accepted is processed without an event failing or the worker falling over.
    await sys.server.worker.idle();
    const failures = sys.logs.filter((l) =>
      /"msg":"(event processing failed|worker pass failed|request failed|worker thread failed|worker thread exited[^"]*)"/.test(
        l,
      ),
    );
    expect(failures).toEqual([]);
  });
});

describe('the flow loader', () => {
  const INTAKE = readFileSync('flows/intake.flow.yaml', 'utf8');
  const FILE = 'intake.flow.yaml';

  /** Loads, and accepts only a flow or a FlowLoadError whose every problem names file and line. */
  function loadsOrExplains(text: string) {
    try {
      parseFlow(text, FILE, 'hash');
    } catch (err) {
      if (!(err instanceof FlowLoadError)) throw err;
      expect(err.problems.length).toBeGreaterThan(0);
      for (const p of err.problems) {
        expect(p.file).toBe(FILE);
        expect(typeof p.message).toBe('string');
        expect(p.message).not.toBe('');
        // A line wherever the file has content to point at.
        if (text.trim() !== '' && !/^(\s*#.*)?(\n\s*(#.*)?)*$/.test(text))
          expect(Number.isInteger(p.line) && p.line! >= 1, `${p.message} has no line`).toBe(true);
      }
      expect(err.message).toContain(FILE);
    }
  }

  it('loads the real flow, and reports a broken one with file and line', () => {
    expect(parseFlow(INTAKE, FILE, 'h').id).toBe('intake');
    const broken = INTAKE.replace('next: consent_given', 'next: no_such_node');
    expect(() => parseFlow(broken, FILE, 'h')).toThrow(FlowLoadError);
    expect(() => loadsOrExplains(broken)).not.toThrow();
    // The check can fail: a TypeError is not an explanation.
    expect(() => loadsOrExplains(null as unknown as string)).toThrow();
  });

  // yaml reports an alias to a missing anchor and an alias bomb only by throwing from toJS():
  // the loader turns both into problems with file and line.
  it('an unresolved alias is a FlowLoadError with file and line, not a ReferenceError', () => {
    const text = INTAKE.replace('next: consent_given', 'next: *consent_given');
    expect(() => parseFlow(text, FILE, 'h')).toThrow(FlowLoadError);
  });
  it('an alias bomb is a FlowLoadError, not a ReferenceError', () => {
    const bomb = ['a: &a [1]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]'];
    for (const x of ['c', 'd', 'e']) {
      const prev = bomb.at(-1)![0]!;
      bomb.push(`${x}: &${x} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    expect(() => parseFlow(bomb.join('\n'), FILE, 'h')).toThrow(FlowLoadError);
  });

  it('on arbitrary text, throws only FlowLoadError', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.string({ unit: 'binary', maxLength: 100 }),
          fc.jsonValue({ maxDepth: 4 }).map((v) => stringify(v)),
        ),
        loadsOrExplains,
      ),
      { numRuns: 500 },
    );
  });

  const nodeId = fc.constantFrom('start', 'a', 'b', 'c', 'done', 'Bad Id', '', '1x');
  const option = fc.letrec((tie) => ({
    option: fc.oneof(
      { depthSize: 'small' },
      fc.constantFrom('yes', 'no', 'group_x', 'more', 'back', 'done', 'skip', 'bad id'),
      fc.record(
        {
          id: fc.constantFrom('x', 'group_y', 'yes', ''),
          label: fc.constantFrom('l', 'ns:l', ''),
          options: fc.array(tie('option'), { maxLength: 3 }),
        },
        { requiredKeys: ['id'] },
      ),
    ),
  })).option;
  const flowLike = fc.record(
    {
      id: fc.constantFrom('intake', 'x', 'Bad'),
      version: fc.oneof(fc.nat(5), fc.constant(-1), fc.constant('1')),
      start: nodeId,
      onDanger: nodeId,
      nodes: fc.dictionary(
        nodeId,
        fc.record(
          {
            kind: fc.constantFrom(
              'say',
              'help',
              'choice',
              'yesno',
              'text',
              'set',
              'branch',
              'ticket',
              'services',
              'resume',
              'end',
              'bogus',
            ),
            text: fc.constantFrom('t', 'ns:t', ''),
            textMore: fc.constant('more'),
            textHinted: fc.constant('hinted'),
            next: nodeId,
            question: fc.constantFrom('category', 'q', 'Bad'),
            groupQuestion: fc.constantFrom('region', 'q'),
            options: fc.oneof(fc.constant('languages'), fc.array(option, { maxLength: 4 })),
            multi: fc.boolean(),
            hints: fc.boolean(),
            skip: fc.boolean(),
            emptyValue: fc.oneof(fc.constant(null), fc.constant(['question']), fc.string()),
            values: fc.dictionary(
              nodeId,
              fc.oneof(fc.constant(null), fc.string(), fc.array(fc.string())),
            ),
            cases: fc.array(
              fc.record({
                when: fc.oneof(
                  fc.record({ answer: fc.constantFrom('q', 'Bad'), is: fc.string() }),
                  fc.record({ newHints: fc.constant('category') }),
                  fc.jsonValue({ maxDepth: 2 }),
                ),
                next: nodeId,
              }),
              { maxLength: 3 },
            ),
            otherwise: nodeId,
            discard: fc.boolean(),
            unknownField: fc.constant(1),
          },
          { requiredKeys: ['kind'] },
        ),
        { maxKeys: 5 },
      ),
    },
    { requiredKeys: ['nodes'] },
  );

  it('on flow-shaped YAML, throws only FlowLoadError with a line for every problem', () => {
    fc.assert(
      fc.property(flowLike, (flow) => loadsOrExplains(stringify(flow))),
      { numRuns: 300 },
    );
  });

  it('on mutated copies of flows/intake.flow.yaml, throws only FlowLoadError with a line for every problem', () => {
    fc.assert(fc.property(textMutationOf(INTAKE), loadsOrExplains), { numRuns: 150 });
    const asData = parse(INTAKE) as unknown;
    fc.assert(
      fc.property(mutationOf(asData, 3), (flow) => loadsOrExplains(stringify(flow) ?? '')),
      { numRuns: 100 },
    );
  });
});

const codeChar = fc.constantFrom(...CODE_ALPHABET.split(''));
const codeChars = (n: number) =>
  fc.array(codeChar, { minLength: n, maxLength: n }).map((a) => a.join(''));
/** Full-width forms, as a Japanese keyboard may type them (NFKC folds them back). */
const fullWidth = (s: string) =>
  s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(/ /g, '\u3000');

/** A case code and secret word, written in any of the ways readResumeCode accepts. */
const writtenCode = (reference: fc.Arbitrary<[string, string]>) =>
  fc
    .record({
      ref: reference,
      secret: fc.tuple(codeChars(4), codeChars(4)),
      inner: fc.constantFrom('-', ' ', '', '_', '—', ' - '),
      between: fc.constantFrom(' ', '\n', ', ', '. ', ' / ', '、'),
      lower: fc.boolean(),
      wide: fc.boolean(),
      around: fc.constantFrom('', ' ', '"', '(', '\n'),
    })
    .map((c) => {
      let text = `HT${c.inner}${c.ref[0]}${c.inner}${c.ref[1]}${c.between}${c.secret[0]}${c.inner}${c.secret[1]}`;
      if (c.lower) text = text.toLowerCase();
      if (c.wide) text = fullWidth(text);
      return {
        text: `${c.around}${text}${c.around === '(' ? ')' : c.around}`,
        reference: `HT-${c.ref[0]}-${c.ref[1]}`,
        secret: `${c.secret[0]}-${c.secret[1]}`,
      };
    });

describe('reading a case code', () => {
  it('never throws on arbitrary text, and returns only well-formed codes', () => {
    const SECRET = /^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/;
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 80 }),
          fc.string({ unit: 'binary', maxLength: 80 }),
          fc.string({ unit: 'grapheme', maxLength: 40 }),
          writtenCode(fc.tuple(codeChars(5), codeChars(5))).chain((c) => textMutationOf(c.text, 2)),
        ),
        (text) => {
          const code = readResumeCode(text);
          if (code === null) return;
          expect(code.reference).toMatch(REFERENCE_PATTERN);
          if (code.secret !== null) expect(code.secret).toMatch(SECRET);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('reads back every way of writing a code and secret word', () => {
    fc.assert(
      fc.property(writtenCode(fc.tuple(codeChars(5), codeChars(5))), (c) => {
        expect(readResumeCode(c.text)).toEqual({ reference: c.reference, secret: c.secret });
      }),
      { numRuns: 500 },
    );
  });

  it('takes linear time on long hostile text (a LINE message holds 5000 characters)', () => {
    for (const text of [
      `HT-22222-22222${' '.repeat(4990)}x`,
      `${'-'.repeat(4990)}HT`,
      `HT${' -'.repeat(2495)}`,
      `HT-22222-22222 ${'2222 '.repeat(997)}`,
    ]) {
      const start = performance.now();
      expect(readResumeCode(text)).toBeNull();
      expect(performance.now() - start, JSON.stringify(text.slice(0, 20))).toBeLessThan(50);
    }
  });
});

describe('continuing a case with random codes and secret words', () => {
  it('never continues someone’s case, and always answers with one of the two refusals', async () => {
    await settle();
    const { reference, secret } = await fileCaseOn(asChat(lineChat(sys, lineUserId())), {
      categories: ['unpaid_wages'],
      residence: 'titp',
      prefecture: 'JP-23',
    });
    const en = JSON.parse(readFileSync('locales/en/common.json', 'utf8')) as {
      system: Record<string, string>;
    };
    const refusals = [en.system.resume_failed!, en.system.resume_wait!];
    expect(refusals.every((r) => r.length > 0)).toBe(true);
    const snapshot = () => {
      const db = new Database(sys.databasePath, { readonly: true });
      try {
        const ticket = db
          .prepare(
            'select id, channels, conversation_id, updated_at from tickets where reference = ?',
          )
          .get(reference) as { id: string; channels: string };
        const thread = db
          .prepare(
            'select id, author, channel, body_enc from ticket_messages where ticket_id = ? order by id',
          )
          .all(ticket.id);
        const conversations = db
          .prepare('select id, ticket_id from conversations where ticket_id = ?')
          .all(ticket.id);
        return { ticket, thread, conversations };
      } finally {
        db.close();
      }
    };
    // The snapshot sees a takeover: the right code and word move the case to the web chat.
    const first = snapshot();
    const owner = webChat(sys, 'fuzzOwner000000000000000');
    expect((await owner.type(`${reference} ${secret}`)).texts.join('\n')).toContain(
      `Your case ${reference} continues here`,
    );
    await sys.server.worker.idle();
    const before = snapshot();
    expect(before).not.toEqual(first);
    expect(JSON.parse(before.ticket.channels)).toEqual(['line', 'web']);
    const [a, b] = reference.slice(3).split('-') as [string, string];
    const answers = new Map<string, number>();
    let visitors = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('line' as const, 'web' as const),
        // Half the tries aim at the real case with a guessed secret word.
        writtenCode(
          fc.oneof(fc.constant([a, b] as [string, string]), fc.tuple(codeChars(5), codeChars(5))),
        ),
        async (channel, code) => {
          expect(readResumeCode(code.text)).toEqual({
            reference: code.reference,
            secret: code.secret,
          });
          const texts =
            channel === 'line'
              ? (await lineChat(sys, lineUserId()).type(code.text)).map((m) => m.text)
              : (
                  await webChat(sys, `fuzzVisitor${String(++visitors).padStart(13, '0')}`).type(
                    code.text,
                  )
                ).texts;
          expect(texts).toHaveLength(1);
          expect(refusals).toContain(texts[0]);
          answers.set(texts[0]!, (answers.get(texts[0]!) ?? 0) + 1);
        },
      ),
      { numRuns: 30 },
    );
    await sys.server.worker.idle();
    expect(snapshot()).toEqual(before);
    // The case is still the owner's.
    expect((await owner.tap('cmd=case')).texts.join('\n')).toContain(reference);
    expect(answers.get(refusals[0]!)).toBeGreaterThan(0);
  });
});

describe('guessing case codes from the web chat', () => {
  // On the web chat a conversation is only a cookie anyone can make up: wrong tries at a case
  // code also count per address (src/conversation/resume.ts), or fresh cookies would give
  // unlimited tries, each costing the worker a 600,000-round PBKDF2.
  it('limits wrong tries from one address, however many cookies it uses', async () => {
    await settle();
    const texts: string[] = [];
    const started = performance.now();
    for (let i = 0; i < 7; i++) {
      const chat = webChat(sys, `cookieRotation${String(i).padStart(10, '0')}`);
      texts.push((await chat.type(`HT-2222${i + 2}-22222 2222-2222`)).texts.join('\n'));
    }
    const perTry = (performance.now() - started) / 7;
    // Recorded for the report: the worker's cost of one wrong try, round trip included.
    expect(perTry).toBeGreaterThan(0);
    const en = JSON.parse(readFileSync('locales/en/common.json', 'utf8')) as {
      system: Record<string, string>;
    };
    // Earlier tests of this file may already have spent this address's tries: at most five
    // are ever checked, then every further one is refused unchecked.
    expect(texts.every((t) => t === en.system.resume_failed || t === en.system.resume_wait)).toBe(
      true,
    );
    expect(texts.filter((t) => t === en.system.resume_failed).length).toBeLessThanOrEqual(5);
    expect(texts.slice(5)).toEqual([en.system.resume_wait, en.system.resume_wait]);
  });
});
