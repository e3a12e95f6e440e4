import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  IDENTIFIER_KINDS,
  REDACTION_TOKENS,
  redactAll,
  redactIdentifiers,
  type IdentifierKind,
} from '../../src/privacy/redact';

type Lang = 'vi' | 'id' | 'ja' | 'en' | 'my' | 'fil' | 'zh-Hans' | 'km' | 'th' | 'ne';

/** [language, what the reporter typed, what leaves the record, kinds found]. */
const MASKED: [Lang, string, string, IdentifierKind[]][] = [
  // Vietnamese
  [
    'vi',
    'Số điện thoại của em là 090-1234-5678, anh gọi sau 9 giờ tối nhé',
    'Số điện thoại của em là [phone], anh gọi sau 9 giờ tối nhé',
    ['phone'],
  ],
  ['vi', 'sdt em 09012345678 zalo cũng số này', 'sdt em [phone] zalo cũng số này', ['phone']],
  ['vi', 'Số ở Việt Nam của mẹ em: +84 912 345 678', 'Số ở Việt Nam của mẹ em: [phone]', ['phone']],
  ['vi', 'gọi cho em số 0912.345.678 nha', 'gọi cho em số [phone] nha', ['phone']],
  ['vi', 'Số em 0901234567 k phải của chủ đâu', 'Số em [phone] k phải của chủ đâu', ['phone']],
  [
    'vi',
    'Công ty giữ hộ chiếu C1234567 của em từ tháng 4',
    'Công ty giữ hộ chiếu [passport no.] của em từ tháng 4',
    ['passport'],
  ],
  [
    'vi',
    'Thẻ cư trú của em số AB12345678CD bị công ty lấy',
    'Thẻ cư trú của em số [residence card no.] bị công ty lấy',
    ['residence_card'],
  ],
  ['vi', 'email em là nguyenvanan.1998@gmail.com', 'email em là [email]', ['email']],
  [
    'vi',
    'Lương chuyển vào tài khoản 1234567 nhưng sổ bị giữ',
    'Lương chuyển vào tài khoản [bank account] nhưng sổ bị giữ',
    ['bank_account'],
  ],
  ['vi', 'facebook của em: facebook.com/nguyen.van.an.98', 'facebook của em: [id]', ['id']],
  ['vi', 'CCCD của em 001099012345', 'CCCD của em [ID card no.]', ['national_id']],
  // Indonesian
  [
    'id',
    'Nomor HP saya 080-9876-5432, tolong hubungi malam saja',
    'Nomor HP saya [phone], tolong hubungi malam saja',
    ['phone'],
  ],
  [
    'id',
    'Nomor keluarga di Indonesia +62 812-3456-7890',
    'Nomor keluarga di Indonesia [phone]',
    ['phone'],
  ],
  [
    'id',
    'Paspor saya nomor B1234567 ditahan oleh perusahaan',
    'Paspor saya nomor [passport no.] ditahan oleh perusahaan',
    ['passport'],
  ],
  [
    'id',
    'Gaji ditransfer ke rekening 7654321 tapi buku tabungan dipegang bos',
    'Gaji ditransfer ke rekening [bank account] tapi buku tabungan dipegang bos',
    ['bank_account'],
  ],
  ['id', 'email saya siti.rahma@yahoo.co.id', 'email saya [email]', ['email']],
  ['id', 'id line saya: siti_rahma88', 'id line saya: [id]', ['id']],
  [
    'id',
    'Kartu izin tinggal saya nomor ab 1234 5678 cd',
    'Kartu izin tinggal saya nomor [residence card no.]',
    ['residence_card'],
  ],
  ['id', 'NIK KTP saya 3201234567890001', 'NIK KTP saya [ID card no.]', ['national_id']],
  ['id', 'Nomor saya 0812 3456 7890 ya', 'Nomor saya [phone] ya', ['phone']],
  // Japanese
  [
    'ja',
    '電話番号は090-1234-5678です。夜なら出られます',
    '電話番号は[phone]です。夜なら出られます',
    ['phone'],
  ],
  ['ja', '実家の電話は(03)1234-5678です', '実家の電話は[phone]です', ['phone']],
  ['ja', '電話：０９０－１２３４－５６７８', '電話：[phone]', ['phone']],
  ['ja', '電話は090ー1234ー5678', '電話は[phone]', ['phone']],
  [
    'ja',
    '在留カード番号はAB12345678CDです',
    '在留カード番号は[residence card no.]です',
    ['residence_card'],
  ],
  ['ja', 'マイナンバーは1234 5678 9012です', 'マイナンバーは[my number]です', ['my_number']],
  [
    'ja',
    'パスポート番号 TK1234567 を会社に取られました',
    'パスポート番号 [passport no.] を会社に取られました',
    ['passport'],
  ],
  [
    'ja',
    'ゆうちょの口座番号は1234567です',
    'ゆうちょの口座番号は[bank account]です',
    ['bank_account'],
  ],
  ['ja', 'LINEのID：tanaka_0123 に連絡してください', 'LINEのID：[id] に連絡してください', ['id']],
  ['ja', 'メールはtanaka＠example.jpです', 'メールは[email]です', ['email']],
  [
    'ja',
    '寮の住所は豊田市2丁目3番4号の201号室です',
    '寮の住所は豊田市[address]の[address]です',
    ['address'],
  ],
  ['ja', '〒471-0001 の寮に住んでいます', '[address] の寮に住んでいます', ['address']],
  // English
  [
    'en',
    'My phone is 080 1234 5678, call after 9pm',
    'My phone is [phone], call after 9pm',
    ['phone'],
  ],
  ['en', 'You can reach me at +81 90-1234-5678', 'You can reach me at [phone]', ['phone']],
  ['en', 'or +81 (0)90 1234 5678 on weekends', 'or [phone] on weekends', ['phone']],
  ['en', 'my email is joy.santos at gmail dot com', 'my email is [email]', ['email']],
  [
    'en',
    'The company took my residence card AB 1234 5678 CD and my passport P1234567A',
    'The company took my residence card [residence card no.] and my passport [passport no.]',
    ['residence_card', 'passport'],
  ],
  ['en', 'My Number: 123456789012', 'My Number: [my number]', ['my_number']],
  ['en', 'add me on LINE, my line id is joy_s1990', 'add me on LINE, my line id is [id]', ['id']],
  [
    'en',
    'bank account no. 1234567 at Japan Post',
    'bank account no. [bank account] at Japan Post',
    ['bank_account'],
  ],
  ['en', 'follow me @joy_santos on instagram', 'follow me [id] on instagram', ['id']],
  [
    'en',
    'my facebook https://www.facebook.com/profile.php?id=100012345678901.',
    'my facebook [id].',
    ['id'],
  ],
  ['en', 'ID: joysantos90', 'ID: [id]', ['id']],
  [
    'en',
    'call 090.1234.5678 or mail joy@example.com',
    'call [phone] or mail [email]',
    ['phone', 'email'],
  ],
  // Burmese
  ['my', 'ကျွန်တော့်ဖုန်း 090-1234-5678 ပါ', 'ကျွန်တော့်ဖုန်း [phone] ပါ', ['phone']],
  ['my', 'မြန်မာဖုန်း +95 9 123 456 789 ကိုဆက်ပါ', 'မြန်မာဖုန်း [phone] ကိုဆက်ပါ', ['phone']],
  ['my', '၀၉၀၁၂၃၄၅၆၇၈ ကိုဆက်ပါ', '[phone] ကိုဆက်ပါ', ['phone']],
  ['my', 'ဖုန်း ဝ၉ ၁၂၃ ၄၅၆ ၇၈၉', 'ဖုန်း [phone]', ['phone']],
  [
    'my',
    'ပတ်စ်ပို့ နံပါတ် MA123456 ကို ကုမ္ပဏီက သိမ်းထားတယ်',
    'ပတ်စ်ပို့ နံပါတ် [passport no.] ကို ကုမ္ပဏီက သိမ်းထားတယ်',
    ['passport'],
  ],
  ['my', 'မှတ်ပုံတင် 12/OuKaMa(N)123456', 'မှတ်ပုံတင် [ID card no.]', ['national_id']],
  ['my', 'ဇိုင်ယူကတ် AB12345678CD', 'ဇိုင်ယူကတ် [residence card no.]', ['residence_card']],
  // Filipino
  [
    'fil',
    'Ang number ko ay 090-1234-5678, text lang po',
    'Ang number ko ay [phone], text lang po',
    ['phone'],
  ],
  ['fil', 'Tawagan ang nanay ko sa +63 917 123 4567', 'Tawagan ang nanay ko sa [phone]', ['phone']],
  [
    'fil',
    'Kinuha ng amo ang passport ko, P1234567A ang numero',
    'Kinuha ng amo ang passport ko, [passport no.] ang numero',
    ['passport'],
  ],
  ['fil', 'Ang email ko ay maria.cruz@gmail.com', 'Ang email ko ay [email]', ['email']],
  ['fil', 'Sa fb.me/maria.cruz.88 ako mag-message', 'Sa [id] ako mag-message', ['id']],
  [
    'fil',
    'Account number ko sa bangko 1234567',
    'Account number ko sa bangko [bank account]',
    ['bank_account'],
  ],
  [
    'fil',
    'Residence card ko: ab12345678cd',
    'Residence card ko: [residence card no.]',
    ['residence_card'],
  ],
  ['fil', 'Sa Pinas: 0917 123 4567', 'Sa Pinas: [phone]', ['phone']],
  // Chinese
  ['zh-Hans', '我的电话是080-1234-5678，晚上可以打', '我的电话是[phone]，晚上可以打', ['phone']],
  ['zh-Hans', '国内家人电话 +86 138 1234 5678', '国内家人电话 [phone]', ['phone']],
  ['zh-Hans', '我妈妈的手机 13812345678', '我妈妈的手机 [phone]', ['phone']],
  [
    'zh-Hans',
    '我的护照号码是E12345678，被公司拿走了',
    '我的护照号码是[passport no.]，被公司拿走了',
    ['passport'],
  ],
  ['zh-Hans', '微信号：wang_li88', '微信号：[id]', ['id']],
  ['zh-Hans', '在留卡号码 AB12345678CD', '在留卡号码 [residence card no.]', ['residence_card']],
  ['zh-Hans', '工资打到我的账户 1234567', '工资打到我的账户 [bank account]', ['bank_account']],
  ['zh-Hans', '我的邮箱 wangli@qq.com', '我的邮箱 [email]', ['email']],
  // Khmer
  ['km', 'លេខទូរស័ព្ទខ្ញុំ 080-1234-5678', 'លេខទូរស័ព្ទខ្ញុំ [phone]', ['phone']],
  ['km', 'លេខនៅស្រុក +855 12 345 678', 'លេខនៅស្រុក [phone]', ['phone']],
  ['km', 'លេខ ០៩០១២៣៤៥៦៧៨', 'លេខ [phone]', ['phone']],
  ['km', 'លេខ 090\u200b1234\u200b5678', 'លេខ [phone]', ['phone']],
  [
    'km',
    'លិខិតឆ្លងដែនលេខ N1234567 ត្រូវក្រុមហ៊ុនយក',
    'លិខិតឆ្លងដែនលេខ [passport no.] ត្រូវក្រុមហ៊ុនយក',
    ['passport'],
  ],
  ['km', 'គណនីធនាគារ 1234567', 'គណនីធនាគារ [bank account]', ['bank_account']],
  // Thai
  ['th', 'เบอร์โทรของฉัน 090-1234-5678 ค่ะ', 'เบอร์โทรของฉัน [phone] ค่ะ', ['phone']],
  ['th', 'เบอร์ที่เมืองไทย +66 81 234 5678', 'เบอร์ที่เมืองไทย [phone]', ['phone']],
  ['th', 'ไอดีไลน์ somchai_99 นะคะ', 'ไอดีไลน์ [id] นะคะ', ['id']],
  [
    'th',
    'หนังสือเดินทางเลขที่ AA1234567 ถูกนายจ้างยึด',
    'หนังสือเดินทางเลขที่ [passport no.] ถูกนายจ้างยึด',
    ['passport'],
  ],
  ['th', 'โทร ๐๙๐๑๒๓๔๕๖๗๘', 'โทร [phone]', ['phone']],
  ['th', 'เลขบัญชี 1234567 ธนาคารยูโจ', 'เลขบัญชี [bank account] ธนาคารยูโจ', ['bank_account']],
  // Nepali
  ['ne', 'मेरो फोन नम्बर 090-1234-5678 हो', 'मेरो फोन नम्बर [phone] हो', ['phone']],
  ['ne', 'नेपालमा बुबाको नम्बर +977 9812345678', 'नेपालमा बुबाको नम्बर [phone]', ['phone']],
  ['ne', 'मेरो नम्बर ०९०१२३४५६७८', 'मेरो नम्बर [phone]', ['phone']],
  [
    'ne',
    'राहदानी नम्बर 12345678 कम्पनीले राखेको छ',
    'राहदानी नम्बर [passport no.] कम्पनीले राखेको छ',
    ['passport'],
  ],
  ['ne', 'नेपालको नम्बर ९८४१२३४५६७ मा फोन गर्नुहोस्', 'नेपालको नम्बर [phone] मा फोन गर्नुहोस्', ['phone']],
  ['ne', 'नागरिकता नं. 27-01-75-01234', 'नागरिकता नं. [ID card no.]', ['national_id']],
];

/** [language, words that must leave exactly as typed]. */
const KEPT: [Lang, string][] = [
  ['vi', 'Công ty không trả lương 3 tháng, nợ em 150,000 yên'],
  ['vi', 'Phí môi giới 150000000 đồng, em phải vay ngân hàng'],
  ['vi', 'Em nợ 1.500.000 đồng và 200000000đ tiền đặt cọc'],
  ['vi', 'Ngày 2026-11-03 em bị đánh, từ 3/11 em làm 300 tiếng một tháng'],
  ['vi', 'Em làm từ 08:00 đến 22:00, ngày 03.11.2026 10 giờ sáng chủ đánh em'],
  ['vi', 'Mã hồ sơ của em là HT-23456-78923'],
  ['vi', 'Em gọi OTIT 0120-250-168 rồi nhưng không ai nghe'],
  ['id', 'Potongan gaji Rp1500000 setiap bulan'],
  ['id', 'Saya kerja 12 jam sehari sejak 2024'],
  ['id', 'Utang ke LPK 35 juta rupiah, atau 1500000000 rupiah total'],
  ['id', 'Tanggal 03.11.2026 saya dipukul di JP-23'],
  ['ja', '給料は15万円しかもらっていません'],
  ['ja', '残業は月100時間以上です。時給は1,000円です'],
  ['ja', '2026年11月3日から寮に住んでいます'],
  ['ja', '労働条件相談ほっとライン 0120-811-610 に電話しました'],
  ['ja', '東京都 (JP-13) で働いています。#9110 に相談しました'],
  ['ja', '9:00-17:00 の間に 0570-013904 にかけました'],
  ['en', 'I worked 300 hours last month and got 150,000 yen'],
  ['en', 'They deduct 30000 yen for the dormitory every month since 2019'],
  ['en', 'I stand in line for 2 hours every morning'],
  ['en', 'My case code is HT-ABCDE-FGHJK, please check'],
  ['en', 'Call 119 now, or 110 for the police'],
  ['en', 'I called 0570-078377 and 0120-279-338 yesterday'],
  ['en', 'The line manager shouted at me on 12/3 at 21:30'],
  ['my', 'လစာ ၁၅၀၀၀၀ ယန်း ပဲရတယ်'],
  ['my', 'ပွဲစားကို ကျပ် ၅၀၀၀၀၀၀ ပေးရတယ်'],
  ['my', 'တစ်ရက် ၁၂ နာရီ အလုပ်လုပ်ရတယ်'],
  ['fil', 'Ang sahod ko ay 150,000 yen pero kulang'],
  ['fil', 'Nagtrabaho ako ng 14 oras kahapon, 2026-11-02'],
  ['fil', 'Utang ko sa agency ay 120000 pesos'],
  ['zh-Hans', '每个月工资只有15万日元'],
  ['zh-Hans', '加班时间是每月100小时，中介费3万元'],
  ['zh-Hans', '2026年11月3日我在JP-23工作'],
  ['km', 'ប្រាក់ខែ 150000 យ៉េន'],
  ['km', 'ធ្វើការ 12 ម៉ោង ក្នុងមួយថ្ងៃ'],
  ['th', 'ได้เงินเดือน 150,000 เยน'],
  ['th', 'ทำงานวันละ 12 ชั่วโมง ตั้งแต่ปี 2025'],
  ['th', 'ค่านายหน้า 100000 บาท'],
  ['ne', 'म दिनको १२ घण्टा काम गर्छु'],
  ['ne', 'एजेन्टलाई ५००००० रुपैयाँ तिरें'],
  ['ne', 'तलब १५०,००० येन मात्र, २०२६ देखि'],
  ['en', 'Yorisoi Hotline 0120-279-338, then press 2 (24 hours)'],
];

describe('redactIdentifiers masks identifiers in every language', () => {
  it('has the cases the brief asks for', () => {
    expect(MASKED.length).toBeGreaterThanOrEqual(60);
    expect(KEPT.length).toBeGreaterThanOrEqual(40);
    const langs = (rows: [Lang, ...unknown[]][]) => new Set(rows.map((r) => r[0])).size;
    expect(langs(MASKED)).toBe(10);
    expect(langs(KEPT)).toBe(10);
  });

  it.each(MASKED)('%s: %s', (_lang, input, output, kinds) => {
    expect(redactIdentifiers(input)).toEqual({ text: output, found: kinds });
  });

  it.each(KEPT)('keeps %s: %s', (_lang, input) => {
    expect(redactIdentifiers(input)).toEqual({ text: input, found: [] });
  });
});

describe('public numbers', () => {
  it('keeps every number of flows/services.yaml and of the emergency texts', () => {
    const services = parse(readFileSync('flows/services.yaml', 'utf8')) as {
      services: { lines: { phone?: string | number }[] }[];
    };
    const phones = services.services.flatMap((s) =>
      s.lines.flatMap((l) => (l.phone === undefined ? [] : [String(l.phone)])),
    );
    expect(phones.length).toBeGreaterThan(10);
    for (const p of phones) expect(redactIdentifiers(`call ${p} today`).found).toEqual([]);
    for (const lang of readdirSync('locales')) {
      const emergency = JSON.parse(readFileSync(`locales/${lang}/emergency.json`, 'utf8')) as {
        card: string;
        helplines: string;
      };
      for (const text of [emergency.card, emergency.helplines])
        expect(redactIdentifiers(text), `${lang}: ${text}`).toEqual({ text, found: [] });
    }
  });
});

describe('several messages', () => {
  it('lists each kind found once, in a fixed order', () => {
    expect(redactAll(['mail a@b.jp', 'call 090-1234-5678', 'AB12345678CD 09011112222'])).toEqual({
      texts: ['mail [email]', 'call [phone]', '[residence card no.] [phone]'],
      found: ['phone', 'email', 'residence_card'],
    });
    expect(redactAll([])).toEqual({ texts: [], found: [] });
    expect(IDENTIFIER_KINDS.map((k) => REDACTION_TOKENS[k])).toContain('[phone]');
  });

  it('returns text without identifiers exactly as it came, decomposed or not', () => {
    const nfd = 'Công ty không trả lương'.normalize('NFD');
    expect(redactIdentifiers(nfd).text).toBe(nfd);
    expect(redactIdentifiers(`tài khoản 1234567`.normalize('NFD')).text).toBe(
      'tài khoản [bank account]',
    );
  });
});

// ---------------------------------------------------------------------------------------------

/** ASCII digits of the scripts the redactor folds, so the property sees what it sees. */
const asciiDigits = (s: string) =>
  s.replace(/[０-９०-९๐-๙០-៩၀-၉]/g, (c) => {
    const code = c.charCodeAt(0);
    for (const zero of [0xff10, 0x0966, 0x0e50, 0x17e0, 0x1040])
      if (code >= zero && code <= zero + 9) return String(code - zero);
    return c;
  });
/** Runs of 9+ digits in the output are allowed only as organisations' numbers (0120, 0570…). */
const leakedRuns = (s: string) =>
  (asciiDigits(s).match(/\d{9,}/g) ?? []).filter(
    (run) => !(/^0(?:120|800|570|180)/.test(run) && run.length <= 11),
  );

/** Pieces trainees type, without currency words (money may keep a long number). */
const piece = fc.constantFrom(
  ...'0123456789'.split(''),
  '０',
  '９',
  '५',
  '๘',
  '៣',
  '၇',
  'ဝ',
  '-',
  '.',
  ' ',
  '  ',
  '+',
  '(',
  ')',
  'ー',
  '@',
  '/',
  ':',
  '\n',
  '[',
  ']',
  'a',
  'c',
  'e',
  'A',
  'P',
  'C',
  'E',
  'G',
  'X',
  'Z',
  'HT-',
  'line id ',
  'ID: ',
  '口座',
  'passport ',
  '丁目',
  '〒',
  '.com',
  'facebook.com/',
  ...Object.values(REDACTION_TOKENS),
  'em là ',
  'です',
);
const messy = fc.array(piece, { maxLength: 60 }).map((p) => p.join(''));

describe('properties', () => {
  it('never throws and is idempotent, on any text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), messy), (text) => {
        const once = redactIdentifiers(text);
        const twice = redactIdentifiers(once.text);
        expect(twice.text).toBe(once.text);
        expect(twice.found).toEqual([]);
      }),
      { numRuns: 3000 },
    );
  });

  it('leaves no run of 9+ digits of the input in the output', () => {
    fc.assert(
      fc.property(messy, (text) => {
        expect(leakedRuns(redactIdentifiers(text).text)).toEqual([]);
      }),
      { numRuns: 3000 },
    );
  });

  it('masks a phone wherever it sits in a message', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 30 }),
        fc.constantFrom('090-1234-5678', '+84 912 345 678', '０８０１２３４５６７８'),
        fc.string({ maxLength: 30 }),
        (before, phone, after) => {
          const text = `${before} ${phone} ${after}`;
          const out = redactIdentifiers(text).text;
          expect(asciiDigits(out)).not.toMatch(/1234.?5678|345.?678/);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('is fast enough for every message', () => {
    const long = `${'Công ty không trả lương 150,000 yên, gọi 090-1234-5678. '.repeat(80)}${'a'.repeat(2000)}`;
    const started = performance.now();
    for (let i = 0; i < 20; i++) redactIdentifiers(long);
    expect((performance.now() - started) / 20).toBeLessThan(25);
  });
});
