import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lineChat } from '../helpers/line-chat';
import { lineUserId } from '../helpers/line-events';
import { startSystem, type TestSystem } from '../helpers/server';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startSystem();
});
afterAll(async () => {
  await sys.stop();
});

const card = (language: string): string =>
  (JSON.parse(readFileSync(`locales/${language}/emergency.json`, 'utf8')) as { card: string }).card;

/** A first message in panic, in each language, before the reporter has tapped anything. */
const FIRST_MESSAGES: [string, string][] = [
  ['vi', 'cứu tôi với, ông chủ đánh tôi chảy máu'],
  ['id', 'tolong saya, saya dipukul mandor sampai berdarah'],
  ['fil', 'tulungan nyo po ako, sinaktan ako ng amo ko'],
  ['en', 'help me, my boss beat me and I am bleeding'],
  ['ja', 'たすけて しゃちょうに なぐられました'],
  ['zh-Hans', '救命，老板打我，流血了'],
  ['my', 'ကူညီပါ သူဌေးက ကျွန်မကို ရိုက်တယ်'],
  ['km', 'ជួយខ្ញុំផង ចៅហ្វាយវាយខ្ញុំ'],
  ['th', 'ช่วยด้วย หัวหน้าต่อยผม เลือดออก'],
  ['ne', 'मलाई बचाउनुहोस् साहुले मलाई कुट्यो'],
];

describe('emergency help for a first message in danger, in every language', () => {
  it.each(FIRST_MESSAGES)(
    '%s: the very next reply starts with it, in that language and in Japanese',
    async (language, text) => {
      const reply = await lineChat(sys, lineUserId()).type(text);
      const first = reply[0]!.text;
      expect(first.startsWith(card(language))).toBe(true);
      if (language !== 'ja') expect(first).toContain(card('ja'));
      expect(first).toContain('110');
      expect(first).toContain('119');
      expect(reply.length).toBeLessThanOrEqual(5);
    },
  );
});
