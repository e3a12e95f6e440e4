import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../src/triage/language';

const ALL = ['vi', 'id', 'ja', 'en', 'my', 'fil', 'zh-Hans', 'km', 'th', 'ne'];

describe('the language of a first message', () => {
  it.each([
    ['Công ty không trả lương cho tôi', 'vi'],
    ['cong ty khong tra luong cho toi 3 thang', 'vi'],
    ['toi muon ve nuoc', 'vi'],
    ['ho lay ho chieu cua toi', 'vi'],
    ['gaji saya tidak dibayar selama tiga bulan', 'id'],
    ['paspor saya diambil perusahaan', 'id'],
    ['hindi binayaran ang sahod ko ng tatlong buwan', 'fil'],
    ['pasaporte ko kinuha ng kumiai', 'fil'],
    ['my company did not pay my salary', 'en'],
    ['給料が払われていません', 'ja'],
    ['きゅうりょうが ない', 'ja'],
    ['公司不给我工资', 'zh-Hans'],
    ['လစာ မရဘူး', 'my'],
    ['ក្រុមហ៊ុនមិនបើកប្រាក់ខែ', 'km'],
    ['บริษัทไม่จ่ายเงินเดือน', 'th'],
    ['मलाई तलब दिएन', 'ne'],
    // Romanised Nepali, code-switched Filipino and unaccented Vietnamese: their own frequent words.
    ['malai help garnus, company le bholi nepal pathaidinchu bhanyo', 'ne'],
    ['2 mahina dekhi talab diyena, ani company le passport rakhyo', 'ne'],
    ['sobrang overtime araw araw hanggang 11pm, walang day off', 'fil'],
    ['e bi ong chu tat vao mat hom qua', 'vi'],
  ])('%s → %s', (text, lang) => {
    expect(detectLanguage(text, ALL)).toBe(lang);
  });

  it('says nothing when unsure or when the language is not offered', () => {
    expect(detectLanguage('ok', ALL)).toBeNull();
    expect(detectLanguage('123 !!', ALL)).toBeNull();
    expect(detectLanguage('公司不给我工资', ['vi', 'en'])).toBeNull();
  });
});
