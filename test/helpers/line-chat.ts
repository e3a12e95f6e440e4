import { expect } from 'vitest';
import { followEvent, postbackEvent, replyToken, textEvent } from './line-events';
import type { LineMessage } from './line-stand-in';
import { waitFor, type TestSystem } from './server';

/** One reporter talking to the bot over LINE: each step waits for the reply to its own token. */
export function lineChat(sys: TestSystem, userId: string) {
  const send = async (make: (token: string) => object): Promise<LineMessage[]> => {
    const token = sys.line.issueToken(replyToken());
    const res = await sys.postLine([make(token)]);
    expect(res.status).toBe(200);
    const reply = await waitFor(
      () => sys.line.replies.find((r) => r.replyToken === token),
      10_000,
      'a reply',
    );
    return reply.messages;
  };
  return {
    send,
    follow: () => send((token) => followEvent({ userId, token })),
    tap: (data: string) => send((token) => postbackEvent({ userId, data, token })),
    type: (text: string) => send((token) => textEvent({ userId, text, token })),
  };
}

export const choicesOf = (messages: LineMessage[]): string[] =>
  messages.at(-1)?.quickReply?.items.map((i) => i.action.data) ?? [];

/** Taps through the intake in English up to (not including) the notify question. */
export async function walkToNotify(chat: ReturnType<typeof lineChat>): Promise<void> {
  await chat.follow();
  for (const data of [
    'q=language&choice=en',
    'q=consent&choice=yes',
    'q=category&choice=unpaid_wages',
    'q=category&choice=done',
    'q=words&choice=skip',
    'q=residence_status&choice=ssw',
    'q=prefecture&choice=JP-13',
    'q=industry&choice=construction',
    'q=still_happening&choice=yes',
    'q=safe_now&choice=yes',
    'q=phone_watched&choice=no',
  ]) {
    await chat.tap(data);
  }
}

/** The question the bot's last message asks (the `q` of its quick replies). */
export const askedOf = (messages: LineMessage[]): string | null => {
  const data = choicesOf(messages).find((d) => d.startsWith('q='));
  return data ? new URLSearchParams(data).get('q') : null;
};

/**
 * Files a whole case in English with the given facts; returns its reference. It answers whatever
 * is asked, so questions that only some problems call for need no script of their own.
 */
export async function fileCase(
  chat: ReturnType<typeof lineChat>,
  facts: {
    categories: string[];
    residence: string;
    prefecture: string;
    industry?: string;
    shareWords?: 'yes' | 'no';
    stillHappening?: 'yes' | 'no';
    safeNow?: 'yes' | 'no' | 'unsure';
  },
): Promise<string> {
  const answers: Record<string, string[]> = {
    language: ['en'],
    consent: ['yes'],
    category: [...facts.categories, 'done'],
    words: ['skip'],
    residence_status: [facts.residence],
    region: [facts.prefecture],
    prefecture: [facts.prefecture],
    industry: [facts.industry ?? 'construction'],
    still_happening: [facts.stillHappening ?? 'yes'],
    deadline_soon: ['no'],
    family_threat: ['no'],
    safe_now: [facts.safeNow ?? 'yes'],
    phone_watched: ['no'],
    notify: ['no'],
    share_words: [facts.shareWords ?? 'no'],
  };
  let reply = await chat.follow();
  for (let i = 0; i < 40; i++) {
    const q = askedOf(reply);
    if (q === 'confirm') break;
    const choice = q ? answers[q]?.shift() : undefined;
    if (!q || !choice) throw new Error(`no scripted answer for question ${q}`);
    // A prefecture is accepted while its region is asked (contract: choices in the chat).
    const data = `q=${q === 'region' ? 'prefecture' : q}&choice=${choice}`;
    reply = await chat.tap(data).catch((e) => {
      throw new Error(`no reply to ${data}: ${e.message}`);
    });
  }
  const done = await chat.tap('q=confirm&choice=yes');
  const reference = /^(HT-[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5})$/m.exec(
    done.map((m) => m.text).join('\n'),
  )?.[1];
  if (!reference) throw new Error('no case code in the final reply');
  return reference;
}
