import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildMessengerProfile,
  MessengerProfileError,
  type ProfileTexts,
} from '../../../src/channels/messenger/profile';
import { GET_STARTED_PAYLOAD } from '../../../src/channels/messenger/webhook';
import { messengerCommand, type MessengerCommandIo } from '../../../src/cli/messenger';
import { CliError } from '../../../src/cli/tokens';
import { createTranslator } from '../../../src/i18n/translator';
import { MessengerStandIn } from '../../helpers/messenger-stand-in';

const texts = (greeting: string, tag: string): ProfileTexts => ({
  greeting,
  menu: {
    language: `Language ${tag}`,
    human: `Person ${tag}`,
    case: `Case ${tag}`,
    safety: `Safety ${tag}`,
  },
});

/** A small in-memory locale set: English, Japanese and Vietnamese have messenger texts. */
const RESOURCES = {
  en: {
    messenger: {
      greeting: 'A free, anonymous hotline for workers in Japan.',
      menu: {
        language: 'Change language',
        human: 'Talk to a person',
        case: 'Check my case',
        safety: 'Safety tips',
      },
    },
  },
  ja: {
    messenger: {
      greeting: '日本で働く人のための無料・匿名の相談窓口です。',
      menu: {
        language: '言語を変える',
        human: '相談員と話す',
        case: '相談の状況',
        safety: '安全のために',
      },
    },
  },
  vi: {
    messenger: {
      greeting: 'Đường dây nóng miễn phí, ẩn danh cho người lao động tại Nhật Bản.',
      menu: { language: 'Đổi ngôn ngữ', human: 'Nói chuyện với người', case: 'Xem hồ sơ' },
    },
  },
  th: { common: { hello: 'สวัสดี' } },
  my: { messenger: { greeting: 'ဂျပန်ရှိ အလုပ်သမားများအတွက်', menu: { language: 'ဘာသာစကား' } } },
};

describe('buildMessengerProfile', () => {
  it('builds get_started, greeting and persistent menu for default and each locale', () => {
    const { body, skipped } = buildMessengerProfile([
      { language: 'vi', texts: texts('Xin chào', 'vi') },
      { language: 'ja', texts: texts('こんにちは', 'ja') },
      { language: 'en', texts: texts('Hello', 'en') },
      { language: 'my', texts: texts('မင်္ဂလာပါ', 'my') },
    ]);
    expect(body.get_started).toEqual({ payload: GET_STARTED_PAYLOAD });
    expect(body.greeting).toEqual([
      { locale: 'default', text: 'Hello' },
      { locale: 'vi_VN', text: 'Xin chào' },
      { locale: 'ja_JP', text: 'こんにちは' },
      { locale: 'en_US', text: 'Hello' },
    ]);
    expect(skipped).toEqual(['my']);
    expect(body.persistent_menu.map((m) => m.locale)).toEqual([
      'default',
      'vi_VN',
      'ja_JP',
      'en_US',
    ]);
    expect(body.persistent_menu[1]).toEqual({
      locale: 'vi_VN',
      composer_input_disabled: false,
      call_to_actions: [
        { type: 'postback', title: 'Language vi', payload: 'cmd=language' },
        { type: 'postback', title: 'Person vi', payload: 'cmd=human' },
        { type: 'postback', title: 'Case vi', payload: 'cmd=case' },
        { type: 'postback', title: 'Safety vi', payload: 'cmd=safety' },
      ],
    });
  });

  it('refuses texts over the limits, naming the locale and key, instead of clipping', () => {
    expect(() =>
      buildMessengerProfile([
        { language: 'en', texts: texts('Hello', 'en') },
        { language: 'ja', texts: texts('あ'.repeat(161), 'ja') },
      ]),
    ).toThrow('ja_JP: messenger:greeting is 161 characters, at most 160 allowed');
    const long = texts('Hello', 'en');
    long.menu.human = 'x'.repeat(31);
    expect(() => buildMessengerProfile([{ language: 'en', texts: long }])).toThrow(
      'default: messenger:menu.human is 31 characters, at most 30 allowed',
    );
    expect(() => buildMessengerProfile([{ language: 'en', texts: texts('  ', 'en') }])).toThrow(
      'default: messenger:greeting is empty',
    );
    expect(() => buildMessengerProfile([{ language: 'vi', texts: texts('x', 'vi') }])).toThrow(
      MessengerProfileError,
    );
  });
});

describe('cli messenger setup', () => {
  const graph = new MessengerStandIn();
  beforeAll(() => graph.start());
  afterAll(() => graph.stop());

  const run = async (args: string[], over: Partial<MessengerCommandIo> = {}) => {
    const out: string[] = [];
    const err: string[] = [];
    const translator = await createTranslator(RESOURCES);
    await messengerCommand(args, {
      out: (s) => out.push(s),
      err: (s) => err.push(s),
      flowsDir: 'flows',
      localesDir: 'locales',
      content: async () => ({ languages: ['vi', 'ja', 'en', 'my', 'th'], translator }),
      messenger: () => ({
        appSecret: graph.appSecret,
        verifyToken: 'verify',
        pageAccessToken: graph.pageAccessToken,
        apiBaseUrl: graph.url,
        apiVersion: graph.apiVersion,
      }),
      ...over,
    });
    return { out: out.join(''), err: err.join('') };
  };

  it('--dry-run prints the profile body and calls nothing', async () => {
    const before = graph.calls.length;
    const { out, err } = await run(['setup', '--dry-run'], { messenger: () => null });
    expect(graph.calls.length).toBe(before);
    const body = JSON.parse(out);
    expect(body.greeting.map((g: { locale: string }) => g.locale)).toEqual([
      'default',
      'vi_VN',
      'ja_JP',
      'en_US',
    ]);
    expect(body.greeting[2].text).toBe(RESOURCES.ja.messenger.greeting);
    // Vietnamese lacks one menu text: English, with a warning.
    expect(body.persistent_menu[1].call_to_actions[3].title).toBe('Safety tips');
    expect(err).toContain('warn vi: messenger:menu.safety falls back to English');
    expect(err).toContain('skipped th: no messenger texts yet');
    expect(err).toContain('skipped my: Messenger has no locale for it');
  });

  it('posts the profile to the Graph stand-in', async () => {
    const { out } = await run(['setup']);
    expect(out).toBe('messenger profile set for 4 locales\n');
    expect(graph.profiles).toHaveLength(1);
    expect(graph.calls.at(-1)).toEqual({
      method: 'POST',
      path: '/v25.0/me/messenger_profile',
      status: 200,
    });
    expect(graph.invalid).toEqual([]);
    expect(graph.profiles[0]).toMatchObject({ get_started: { payload: 'cmd=start' } });
  });

  it("fails with Graph's own message, and without config names the variables", async () => {
    graph.failNext(1, {
      status: 400,
      body: {
        error: { message: '(#100) Invalid locale: xx_XX', type: 'OAuthException', code: 100 },
      },
    });
    await expect(run(['setup'])).rejects.toThrow(
      'messenger setup: Graph refused the profile: (#100) Invalid locale: xx_XX (#100)',
    );
    const missing = run(['setup'], { messenger: () => null });
    await expect(missing).rejects.toBeInstanceOf(CliError);
    await expect(run(['setup'], { messenger: () => null })).rejects.toThrow(
      /MESSENGER_APP_SECRET, MESSENGER_PAGE_ACCESS_TOKEN/,
    );
    await expect(run(['nope'])).rejects.toThrow('usage: messenger setup [--dry-run]');
    await expect(run(['setup', '--dryrun'])).rejects.toThrow('unexpected "--dryrun"');
  });

  it('refuses a text over the limit, naming locale and key', async () => {
    const translator = await createTranslator({
      en: { messenger: { ...RESOURCES.en.messenger, greeting: 'x'.repeat(200) } },
    });
    await expect(
      run(['setup', '--dry-run'], { content: async () => ({ languages: ['en'], translator }) }),
    ).rejects.toThrow(
      'messenger setup: default: messenger:greeting is 200 characters, at most 160',
    );
  });

  it('builds from the shipped flows and locales', async () => {
    const { out } = await run(['setup', '--dry-run'], { content: undefined });
    const body = JSON.parse(out);
    expect(body.greeting[0].locale).toBe('default');
    expect(body.greeting.map((g: { locale: string }) => g.locale)).toContain('en_US');
    for (const g of body.greeting) expect(g.text.length).toBeLessThanOrEqual(160);
  });
});
