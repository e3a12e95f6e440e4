import { describe, expect, it } from 'vitest';
import { suggestCategories, textFlags } from '../../src/triage/categories';
import { detectDanger } from '../../src/triage/danger';
import { LEXICONS, type CategoryId } from '../../src/triage/lexicon';
import { fold, stripLatinDiacritics } from '../../src/triage/normalise';
import { compilePhrase, prepare } from '../../src/triage/phrases';
import { CATEGORIES } from '../../src/triage/urgency';

/** The lexicons of vi, id, fil, en and ja: shape, and the collisions they were written around. */
const MINE = ['vi', 'id', 'fil', 'en', 'ja'] as const;
const SUGGESTED = CATEGORIES.filter((c) => c !== 'self_harm') as CategoryId[];
const LATIN = /^[\p{Script=Latin}\s'-]+$/u;
/** Short Latin phrases kept on purpose: no word of our languages starts with them. */
const SHORT_OK = new Set(['tnt']);

const phrasesOf = (lang: (typeof MINE)[number]) => {
  const l = LEXICONS[lang]!;
  return [
    ...l.danger.violence,
    ...l.danger.self_harm,
    ...Object.values(l.categories).flat(),
    ...l.threatToFamily,
  ];
};

describe.each(MINE)('the %s lexicon', (lang) => {
  const lexicon = LEXICONS[lang]!;

  it('has 4 or more phrases for every category the bot suggests, 8 or more for most', () => {
    const counts = SUGGESTED.map((c) => [c, lexicon.categories[c]?.length ?? 0] as const);
    for (const [c, n] of counts) expect(n, c).toBeGreaterThanOrEqual(4);
    expect(counts.filter(([, n]) => n >= 8).length).toBeGreaterThanOrEqual(SUGGESTED.length - 2);
    expect(lexicon.categories.self_harm).toBeUndefined();
    expect(lexicon.threatToFamily.length).toBeGreaterThanOrEqual(8);
  });

  it('has no duplicate within a list, and no unaccented Latin phrase under 4 letters', () => {
    const lists = [
      lexicon.danger.violence,
      lexicon.danger.self_harm,
      lexicon.threatToFamily,
      ...Object.values(lexicon.categories),
    ];
    for (const list of lists) {
      const folded = list.map(fold);
      expect(folded.filter((p, i) => folded.indexOf(p) !== i)).toEqual([]);
    }
    const short = phrasesOf(lang).filter((p) => {
      const f = fold(p);
      // With accents a short Vietnamese syllable only matches itself: the risk is in bare forms.
      const bare = f === stripLatinDiacritics(f);
      return LATIN.test(f) && bare && f.replace(/[\s'-]/g, '').length < 4 && !SHORT_OK.has(f);
    });
    expect(short).toEqual([]);
  });

  it('finds every phrase of its own inside a sentence', () => {
    const notFound = phrasesOf(lang).filter(
      (p) => !compilePhrase(p).test(prepare(`yesterday, ${p}. again`)),
    );
    expect(notFound).toEqual([]);
  });
});

describe('words the lexicons must not mistake', () => {
  it.each([
    // Vietnamese typed without accents collides with other words.
    ['vậy em phải làm sao', 'vay (borrow) is vậy (so)'],
    ['vay em phai lam sao', 'vay (borrow) is vậy (so)'],
    ['em cần tư vấn', 'tự vẫn (suicide) without accents is tư vấn (advice)'],
    ['em sắp thi kỳ thi tay nghề', 'kỳ thị (discrimination) is kỳ thi (exam)'],
    ['lương của em cao hơn em nghĩ', 'hôn em (kiss) is hơn em (than me)'],
    ['em đang nói chuyện với bạn', 'đang nợ (in debt) begins đang nói'],
    ['rồi từ đó em đi làm ở nhà máy', 'rơi từ (fell from), đến nhà (to the house)'],
    ['em chat qua line với bạn', 'chật quá (too cramped) is chat qua'],
    // Indonesian, Filipino, English.
    ['kerja dari pukul 8 sampai pukul 5', 'pukul is also o’clock'],
    ['calon pekerja magang ke Jepang', 'calo (broker) begins calon'],
    ['mau bobo dulu ya', 'bobo is sleep in Indonesian'],
    ['Baka late ako bukas', 'baka is maybe in Tagalog'],
    ['tinggal di Amagasaki', 'amag (mould) begins Amagasaki'],
    ['I work at an injection molding factory', 'mold begins molding'],
    ['I like grapes', 'rape'],
    // Japanese substrings.
    ['かいしゃに いきます', 'いしゃ (doctor) is in かいしゃ'],
    ['まだ ばかりです', 'ばか is in ばかり'],
    ['いまのところすごく げんきです', 'ころす is in ところすごく'],
    ['ありがとうございます、かんしゃしています', 'かんし (surveillance) is in かんしゃ'],
    ['女性的工资', '性的 is in Chinese 女性的'],
    ['我每天都很痛苦', '痛 (pain) is in Chinese 痛苦 (suffering)'],
  ])('"%s" (%s)', (text) => {
    const hits = suggestCategories(text).filter((c) => c !== 'question');
    expect({ hits, danger: detectDanger(text), flags: textFlags(text) }).toEqual({
      hits: [],
      danger: null,
      flags: [],
    });
  });

  it.each([
    'xin chào, cảm ơn anh nhiều',
    'chào chị, em là thực tập sinh ở Aichi',
    'terima kasih banyak atas bantuannya',
    'salamat po sa tulong',
    'hello, good morning',
    'thank you so much',
    'こんにちは。ありがとうございます。',
  ])('a greeting suggests nothing: "%s"', (text) => {
    expect([suggestCategories(text), detectDanger(text)]).toEqual([[], null]);
  });
});

describe('danger words added for vi, id, fil, en, ja', () => {
  it.each([
    ['không muốn sống nữa', 'self_harm'],
    ['e ko muon song nua', 'self_harm'],
    ['chán sống lắm rồi', 'self_harm'],
    ['pagod na ako mabuhay', 'self_harm'],
    ['ayoko nang mabuhay', 'self_harm'],
    ["I can't go on like this", 'self_harm'],
    ['I want to end my life', 'self_harm'],
    ['saya capek hidup, pengen mati', 'self_harm'],
    ['もう 生きていたくない', 'self_harm'],
    ['きえたい', 'self_harm'],
    ['tổ trưởng đá em ngã', 'violence'],
    ['bi nhot trong phong', 'violence'],
    ['mai ve nuoc roi, cuu em voi', 'violence'],
    ['saya disekap di asrama', 'violence'],
    ['binugbog ako ng amo ko', 'violence'],
    ['hinihipuan ako ng amo ko', 'violence'],
    ['my colleague is unconscious', 'violence'],
    ['he said he will kill me', 'violence'],
    ['they are taking me to the airport now', 'violence'],
    ['どうりょうが 熱中症で たおれました', 'violence'],
    ['上司に ころされると おもう', 'violence'],
  ])('"%s" is %s', (text, category) => {
    expect(detectDanger(text)).toBe(category);
  });
});

describe('threats to the family at home', () => {
  it.each([
    'môi giới dọa sẽ xuống tận nhà bố mẹ em',
    'neu em bo ve thi gia dinh phai den tien',
    'calo bilang keluarga saya harus bayar',
    'mereka mengancam keluarga saya di kampung',
    'pupuntahan daw nila ang pamilya ko sa probinsya',
    'the broker threatened my family in Vietnam',
    'they will make my family pay',
    'ブローカーが 家族に お金を はらわせると 言った',
  ])('"%s"', (text) => {
    expect(textFlags(text)).toEqual(['threat_to_family']);
  });
});
