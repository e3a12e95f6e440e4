import { describe, expect, it } from 'vitest';
import { suggestCategories, textFlags } from '../../src/triage/categories';
import { detectDanger } from '../../src/triage/danger';
import { LEXICONS, type CategoryId } from '../../src/triage/lexicon';
import { fold } from '../../src/triage/normalise';
import { compilePhrase, prepare } from '../../src/triage/phrases';
import { CATEGORIES } from '../../src/triage/urgency';
import { loadLabelled } from './labelled';

/** The lexicons of my, km, th, ne and zh-Hans: shape, and the collisions they were written around. */
const MINE = ['my', 'km', 'th', 'ne', 'zh-Hans'] as const;
const SUGGESTED = CATEGORIES.filter((c) => c !== 'self_harm') as CategoryId[];
const LATIN = /^[\p{Script=Latin}\s'-]+$/u;

const listsOf = (lang: string) => {
  const l = LEXICONS[lang]!;
  return [
    l.danger.violence,
    l.danger.self_harm,
    l.threatToFamily,
    ...Object.values(l.categories),
  ] as string[][];
};

describe.each(MINE)('the %s lexicon', (lang) => {
  const lexicon = LEXICONS[lang]!;

  it('has 8 or more phrases for every category the bot suggests, and none for self-harm', () => {
    for (const c of SUGGESTED)
      expect(lexicon.categories[c]?.length ?? 0, c).toBeGreaterThanOrEqual(8);
    expect(lexicon.categories.self_harm).toBeUndefined();
    expect(lexicon.danger.violence.length).toBeGreaterThanOrEqual(30);
    expect(lexicon.danger.self_harm.length).toBeGreaterThanOrEqual(8);
    expect(lexicon.threatToFamily.length).toBeGreaterThanOrEqual(12);
  });

  it('has no duplicate within a list', () => {
    for (const list of listsOf(lang)) {
      const folded = list.map(fold);
      expect(folded.filter((p, i) => folded.indexOf(p) !== i)).toEqual([]);
    }
  });

  it('has no Latin phrase of one word under 5 letters (they would match English, Indonesian, Filipino)', () => {
    const short = listsOf(lang)
      .flat()
      .map(fold)
      .filter((p) => LATIN.test(p) && !p.includes(' ') && p.length < 5);
    expect(short).toEqual([]);
  });

  it('has no category hint of a single Chinese character or a single Thai, Khmer or Burmese syllable', () => {
    const tooShort = Object.values(lexicon.categories)
      .flat()
      .filter((p) => !LATIN.test(fold(p)) && [...p.replace(/\s/g, '')].length < 2);
    expect(tooShort).toEqual([]);
  });

  it('finds every phrase of its own inside a sentence', () => {
    const notFound = listsOf(lang)
      .flat()
      .filter((p) => !compilePhrase(p).test(prepare(`yesterday, ${p}. again`)));
    expect(notFound).toEqual([]);
  });
});

describe('danger words of the five languages', () => {
  it.each([
    ['my', 'သူဌေးက ကျွန်မကို ရိုက်တယ်', 'violence'],
    ['my', 'ကုမ္ပဏီက မနက်ဖြန် ပြန်ပို့မယ်တဲ့', 'violence'],
    ['my', 'လက်ချောင်း ကျိုးသွားတယ်', 'violence'],
    ['my', 'အသက်မရှင်ချင်တော့ဘူး', 'self_harm'],
    ['my', 'ကိုယ့်ကိုယ်ကို သတ်သေချင်တယ်', 'self_harm'],
    ['km', 'ថៅកែទះកំផ្លៀងខ្ញុំ', 'violence'],
    ['km', 'ក្រុមហ៊ុនមិនអោយចេញក្រៅទាល់តែសោះ', 'violence'],
    ['km', 'ម្រាមដៃបាក់', 'violence'],
    ['km', 'ខ្ញុំមិនចង់រស់ទៀតទេ', 'self_harm'],
    ['th', 'หัวหน้าต่อยผม', 'violence'],
    ['th', 'โดนตีที่หัว', 'violence'],
    ['th', 'เขาตีหนูทุกวัน', 'violence'],
    ['th', 'บริษัทจะส่งกลับประเทศพรุ่งนี้', 'violence'],
    ['th', 'ไม่อยากมีชีวิตอยู่แล้ว', 'self_harm'],
    ['ne', 'साहुले मलाई हान्यो', 'violence'],
    ['ne', 'बाहिर जान दिँदैन, कोठामा थुनेर राख्छ', 'violence'],
    ['ne', 'malai kutpit garyo', 'violence'],
    ['ne', 'company le nepal pathaidinchu bhanyo', 'violence'],
    ['ne', 'sahu le jiu chhoyo', 'violence'],
    ['ne', 'aba bachna man chaina', 'self_harm'],
    ['ne', 'म मरिदिन्छु', 'self_harm'],
    ['zh-Hans', '组合的人说明天送我回国', 'violence'],
    ['zh-Hans', '老板把我锁在宿舍里', 'violence'],
    ['zh-Hans', '活着没意思，不如死了算了', 'self_harm'],
  ])('%s: "%s" is %s', (_lang, text, danger) => {
    expect(detectDanger(text)).toBe(danger);
  });

  it.each([
    ['แต่อยู่กันหลายคน แต่อยากกลับบ้าน แต่อย่าบอกใคร', 'ต่อย (punch) inside แต่อย…'],
    ['ทำงานถึงตีสองทุกคืน นอนบนเตียงเก่าๆ', 'ตี (hit) inside ตีสอง (2 a.m.) and เตียง (bed)'],
    ['ปวดเท้า ตีนบวม', 'ตี inside ตีน (foot)'],
    ['ขอบคุณมาก ปาร์ตี้ปีใหม่', 'ตี inside ปาร์ตี้'],
    ['ពិបាកណាស់ ក្រុមហ៊ុនចាប់ផ្ដើមដោះស្រាយហើយ', 'បាក់ inside ពិបាក, ចាប់ដោះ inside ដោះស្រាយ'],
    ['အကျိုးခံစားခွင့် မရဘူး', 'ကျိုး (broken) inside အကျိုး (benefit)'],
    ['I am learning about machine learning and march to the office', 'romanised Nepali in English'],
    [
      'walang talab ang gamot, gali lubang tutup lubang',
      'romanised Nepali in Filipino and Indonesian',
    ],
  ])('raises no alarm for "%s" (%s)', (text) => {
    expect(detectDanger(text)).toBeNull();
  });
});

describe('category hints of the five languages', () => {
  it.each([
    // Japanese workplace words in the trainees' scripts.
    ['my', 'ကူမီအိုင်က ပတ်စပို့ကို သိမ်းထားတယ်', 'document_seizure'],
    ['my', 'ကိုယ်၀န် ရှိနေတယ်', 'pregnancy'],
    ['my', 'အချိန်ပိုကြေး မပေးဘူး', 'unpaid_wages'],
    ['km', 'គុមីអៃយកលិខិតឆ្លងដែនខ្ញុំ', 'document_seizure'],
    ['km', 'ខ្ញុំចង់ប្តូរក្រុមហ៊ុន', 'job_change'],
    ['km', 'ក្រុមហ៊ុនមិនឱ្យចេញក្រៅ', 'movement_restriction'],
    ['km', 'ក្រុមហ៊ុននិយាយថាគីកុគុ', 'forced_return'],
    ['th', 'ไซริวอยู่ที่บริษัท ไม่คืนให้', 'document_seizure'],
    ['th', 'ไม่ได้ค่าโอทีเลย', 'unpaid_wages'],
    ['th', 'หัวหน้าเซคุฮาระ', 'sexual_harassment'],
    ['th', 'บริษัทไม่ยอมทำโรไซให้', 'injury'],
    ['ne', 'talab diyena', 'unpaid_wages'],
    ['ne', 'company le passport khosyo', 'document_seizure'],
    ['ne', 'dherai overtime cha, bida chaina', 'excessive_hours'],
    ['ne', 'म्यानपावरलाई ८ लाख तिरेको', 'recruitment_debt'],
    ['zh-Hans', '残业代一直没给', 'unpaid_wages'],
    ['zh-Hans', '组合收了我的护照', 'document_seizure'],
    ['zh-Hans', '劳灾不给办', 'injury'],
    ['zh-Hans', '能不能换公司？', 'job_change'],
    ['zh-Hans', '能不能换公司？', 'question'],
  ])('%s: "%s" suggests %s', (_lang, text, category) => {
    expect(suggestCategories(text)).toContain(category);
  });

  it.each([
    ['ปวดท้องมาก กินข้าวไม่ได้', 'pregnancy', 'ท้อง (pregnant) inside ปวดท้อง (stomach ache)'],
    ['เป็นหนี้นายหน้า 5 แสน', 'left_workplace', 'หนี (run away) inside หนี้ (debt)'],
    ['ค่าหอพักแพงมาก', 'housing', 'a dorm fee is a deduction, not the dorm'],
    ['หนูตั้งท้อง นายหน้าบอกให้ทำแท้ง', 'recruitment_debt', 'a broker named is not a debt'],
    ['ဓာတ်ပုံ ရိုက်ထားတယ်', 'violence', 'ရိုက် is also taking a photo'],
    ['လိုင်းကနေ ဆက်သွယ်ပါ', 'sexual_harassment', 'လိင် (sex) is not inside လိုင်း (LINE)'],
    ['အပြင်ထွက်ခွင့် မပေးဘူး', 'excessive_hours', 'not allowed out is not "no leave"'],
    [
      'ខ្ញុំមានផ្ទៃពោះ ក្រុមហ៊ុនបញ្ជូនប្រាប់ឲ្យរំលូតកូន',
      'recruitment_debt',
      'a sending company named is not a debt',
    ],
    ['ធ្វើការប្រាក់ខែតិច', 'recruitment_debt', 'ការប្រាក់ (interest) inside ធ្វើការ + ប្រាក់ខែ'],
    ['我想回国生活', 'pregnancy', '回国生 inside 回国生活'],
    ['宿舍费太贵了', 'housing', 'a dorm fee is a deduction'],
    [
      '社長に残業代を払ってもらえません',
      'excessive_hours',
      'Japanese kanji are not Chinese phrases',
    ],
    ['the machine left a mark', 'injury', 'romanised Nepali machine-le in English'],
    ['walang talab ang gamot', 'unpaid_wages', 'talab is Filipino'],
    ['manpower agency sa Pilipinas', 'recruitment_debt', 'an agency named is not a debt'],
  ])('"%s" does not suggest %s (%s)', (text, category) => {
    expect(suggestCategories(text)).not.toContain(category);
  });

  it.each([
    ['my', 'ကျွန်တော် ထွက်ရင် မိဘတွေက လျော်ရမယ်တဲ့'],
    ['km', 'មេខ្យល់គំរាមថានឹងយកដីគ្រួសារខ្ញុំ'],
    ['th', 'นายหน้าขู่ว่าจะให้พ่อแม่ใช้หนี้แทน'],
    ['ne', 'दलालले परिवारलाई धम्की दियो'],
    ['ne', 'kaam chhode pariwar le tirnu parcha bhanchha'],
    ['zh-Hans', '中介说我不还钱就找我爸妈'],
  ])('%s: "%s" is a threat to the family', (_lang, text) => {
    expect(textFlags(text)).toContain('threat_to_family');
  });

  it('give no wrong hint on the labelled messages of the other five languages', () => {
    const theirs = loadLabelled().filter((m) => !(MINE as readonly string[]).includes(m.language));
    const compiled = MINE.flatMap((lang) =>
      Object.entries(LEXICONS[lang]!.categories).flatMap(([category, phrases]) =>
        phrases!.map((p) => ({ lang, category, p, phrase: compilePhrase(p) })),
      ),
    );
    const wrong = theirs.flatMap((m) => {
      const text = prepare(m.text);
      const allowed = [...m.categories, ...(m.acceptAlso ?? [])];
      return compiled
        .filter((c) => c.phrase.test(text) && !allowed.includes(c.category))
        .map((c) => `${m.file}#${m.index + 1}: ${c.lang} "${c.p}" → ${c.category}`);
    });
    expect(wrong).toEqual([]);
  });
});
