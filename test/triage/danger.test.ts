import { describe, expect, it } from 'vitest';
import { detectDanger } from '../../src/triage/danger';
import { LEXICONS } from '../../src/triage/lexicon';

describe('danger words', () => {
  const seeds = (['violence', 'self_harm'] as const).flatMap((category) =>
    Object.entries(LEXICONS).flatMap(([language, lexicon]) =>
      lexicon.danger[category].map((seed) => ({ category, language, seed })),
    ),
  );

  it('has seeds of both kinds in each of the ten languages', () => {
    expect(Object.keys(LEXICONS).sort()).toEqual(
      ['en', 'fil', 'id', 'ja', 'km', 'my', 'ne', 'th', 'vi', 'zh-Hans'].sort(),
    );
    for (const lexicon of Object.values(LEXICONS)) {
      expect(lexicon.danger.violence.length).toBeGreaterThan(0);
      expect(lexicon.danger.self_harm.length).toBeGreaterThan(0);
    }
  });

  it.each(seeds)('finds the $language seed "$seed" inside a sentence', ({ category, seed }) => {
    const found = detectDanger(`yesterday ${seed} again`);
    // A violence seed may also hold a self-harm seed; self-harm then wins.
    if (category === 'self_harm') expect(found).toBe('self_harm');
    else expect(found).not.toBeNull();
  });

  it.each([
    ['vi', 'Hôm qua tôi bị đánh ở công ty', 'violence'],
    ['vi', 'Tay tôi chảy máu nhiều lắm', 'violence'],
    ['vi', 'Tay toi chay mau nhieu lam', 'violence'],
    ['vi', 'Tôi muốn chết', 'self_harm'],
    ['vi', 'toi muon chet', 'self_harm'],
    ['vi', 'TOI KHONG MUON SONG NUA', 'self_harm'],
    ['id', 'Saya dipukul oleh mandor', 'violence'],
    ['id', 'Saya ingin mati saja', 'self_harm'],
    ['fil', 'Sinaktan ako ng amo ko', 'violence'],
    ['fil', 'Gusto ko nang mamatay', 'self_harm'],
    ['zh-Hans', '老板昨天打我了', 'violence'],
    ['zh-Hans', '我真的想死', 'self_harm'],
    ['my', 'သူဌေးက ကျွန်မကို ရိုက်တယ်', 'violence'],
    ['my', 'ကျွန်တော် သေချင်တယ်', 'self_harm'],
    ['km', 'ចៅហ្វាយវាយខ្ញុំ', 'violence'],
    ['km', 'ខ្ញុំចង់ស្លាប់', 'self_harm'],
    ['ne', 'साहुले मलाई कुट्यो', 'violence'],
    ['ne', 'sahu le malai kutyo', 'violence'],
    ['ne', 'म आत्महत्या गर्छु', 'self_harm'],
    ['th', 'หัวหน้าเตะผม', 'violence'],
    ['th', 'ผมอยากตาย', 'self_harm'],
    ['ja', '社長に殴られました', 'violence'],
    ['ja', 'もう死にたいです', 'self_harm'],
    ['en', 'My supervisor beat me yesterday', 'violence'],
    ['en', 'I was beaten and I am bleeding', 'violence'],
    ['en', 'Sometimes I want to die', 'self_harm'],
  ])('%s: "%s" is %s', (_language, text, category) => {
    expect(detectDanger(text)).toBe(category);
  });

  it.each([
    'He hit me and now I want to die',
    'I want to die. He hit me every day.',
    'Tôi bị đánh, tôi muốn chết',
    '殴られた。死にたい',
  ])('lets self-harm win over violence: "%s"', (text) => {
    expect(detectDanger(text)).toBe('self_harm');
  });

  it.each([
    ['ＨＩＴ ＭＥ', 'violence'],
    ['ｍｙ ｂｏｓｓ ｋｉｃｋｅｄ ｍｅ', 'violence'],
    ['Ｉ ｗａｎｔ ｔｏ ｄｉｅ', 'self_harm'],
    ['ｓｕｉｃｉｄｅ', 'self_harm'],
    ['ｾｸﾊﾗされた', 'violence'],
  ])('folds full-width and half-width forms: "%s"', (text, category) => {
    expect(detectDanger(text)).toBe(category);
  });

  it('reads Vietnamese typed with combining accents (NFD) like precomposed text', () => {
    expect(detectDanger('tay tôi chảy máu'.normalize('NFD'))).toBe('violence');
    expect(detectDanger('tôi muốn chết'.normalize('NFD'))).toBe('self_harm');
  });

  it.each([
    'my salary was not paid',
    'My company did not pay my overtime for three months',
    'I want to change my job',
    'công ty không trả lương',
    'Công ty nợ lương tôi ba tháng rồi',
    'cong ty khong tra luong',
    '給料が払われていません',
    '残業代がもらえません',
  ])('does not flag an ordinary sentence about wages: "%s"', (text) => {
    expect(detectDanger(text)).toBeNull();
  });

  it('does not flag a Latin seed inside another word', () => {
    expect(detectDanger('I like grapes')).toBeNull(); // "rape"
    expect(detectDanger('the door was unlocked')).toBeNull(); // "locked"
  });
});
