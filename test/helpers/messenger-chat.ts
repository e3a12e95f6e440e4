import { expect } from 'vitest';
import type { Chat, ChatTurn } from './chat';
import { postbackMessaging, quickReplyMessaging, textMessaging } from './messenger-events';
import type { RecordedSend } from './messenger-stand-in';
import { waitFor, type TestSystem } from './server';

/**
 * One person writing to the Page on Messenger. Messenger has no reply tokens, so a turn is
 * everything the Page sent to this person after the event, once the worker has gone quiet.
 */
export function messengerChat(sys: TestSystem, psid: string) {
  const sentTo = () => sys.messenger.sent.filter((s) => s.recipient === psid);
  const send = async (item: { timestamp: number }): Promise<RecordedSend[]> => {
    const before = sentTo().length;
    sys.messenger.noteInbound(psid, item.timestamp);
    const res = await sys.postMessenger([{ messaging: [item] }]);
    expect(res.status).toBe(200);
    await waitFor(() => sentTo().length > before, 10_000, 'an answer on Messenger');
    await sys.server.worker.idle();
    return sentTo().slice(before);
  };
  const turn = (sends: RecordedSend[]): ChatTurn => ({
    texts: sends.map((s) => s.message.text),
    choices: sends.at(-1)?.message.quick_replies?.map((q) => q.payload) ?? [],
  });
  return {
    send,
    sentTo,
    /** The Get Started button: Messenger's way of starting a conversation. */
    follow: () => send(postbackMessaging({ psid, payload: 'cmd=start', title: 'Get Started' })),
    /** A quick reply is a message with a payload; the persistent menu sends postbacks. */
    tap: (payload: string) => send(quickReplyMessaging({ psid, payload, text: payload })),
    menu: (payload: string) => send(postbackMessaging({ psid, payload, title: payload })),
    type: (text: string) => send(textMessaging({ psid, text })),
    chat(): Chat {
      return {
        follow: async () => turn(await this.follow()),
        tap: async (data) => turn(await this.tap(data)),
        type: async (text) => turn(await this.type(text)),
      };
    },
  };
}
