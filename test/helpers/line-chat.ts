import { expect } from 'vitest';
import { followEvent, postbackEvent, replyToken, textEvent } from './line-events';
import type { LineMessage } from './line-stand-in';
import { fileCaseOn, type CaseFacts, type Chat, type ChatTurn } from './chat';
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

/** The same chat, in the channel-neutral shape of test/helpers/chat.ts. */
export const asChat = (chat: ReturnType<typeof lineChat>): Chat => {
  const turn = (messages: LineMessage[]): ChatTurn => ({
    texts: messages.map((m) => m.text),
    choices: choicesOf(messages),
  });
  return {
    follow: async () => turn(await chat.follow()),
    tap: async (data) => turn(await chat.tap(data)),
    type: async (text) => turn(await chat.type(text)),
  };
};

/** Files a whole case in English over LINE; returns its reference (see fileCaseOn). */
export async function fileCase(
  chat: ReturnType<typeof lineChat>,
  facts: CaseFacts,
): Promise<string> {
  return (await fileCaseOn(asChat(chat), facts)).reference;
}
