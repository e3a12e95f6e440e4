import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { commandIndex, interpret, parsePostback } from '../../src/conversation/interpret';
import { loadContent, type LoadedContent } from '../../src/entry/files';
import { initialState, step } from '../../src/flow/engine';
import type { Command, Input, SessionState } from '../../src/flow/types';

const FLOWS = fileURLToPath(new URL('../../flows', import.meta.url));
const LOCALES = fileURLToPath(new URL('../../locales', import.meta.url));

let content: LoadedContent;
let commands: Map<string, Command>;
beforeAll(async () => {
  content = await loadContent(FLOWS, LOCALES);
  commands = commandIndex(content.translator);
});

const START: Input = { type: 'start' };
const choice = (question: string, id: string): Input => ({ type: 'choice', question, choice: id });

/** A session after these inputs. */
const after = (...inputs: Input[]): SessionState =>
  inputs.reduce((s, i) => step(content.flow, s, i).state, initialState(content.flow));
const atCategory = (lng = 'en') => after(START, choice('language', lng), choice('consent', 'yes'));
const inGroupBody = (lng = 'en') =>
  step(content.flow, atCategory(lng), choice('category', 'group_body')).state;
const atResidence = (lng = 'en') =>
  after(
    START,
    choice('language', lng),
    choice('consent', 'yes'),
    choice('category', 'housing'),
    choice('category', 'done'),
    { type: 'text', text: 'my words' },
  );
const atRegion = (lng = 'en') =>
  step(content.flow, atResidence(lng), choice('residence_status', 'titp')).state;

const typed = (text: string, state: SessionState = atCategory()): Input =>
  interpret({ kind: 'text', text }, content.flow, state, content.translator, commands).input;
const tapped = (data: string, state: SessionState = atCategory()): Input =>
  interpret({ kind: 'postback', data }, content.flow, state, content.translator, commands).input;

describe('postback data', () => {
  it('reads q and choice', () => {
    expect(parsePostback('q=category&choice=unpaid_wages')).toEqual(
      choice('category', 'unpaid_wages'),
    );
    expect(parsePostback('q=prefecture&choice=JP-13')).toEqual(choice('prefecture', 'JP-13'));
    expect(parsePostback('q=language&choice=zh-Hans')).toEqual(choice('language', 'zh-Hans'));
  });

  it('ignores parameters that follow', () => {
    expect(parsePostback('q=region&choice=kanto&v=1&page=2')).toEqual(choice('region', 'kanto'));
  });

  it.each(['restart', 'language', 'help', 'delete'] as const)('reads cmd=%s', (command) => {
    expect(parsePostback(`cmd=${command}`)).toEqual({ type: 'command', command });
    expect(tapped(`cmd=${command}`)).toEqual({ type: 'command', command });
  });

  it('does not run an unknown command', () => {
    expect(parsePostback('cmd=shutdown').type).not.toBe('command');
    expect(parsePostback('nonsense').type).not.toBe('command');
  });

  it('passes a tap through unchanged, whatever is on screen', () => {
    expect(tapped('q=category&choice=violence', atRegion())).toEqual(
      choice('category', 'violence'),
    );
  });
});

describe('typed commands', () => {
  it.each([
    ['help', 'help'],
    ['  HELP! ', 'help'],
    ['Help?', 'help'],
    ['ＨＥＬＰ', 'help'],
    ['Start over', 'restart'],
    ['restart.', 'restart'],
    ['change language', 'language'],
    ['Delete', 'delete'],
    ['Xóa', 'delete'],
    ['xoa', 'delete'],
    ['Xoá dữ liệu!', 'delete'],
    ['bắt đầu lại', 'restart'],
    ['NGÔN NGỮ', 'language'],
    ['trợ giúp', 'help'],
    ['やりなおし', 'restart'],
    ['やりなおし。', 'restart'],
    ['ことば', 'language'],
    ['たすけて', 'help'],
    ['けして', 'delete'],
  ])('"%s" is the %s command', (text, command) => {
    expect(typed(text)).toEqual({ type: 'command', command });
    // In whichever language the reporter chose.
    expect(typed(text, atCategory('vi'))).toEqual({ type: 'command', command });
  });

  it.each([
    'I need help with my salary',
    'please delete the photo I sent',
    'how do I change language',
    'tôi cần giúp về tiền lương',
    'xóa tên công ty đi',
    'やりなおしたいです',
    'でんわばんごうを おしえて ください',
  ])('"%s" is the reporter\'s words, not a command', (text) => {
    expect(typed(text)).toMatchObject({ type: 'text', text });
  });
});

describe('typed choices', () => {
  it('picks an option by its label, case and punctuation aside', () => {
    expect(typed('Money and pay')).toEqual(choice('category', 'group_pay'));
    expect(typed('  money AND pay! ')).toEqual(choice('category', 'group_pay'));
    expect(typed('Done ✓')).toEqual(choice('category', 'done'));
    expect(typed('done')).toEqual(choice('category', 'done'));
  });

  it('picks an option by its 1-based number, ASCII or full-width', () => {
    expect(typed('1')).toEqual(choice('category', 'group_pay'));
    expect(typed('２')).toEqual(choice('category', 'group_body'));
    expect(typed(' 5. ')).toEqual(choice('category', 'question'));
    expect(typed('６')).toEqual(choice('category', 'done'));
  });

  it('does not pick anything for a number that is not on screen', () => {
    expect(typed('0')).toEqual({ type: 'text', text: '0' });
    expect(typed('42')).toEqual({ type: 'text', text: '42' });
  });

  it('numbers the options of the screen shown: regions, then prefectures', () => {
    const region = atRegion();
    expect(region.node).toBe('prefecture');
    expect(typed('3', region)).toEqual(choice('region', 'kanto'));
    expect(typed('Kanto (Tokyo)', region)).toEqual(choice('region', 'kanto'));
    const kanto = step(content.flow, region, choice('region', 'kanto')).state;
    expect(typed('6', kanto)).toEqual(choice('prefecture', 'JP-13'));
    expect(typed('tokyo', kanto)).toEqual(choice('prefecture', 'JP-13'));
  });

  it("reads labels in the reporter's language, with or without Vietnamese accents", () => {
    const vi = after(START, choice('language', 'vi'));
    expect(typed('Có', vi)).toEqual(choice('consent', 'yes'));
    const status = atResidence('vi');
    expect(status.node).toBe('residence_status');
    expect(typed('Thực tập sinh', status)).toEqual(choice('residence_status', 'titp'));
    expect(typed('thuc tap sinh', status)).toEqual(choice('residence_status', 'titp'));
    const ja = after(START, choice('language', 'ja'));
    expect(typed('はい', ja)).toEqual(choice('consent', 'yes'));
    expect(typed('１', ja)).toEqual(choice('consent', 'yes'));
  });

  it('reads a language name before the language is known', () => {
    const first = after(START);
    expect(typed('日本語', first)).toEqual(choice('language', 'ja'));
    expect(typed('tiếng việt', first)).toEqual(choice('language', 'vi'));
    expect(typed('English', first)).toEqual(choice('language', 'en'));
    expect(typed('3', first)).toEqual(choice('language', 'ja'));
  });

  it('answers the delete confirmation', () => {
    const pending = step(content.flow, atCategory(), { type: 'command', command: 'delete' }).state;
    expect(typed('yes', pending)).toEqual(choice('delete', 'yes'));
    expect(typed('No!', pending)).toEqual(choice('delete', 'no'));
    expect(typed('2', pending)).toEqual(choice('delete', 'no'));
  });

  it("keeps a number typed where words are asked as the reporter's words", () => {
    const words = after(
      START,
      choice('language', 'en'),
      choice('consent', 'yes'),
      choice('category', 'housing'),
      choice('category', 'done'),
    );
    expect(words.node).toBe('words');
    expect(typed('3', words)).toEqual({ type: 'text', text: '3' });
  });
});

describe('danger words come first', () => {
  it.each([
    ['I want to die', 'en', 'self_harm'],
    ['Tôi muốn chết', 'vi', 'self_harm'],
    ['しにたい', 'ja', 'self_harm'],
  ])('"%s" (the label of an option on screen) is danger, not a tap', (text, lng, danger) => {
    expect(typed(text, inGroupBody(lng))).toMatchObject({ type: 'text', text, danger });
  });

  it.each([
    ['help, he hit me', 'violence'],
    ['SOS they locked me in the dormitory', 'violence'],
    ['たすけて、なぐられた', 'violence'],
    ['cứu với, tôi bị đánh', 'violence'],
    ['help I want to kill myself', 'self_harm'],
    // A cry for help alone is treated as danger: the emergency help it brings includes the lines.
    ['Cứu với!!', 'violence'],
  ])('"%s" is danger, not a command', (text, danger) => {
    expect(typed(text)).toMatchObject({ type: 'text', text, danger });
  });

  it('is danger even while a delete confirmation waits for yes or no', () => {
    const pending = step(content.flow, atCategory(), { type: 'command', command: 'delete' }).state;
    expect(typed('yes he hit me', pending)).toMatchObject({
      type: 'text',
      text: 'yes he hit me',
      danger: 'violence',
    });
  });
});

describe('language aliases', () => {
  it('maps tl, zh and zh-CN to the contract ids in a postback', () => {
    expect(parsePostback('q=language&choice=tl')).toEqual({
      type: 'choice',
      question: 'language',
      choice: 'fil',
    });
    expect(parsePostback('q=language&choice=zh-CN')).toEqual({
      type: 'choice',
      question: 'language',
      choice: 'zh-Hans',
    });
    expect(parsePostback('q=language&choice=ZH')).toEqual({
      type: 'choice',
      question: 'language',
      choice: 'zh-Hans',
    });
    // Only at the language question: elsewhere an option id is taken as written.
    expect(parsePostback('q=industry&choice=tl')).toEqual({
      type: 'choice',
      question: 'industry',
      choice: 'tl',
    });
  });
});
