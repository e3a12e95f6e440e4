import { readFileSync, existsSync } from 'node:fs';
import { expect } from 'vitest';
import { askedIn, caseCodeIn, type Chat, type ChatTurn } from '../helpers/chat';
import { waitFor, type TestSystem } from '../helpers/server';

/**
 * Recognisable fake identifiers for the attack tests, and the searches that look for them: in
 * raw bytes (UTF-8 and UTF-16LE, ASCII letters in any case) and in text.
 */

/** Platform ids, in the shapes the platforms use (the web chat's is its cookie). */
export const SEED_LINE_USER = 'U5eed1d0000000000000000000000a001';
export const SEED_LINE_USER_2 = 'U5eed1d0000000000000000000000a002';
export const SEED_PSID = '7770005550001231';
export const SEED_PSID_2 = '7770005550001232';
export const SEED_VISITOR = 'SEEDwebVisitor0000000001';
export const PLATFORM_IDS = [
  SEED_LINE_USER,
  SEED_LINE_USER_2,
  SEED_PSID,
  SEED_PSID_2,
  SEED_VISITOR,
];

/** What a reporter might write that identifies them (domain §6.2: never to be kept in clear). */
export const SEED_PHONE = '090-1234-5678';
export const SEED_EMAIL = 'seed.reporter@example.com';
export const SEED_CARD = 'AB12345678CD';
export const SEED_NAME = 'Nguyen Van SEEDNAME';
export const SEED_ADDRESS = '4-5-6 Seedmachi, Toyota-shi';
/** A second phone number, written after the case moved to another channel. */
export const SEED_PHONE_2 = '080-8765-4321';
/** An ordinary word nothing masks: proves the words went where they are allowed to go. */
export const SEED_MARKER = 'SEEDWORDS';

/** The reporter's words as typed at the `words` question. */
export const seededWords = (channel: string) =>
  `${SEED_MARKER} on ${channel}: my name is ${SEED_NAME}, call ${SEED_PHONE} or write to ` +
  `${SEED_EMAIL}. My residence card number is ${SEED_CARD}. I live at ${SEED_ADDRESS}. ` +
  'The company has not paid me for three months.';
/** Words typed after the case moved to another channel. */
export const laterWords = `${SEED_MARKER} again: ${SEED_NAME} here, my new number is ${SEED_PHONE_2}.`;

/** Every identifier in the words, and forms a careless store might turn them into. */
export const WORD_SEEDS = [
  SEED_PHONE,
  SEED_PHONE.replace(/-/g, ''),
  SEED_PHONE_2,
  SEED_PHONE_2.replace(/-/g, ''),
  SEED_EMAIL,
  SEED_CARD,
  SEED_NAME,
  'SEEDNAME',
  SEED_ADDRESS,
  'Seedmachi',
  SEED_MARKER,
];
/** What staff write: thread content too, kept only encrypted. */
export const SEED_STAFF_ANSWER = 'SEEDSTAFFANSWER: keep your pay slips somewhere safe.';
export const SEED_NOTE = 'SEEDSTAFFNOTE: the reporter sounds frightened.';
export const STAFF_SEEDS = ['SEEDSTAFFANSWER', 'SEEDSTAFFNOTE'];

/** The encodings a string may take in a file: UTF-8 and UTF-16LE (SQLite can store either). */
const encodings = (needle: string): Buffer[] => [
  Buffer.from(needle.toLowerCase(), 'utf8'),
  Buffer.from(needle.toLowerCase(), 'utf16le'),
];

/** ASCII letters lower-cased byte by byte, so a search ignores their case in either encoding. */
function foldAscii(bytes: Buffer): Buffer {
  const out = Buffer.from(bytes);
  for (let i = 0; i < out.length; i++) {
    const b = out[i]!;
    if (b >= 0x41 && b <= 0x5a) out[i] = b + 0x20;
  }
  return out;
}

/** The needles found in some bytes, in UTF-8 or UTF-16LE, ASCII letters in any case. */
export function foundInBytes(bytes: Buffer, needles: string[]): string[] {
  const folded = foldAscii(bytes);
  return needles.filter((n) => encodings(n).some((e) => folded.includes(e)));
}

/** The needles found in a text, ASCII letters in any case. */
export function foundInText(text: string, needles: string[]): string[] {
  const folded = text.toLowerCase();
  return needles.filter((n) => folded.includes(n.toLowerCase()));
}

/** The database file and its WAL and shared-memory files as they are on disk now. */
export function databaseFiles(path: string): { name: string; bytes: Buffer }[] {
  return [path, `${path}-wal`, `${path}-shm`]
    .filter((p) => existsSync(p))
    .map((p) => ({ name: p.slice(p.lastIndexOf('/') + 1), bytes: readFileSync(p) }));
}

interface Batch {
  id: number;
  messages: { text: string; choices?: { label: string; data: string }[] }[];
}

/** A web-chat visitor with a chosen cookie value (the visitor id), as a channel-neutral chat. */
export function webChat(sys: TestSystem, visitorId: string): Chat & { after(): number } {
  const cookie = `hotline_chat=${visitorId}`;
  let after = 0;
  let n = 0;
  const send = async (event: object): Promise<ChatTurn> => {
    const res = await fetch(`${sys.server.url}/chat/api/events`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ id: `evt-${Date.now()}-${n++}`, ...event }),
    });
    expect(res.status).toBe(202);
    const batches = await waitFor(
      async () => {
        const r = await fetch(`${sys.server.url}/chat/api/messages?after=${after}`, {
          headers: { cookie },
        });
        const body = (await r.json()) as { batches: Batch[] };
        return body.batches.length ? body.batches : null;
      },
      10_000,
      'the web chat answer',
    );
    after = batches.at(-1)!.id;
    const messages = batches.flatMap((b) => b.messages);
    return {
      texts: messages.map((m) => m.text),
      choices: messages.at(-1)?.choices?.map((c) => c.data) ?? [],
    };
  };
  return {
    follow: () => send({ type: 'start' }),
    tap: (data) => send({ type: 'postback', data }),
    type: (text) => send({ type: 'text', text }),
    after: () => after,
  };
}

/**
 * Files a case in English in Aichi (routed to demo-ngo-tokai), typing `words` at the words
 * question and answering whatever else is asked; the case code and secret word it gets.
 */
export async function fileWithWords(
  chat: Chat,
  words: string,
  opts: { shareWords: 'yes' | 'no'; notify: 'yes' | 'no' },
): Promise<{ reference: string; secret: string }> {
  const answers: Record<string, string[]> = {
    language: ['en'],
    consent: ['yes'],
    category: ['unpaid_wages', 'done'],
    residence_status: ['titp'],
    region: ['JP-23'],
    prefecture: ['JP-23'],
    industry: ['construction'],
    still_happening: ['yes'],
    safe_now: ['yes'],
    phone_watched: ['no'],
    notify: [opts.notify],
    share_words: [opts.shareWords],
  };
  let turn = await chat.follow();
  for (let i = 0; i < 40 && askedIn(turn) !== 'confirm'; i++) {
    const q = askedIn(turn);
    if (!q) throw new Error(`no question in the turn: ${turn.texts.join(' / ')}`);
    if (q === 'words') turn = await chat.type(words);
    else {
      // Questions the words call for (categories hinted, deadlines): done, or no.
      const choice = answers[q]?.shift() ?? (q === 'category' ? 'done' : 'no');
      turn = await chat.tap(`q=${q === 'region' ? 'prefecture' : q}&choice=${choice}`);
    }
  }
  const done = await chat.tap('q=confirm&choice=yes');
  return caseCodeIn(done.texts);
}
