import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { suggestCategories } from '../../src/triage/categories';
import { detectDanger } from '../../src/triage/danger';
import { looksLikeZawgyi, zawgyiToUnicode } from '../../src/triage/zawgyi';

/**
 * Zawgyi strings as a Zawgyi keyboard stores them (visual order: ေ and the medial ra before the
 * consonant, U+1039 as the asat, precomposed U+1060–U+1097 glyphs), with the Unicode they mean.
 */
const PAIRS: [zawgyi: string, unicode: string, what: string][] = [
  ['ရိုက္', 'ရိုက်', 'hit (asat U+1039 → U+103A)'],
  ['ေသခ်င္တယ္', 'သေချင်တယ်', 'I want to die (ေ before its consonant, ya-pin U+103A → U+103B)'],
  ['လစာ မေပးဘူး', 'လစာ မပေးဘူး', 'they do not pay the salary'],
  ['ေျပာ', 'ပြော', 'say (ေ and ra before the consonant)'],
  ['ျမန္မာ', 'မြန်မာ', 'Myanmar'],
  ['ကြၽန္ေတာ္', 'ကျွန်တော်', 'I (wa typed before the short ya U+107D)'],
  ['ကြၽန္ုပ္', 'ကျွန်ုပ်', 'I, formal (a vowel after the asat stays after it)'],
  ['ေသြးထြက္ေနတယ္', 'သွေးထွက်နေတယ်', 'is bleeding (wa U+103C → U+103D)'],
  ['ရွိ', 'ရှိ', 'there is (ha U+103D → U+103E)'],
  ['မႈ', 'မှု', 'ha + u ligature U+1088'],
  ['ရႈံး', 'ရှုံး', 'ha + u, then anusvara'],
  ['ႂကြက္', 'ကြွက်', 'ra variant U+1082 with wa'],
  ['ၿခိမ္းေျခာက္', 'ခြိမ်းခြောက်', 'threaten (ra variant U+107F)'],
  ['ေႏွာင့္ယွက္', 'နှောင့်ယှက်', 'harass (short-legged na U+108F, dot before asat)'],
  ['ကုမၸဏီ', 'ကုမ္ပဏီ', 'company (stacked pa U+1078)'],
  ['ကမာၻ', 'ကမ္ဘာ', 'world (stacked bha U+107B typed after aa)'],
  ['အဂၤလိပ္', 'အင်္ဂလိပ်', 'English (kinzi U+1064 after its consonant)'],
  ['သေဘၤာ', 'သင်္ဘော', 'ship (kinzi with ေ)'],
  ['ေန႕', 'နေ့', 'day (dot below variant U+1095)'],
  ['ပို႔', 'ပို့', 'send (dot below variant U+1094)'],
  ['ေပၚ', 'ပေါ်', 'on (tall aa + asat U+105A)'],
  ['\u1031\u1006\u1038\u1090\u102f\u1036', 'ဆေးရုံ', 'hospital (ra variant U+1090)'],
  ['၀န္ထမ္း', 'ဝန်ထမ်း', 'employee (digit zero typed for wa)'],
  ['ေ၀း', 'ဝေး', 'far (digit zero after ေ)'],
  ['၎ေၾကာင့္', '၎င်းကြောင့်', 'because of it: ၎ alone stands for ၎င်း'],
  ['\u1025\u102e\u1038\u1031\u101c\u1038', 'ဦးလေး', 'uncle: ဥ + ီ is ဦ'],
  ['ေဈး', 'ဈေး', 'market'],
  ['ဒဏ္ရာ', 'ဒဏ်ရာ', 'wound (asat before ra, which never stacks)'],
  ['ဘယ္လိုလုပ္ရမလဲ', 'ဘယ်လိုလုပ်ရမလဲ', 'what should I do'],
];

/** Whole sentences a trainee might send, typed in Zawgyi. */
const SENTENCES: [zawgyi: string, unicode: string][] = [
  ['ဆရာက ရိုက္လို႔ ေသြးထြက္ေနတယ္', 'ဆရာက ရိုက်လို့ သွေးထွက်နေတယ်'],
  ['ပတ္စပို႔ကို ကုမၸဏီက သိမ္းထားတယ္', 'ပတ်စပို့ကို ကုမ္ပဏီက သိမ်းထားတယ်'],
  ['ကြၽန္မ ကိုယ္ဝန္ရွိေနလို႔ ျမန္မာျပည္ျပန္ခိုင္းတယ္', 'ကျွန်မ ကိုယ်ဝန်ရှိနေလို့ မြန်မာပြည်ပြန်ခိုင်းတယ်'],
  ['အလုပ္ရွင္က ဖုန္းကို သိမ္းထားၿပီး အျပင္မထြက္ရဘူး', 'အလုပ်ရှင်က ဖုန်းကို သိမ်းထားပြီး အပြင်မထွက်ရဘူး'],
  ['ညေန ၁၀ နာရီထိ အလုပ္လုပ္ရတယ္', 'ညနေ ၁၀ နာရီထိ အလုပ်လုပ်ရတယ်'],
  ['boss က ရိုက္တယ္ help me!', 'boss က ရိုက်တယ် help me!'],
];

const UNICODE_BURMESE = [
  'ရိုက်',
  'သေချင်တယ်',
  'လစာ မပေးဘူး',
  'မြန်မာ',
  'ကျွန်တော် ကုမ္ပဏီပြောင်းချင်တယ်',
  'ကျွန်ုပ်တို့ကို ပြောပြခဲ့တာ အားလုံးကို ဖျက်ချင်ပါသလား။',
  'အင်္ဂလိပ်စာ နည်းနည်း ပြောတတ်တယ်',
  'သင်္ဘောပေါ်မှာ အလုပ်လုပ်တယ်',
  'အခုချက်ချင်း အန္တရာယ်ရှိနေရင် 110 ကို ဖုန်းဆက်ပါ။',
  'ဘယ်ဘာသာစကားကို သုံးချင်ပါသလဲ။',
];

describe('Zawgyi to Unicode', () => {
  it.each(PAIRS)('converts %s to %s (%s)', (zawgyi, unicode) => {
    expect(looksLikeZawgyi(zawgyi)).toBe(true);
    expect(zawgyiToUnicode(zawgyi)).toBe(unicode);
  });

  it.each(SENTENCES)('converts the sentence %s', (zawgyi, unicode) => {
    expect(zawgyiToUnicode(zawgyi)).toBe(unicode);
  });

  it.each(UNICODE_BURMESE)('leaves Unicode Burmese as it is: %s', (text) => {
    expect(looksLikeZawgyi(text)).toBe(false);
    expect(zawgyiToUnicode(text)).toBe(text);
  });

  it('leaves every Burmese text the bot itself sends (locales/my) as it is', () => {
    const dir = new URL('../../locales/my/', import.meta.url);
    const texts: string[] = [];
    const walk = (v: unknown): void => {
      if (typeof v === 'string') texts.push(v);
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    for (const f of readdirSync(dir)) walk(JSON.parse(readFileSync(new URL(f, dir), 'utf8')));
    const burmese = texts.filter((t) => /[\u1000-\u109f]/u.test(t));
    expect(burmese.length).toBeGreaterThan(20);
    expect(burmese.filter((t) => zawgyiToUnicode(t) !== t)).toEqual([]);
  });

  it('leaves text without Burmese letters as it is', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const text = s.replace(/[\u1000-\u109f]/gu, '');
        expect(zawgyiToUnicode(text)).toBe(text);
      }),
    );
    for (const text of [
      '',
      'my boss hit me',
      'ผมอยากตาย',
      'ខ្ញុំចង់ស្លាប់',
      '老板打我',
      '社長に殴られた',
    ])
      expect(zawgyiToUnicode(text)).toBe(text);
  });

  it('is stable: converted text is not converted again', () => {
    for (const [zawgyi] of [...PAIRS, ...SENTENCES]) {
      const once = zawgyiToUnicode(zawgyi);
      expect(zawgyiToUnicode(once)).toBe(once);
    }
  });

  it('never throws and keeps every non-Burmese character, whatever it is given', () => {
    const burmese = fc.constantFrom(
      ...'\u1000\u1001\u1010\u1019\u101b\u102c\u102d\u102f\u1031\u1036\u1037\u1038\u1039\u103a\u103b\u103c\u103d\u1040\u1047\u104e\u105a\u1060\u1064\u107e\u108f\u1094 ab',
    );
    fc.assert(
      fc.property(fc.array(burmese, { maxLength: 40 }), (chars) => {
        const text = chars.join('');
        const out = zawgyiToUnicode(text);
        expect(out.replace(/[\u1000-\u109f]/gu, '')).toBe(text.replace(/[\u1000-\u109f]/gu, ''));
      }),
    );
  });

  it('is fast on a long message', () => {
    const long = SENTENCES.map(([z]) => z)
      .join(' ')
      .repeat(50); // about 8,000 characters
    const start = performance.now();
    for (let i = 0; i < 10; i++) zawgyiToUnicode(long);
    expect((performance.now() - start) / 10).toBeLessThan(50);
  });
});

describe('danger and category words typed in Zawgyi', () => {
  it.each([
    ['သူေဌးက ကြၽန္မကို ရိုက္တယ္', 'violence'],
    ['ေသြးထြက္ေနတယ္', 'violence'],
    ['ကြၽန္ေတာ္ ေသခ်င္တယ္', 'self_harm'],
    ['အိမ္ျပန္ခိုင္းတယ္ ေလဆိပ္ကို ေခၚသြားမယ္တဲ့', 'violence'],
    ['ညဘက္ သူေဌးက ထိကိုင္တယ္', 'violence'],
  ])('detects danger in %s', (text, danger) => {
    expect(detectDanger(text)).toBe(danger);
  });

  it.each([
    ['လစာ မေပးဘူး', 'unpaid_wages'],
    ['ပတ္စပို႔ကို ကုမၸဏီက သိမ္းထားတယ္', 'document_seizure'],
    ['ကိုယ္ဝန္ရွိလို႔ ျပန္ခိုင္းတယ္', 'pregnancy'],
    ['ကုမၸဏီ ေျပာင္းခ်င္တယ္', 'job_change'],
  ])('suggests a category for %s', (text, category) => {
    expect(suggestCategories(text)).toContain(category);
  });
});
