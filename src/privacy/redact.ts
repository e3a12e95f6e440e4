/**
 * Identifiers in the reporter's own words, masked before the words leave the encrypted record
 * (partner notifications, CSV exports): phone numbers, e-mail addresses, residence-card, passport,
 * My Number and bank-account numbers, postal codes and block numbers of an address, and contact
 * handles (LINE ID, Facebook URL, @handle). Each becomes a visible token (`[phone]`, …) so a reader
 * knows something was there; the rest of the text stays as written. The staff case page shows the
 * words unmasked: it is the record itself.
 *
 * Pure and fast (a few linear regular-expression scans over a message, no I/O, no state), so it
 * runs on Node and on Workers on every message that goes out.
 *
 * Matching runs on a folded copy of the text, one UTF-16 unit for one, so offsets carry over:
 * full-width forms (０９０－１２３４, ＠, ：), the digits of Devanagari (ne), Thai, Khmer and
 * Myanmar (and the Myanmar letter wa typed for zero beside digits), dash look-alikes (ー, ‐, –, −)
 * and odd spaces (ideographic, no-break, zero-width) become their ASCII forms.
 *
 * Formats (ASCII letters and digits; case-insensitive unless said):
 *
 * - Phones. Numbers written as digit groups separated by spaces, dots, hyphens or parentheses:
 *   - with `+` or `00` and a country code, 8–15 digits; national lengths checked for Japan (+81,
 *     9–10 digits after the trunk 0), Vietnam (+84, 9–10), the Philippines (+63, 8–10), Indonesia
 *     (+62, 9–12), Myanmar (+95, 7–10), Nepal (+977, 8–10), Cambodia (+855, 8–9), Thailand (+66,
 *     8–9) and China (+86, 10–11), which lets a following number be told apart;
 *   - national numbers starting with 0, 9–12 digits: Japan (090-1234-5678, (03)1234-5678), and
 *     the numbers trainees bring from home (0912 345 678, 0917 123 4567, 0812-3456-7890,
 *     09 123 456 789, 012 345 678, 081-234-5678);
 *   - Chinese mobiles without the 0 (1[3-9] + 9 digits) and Nepali mobiles (97/98 + 8 digits).
 *   Toll-free (0120, 0800), Navi Dial (0570) and 0180 numbers belong to organisations, never to
 *   a reporter: every public service of flows/services.yaml uses one, so they are kept, as are the
 *   short numbers (110, 119, #9110, #8891) that no rule matches.
 * - My Number: 12 digits, bare or as 4-4-4 (the check digit is not required: a mistyped number is
 *   still someone's).
 * - Any other run of 9 or more digits, unless money (a currency word or sign right before or
 *   after, and the number not starting with 0): `[number]`.
 * - Residence card: 2 letters + 8 digits + 2 letters (AB12345678CD, ab12345678cd, AB 1234 5678 CD,
 *   ab 1234 5678 cd, AB 12345678 CD; lower case with spaces around unsplit digits only after a
 *   residence-card word, so "is 12345678 in" stays).
 * - Passports: 1–2 letters + 7 digits, optionally 1 letter (Vietnam C1234567, Thailand/Cambodia,
 *   Philippines P1234567A / AB1234567, Indonesia A1234567, Myanmar M1234567, China EA1234567);
 *   1 letter + 8 digits (China E12345678 / G12345678); 2 capitals + 6 digits (Myanmar MA123456);
 *   and after a passport word in any of the ten languages, 0–2 letters + 6–9 digits (Nepal's
 *   8–9 digits, Indonesia's A123456). Currency prefixes (Rp1500000, Rs…) are not passports.
 * - Bank account: 7–16 digits within a few characters after 口座, account, tài khoản, STK,
 *   rekening, บัญชี, គណនី, खाता, 账户, ဘဏ်စာရင်း and the like.
 * - Home-country ID cards (`[ID card no.]`): Myanmar NRC (12/OuKaMa(N)123456), and 6–17 digits
 *   after CCCD/CMND, NIK/KTP, บัตรประชาชน, नागरिकता, 身份证, citizenship, national ID.
 * - E-mail: local@domain.tld (also with ＠ and spaces around @), and "name at gmail dot com".
 * - Handles: facebook.com/…, fb.me/…, m.me/…, line.me/…, zalo.me/…, instagram.com/…, tiktok.com/…
 *   URLs; a value after "LINE ID", "ID:", "zalo:", "wechat:", "ไอดีไลน์", "LINEのID" and the like;
 *   @handles.
 * - Address: postal codes (〒123-4567, or after 郵便番号 / postal code / mã bưu điện / kode pos),
 *   block numbers (1丁目2番3号) and room numbers (201号室). Street names and towns are not masked.
 *
 * Never masked: amounts (150,000 yen, 15万円, 1.500.000 đồng, 150000000 đồng), dates (2026-11-03,
 * 3/11, 03.11.2026), times, hour counts, years, prefecture codes (JP-13), case codes
 * (HT-XXXXX-XXXXX) and the tokens themselves, so redacting twice changes nothing more.
 *
 * Not covered: names, employer names, street addresses in words, a foreign number written without
 * + in groups of three ("84 912 345 678" reads as an amount), numbers in words or kanji numerals.
 *
 * Formats checked against public references (search of stored pages, 2026): residence card
 * 2 letters + 8 digits + 2 letters (attorney-office.com, gh-tec.co.jp); My Number 11 digits + a
 * check digit (qiita.com, mynumber.okinawa-spot.com, citing 総務省令第八十五号); Vietnamese
 * passport 1 letter + 7 digits (huongdanlamhochieu.com "Số hộ chiếu là gì"); Philippine
 * passport 1 letter + 7 digits (+ letter on newer ones) or 2 letters + 6–7 digits (FrankieOne
 * docs; validator.js isPassportNumber PH); China G/E + 8 digits or E + letter + 7 digits, Thailand
 * 1–2 letters + 6–7 digits, Indonesia A–C + 7 digits (validator.js isPassportNumber);
 * Indonesian non-electronic passports 2 letters + 7 digits (jangkargroups.co.id); Myanmar,
 * Nepal and Cambodia passports: no reference found that states the format — the patterns above
 * follow the brief (MA123456 / M1234567; 8–9 digits; 1–2 letters + 7 digits) and are broad.
 * Phone lengths: Vietnam 10-digit mobiles 03/05/07/08/09 (lawnet.vn, sent.dm), Cambodia 8–9
 * digits after 0 (Wikipedia "Telephone numbers in Cambodia"), Myanmar mobiles 9 + 8 digits
 * (sent.dm); the other national lengths are the usual ones and were not checked here.
 */

export type IdentifierKind =
  | 'phone'
  | 'email'
  | 'residence_card'
  | 'passport'
  | 'my_number'
  | 'national_id'
  | 'bank_account'
  | 'address'
  | 'id'
  | 'number';

/** Every kind, in the order `found` lists them. */
export const IDENTIFIER_KINDS: readonly IdentifierKind[] = [
  'phone',
  'email',
  'residence_card',
  'passport',
  'my_number',
  'national_id',
  'bank_account',
  'address',
  'id',
  'number',
];

/** What each kind is replaced with. */
export const REDACTION_TOKENS: Readonly<Record<IdentifierKind, string>> = {
  phone: '[phone]',
  email: '[email]',
  residence_card: '[residence card no.]',
  passport: '[passport no.]',
  my_number: '[my number]',
  national_id: '[ID card no.]',
  bank_account: '[bank account]',
  address: '[address]',
  id: '[id]',
  number: '[number]',
};

export interface Redacted {
  text: string;
  /** The kinds masked, each once, in the order of IDENTIFIER_KINDS; empty when none. */
  found: IdentifierKind[];
}

interface Span {
  start: number;
  end: number;
  kind: IdentifierKind;
  /** Lower wins an overlap. */
  rank: number;
}

// ---------------------------------------------------------------------------------------------
// Folding: one UTF-16 unit in, one out.

const isMyanmarDigit = (c: number) => c >= 0x1040 && c <= 0x1049;

function foldUnit(c: number, text: string, i: number): number {
  if (c < 0x80) return c;
  if (c >= 0xff01 && c <= 0xff5e) return c - 0xfee0; // full-width ASCII
  if (c >= 0x0966 && c <= 0x096f) return 0x30 + c - 0x0966; // Devanagari digits
  if (c >= 0x0e50 && c <= 0x0e59) return 0x30 + c - 0x0e50; // Thai digits
  if (c >= 0x17e0 && c <= 0x17e9) return 0x30 + c - 0x17e0; // Khmer digits
  if (c >= 0x1040 && c <= 0x1049) return 0x30 + c - 0x1040; // Myanmar digits
  if (c >= 0x1090 && c <= 0x1099) return 0x30 + c - 0x1090; // Myanmar Shan digits
  // ဝ (letter wa) is often typed for ၀ (zero) inside a number.
  if (
    c === 0x101d &&
    (isMyanmarDigit(text.charCodeAt(i - 1)) || isMyanmarDigit(text.charCodeAt(i + 1)))
  )
    return 0x30;
  switch (c) {
    case 0x2010: // ‐
    case 0x2011: // ‑
    case 0x2012: // ‒
    case 0x2013: // –
    case 0x2014: // —
    case 0x2015: // ―
    case 0x2212: // −
    case 0x30fc: // ー (typed as a hyphen in Japanese numbers)
    case 0xff70: // ｰ
    case 0xfe63: // ﹣
      return 0x2d;
    case 0x3000: // ideographic space
    case 0x00a0:
    case 0x2002:
    case 0x2003:
    case 0x2009:
    case 0x202f:
    case 0x200b: // zero-width space (Khmer and Myanmar keyboards)
    case 0xfeff:
      return 0x20;
    case 0x30fb: // ・
      return 0x2e;
    case 0xfe6b: // ﹫
      return 0x40;
    case 0xffe5: // ￥
      return 0xa5;
    default:
      return c;
  }
}

function fold(text: string): string {
  const out = new Array<string>(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const f = foldUnit(c, text, i);
    out[i] = f === c ? text[i]! : String.fromCharCode(f);
  }
  return out.join('');
}

// ---------------------------------------------------------------------------------------------
// Shared pieces of the patterns (on the folded text).

/** A Latin letter or digit (Vietnamese letters included): what may not touch a letter-digit code. */
const LATIN = 'A-Za-z0-9\\u00C0-\\u024F\\u1E00-\\u1EFF';
const NOT_AFTER_LATIN = `(?<![${LATIN}])`;
const NOT_BEFORE_LATIN = `(?![${LATIN}])`;
/** The gap between a keyword and its number: a few characters, no digit, no line or token edge. */
const GAP = '[^\\n\\d\\[\\]]{0,24}?';

const re = (source: string, flags = 'giu') => new RegExp(source, flags);

/** Tokens already put in, and case codes: never touched. */
const TOKEN_RE = re(
  `\\[(?:${Object.values(REDACTION_TOKENS)
    .map((t) => t.slice(1, -1).replace(/[.]/g, '\\.'))
    .join('|')})\\]`,
);
const CASE_CODE_RE = re(
  `${NOT_AFTER_LATIN}HT-[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}${NOT_BEFORE_LATIN}`,
);
/** Toll-free, Navi Dial and 0180 numbers: organisations' numbers, kept (see above). */
const PUBLIC_NUMBER_RE = /(?<!\d)(?:0120|0800|0570|0180)(?:[-. ]{0,2}\d){6,7}(?!\d)/g;

/**
 * Money right after a number: Latin words need a word end, the other scripts do not. Chat
 * shorthands that are also words ("k" is "không" in Vietnamese chat) are left out: a number
 * followed by one is masked.
 */
const CURRENCY_AFTER = re(
  '^\\s?(?:' +
    '(?:yen|yên|jpy|dong|đồng|đông|vnd|vnđ|đ|d|usd|dollars?|rp|rupiah|idr|pesos?|php|baht|thb|' +
    'kyats?|mmk|ks|rs|rupees?|npr|riel|khr|yuan|rmb|cny|triệu|trieu|nghìn|nghin|ngàn|ngan|' +
    'juta|ribu|rb|lakh|lac|libo|milyon|million|billion|tỷ)(?![\\p{L}\\p{M}])' +
    '|円|万|千|億|元|块|塊|人民币|日元|¥|\\$|₱|฿|₫|៛|บาท|เยน|ล้าน|พัน|ကျပ်|ယန်း|သိန်း|रु|रुपैयाँ|रुपियाँ|येन|हजार|लाख|រៀល|យ៉េន|ដុល្លារ)',
  'iu',
);
const CURRENCY_BEFORE = re(
  '(?:[¥$₱฿₫៛]|(?<![A-Za-z])(?:rp|rs|npr|usd|us\\$|vnd|jpy|php|idr|thb|mmk|khr|rmb|cny)\\.?)\\s?$',
  'iu',
);
/** An amount: a currency word or sign right after or before. */
const isMoney = (n: string, start: number, end: number) =>
  CURRENCY_AFTER.test(n.slice(end, end + 12)) ||
  CURRENCY_BEFORE.test(n.slice(Math.max(0, start - 6), start));

// ---------------------------------------------------------------------------------------------
// Numbers: runs of digit groups, read as phones, My Numbers or long numbers.

/** Digit groups joined by up to three spaces, dots, hyphens or parentheses; maybe a leading +. */
const RUN_RE = /(?:\+ ?|\()?\d+(?:[-. \t()]{1,3}\d+)*/g;

interface Group {
  start: number;
  end: number;
  digits: string;
  /** The characters between this group and the one before ('' for the first). */
  sep: string;
}

/** National significant number lengths (after the trunk 0) by country code. */
const NATIONAL_LENGTH: Record<string, [number, number]> = {
  '81': [9, 10],
  '84': [9, 10],
  '63': [8, 10],
  '62': [9, 12],
  '95': [7, 10],
  '977': [8, 10],
  '855': [8, 9],
  '66': [8, 9],
  '86': [10, 11],
};

function internationalPhone(digits: string): boolean {
  if (digits.length < 8 || digits.length > 15) return false;
  for (const cc of [digits.slice(0, 3), digits.slice(0, 2)]) {
    const range = NATIONAL_LENGTH[cc];
    if (!range) continue;
    const national = digits.slice(cc.length).replace(/^0/, '');
    return national.length >= range[0] && national.length <= range[1];
  }
  return true;
}

type NumberKind = 'phone' | 'my_number' | 'public';

/** What groups i..j (inclusive) of a run are, if anything. */
function readGroups(groups: Group[], i: number, j: number, plus: boolean): NumberKind | null {
  let digits = '';
  for (let k = i; k <= j; k++) digits += groups[k]!.digits;
  if (plus && i === 0) return internationalPhone(digits) ? 'phone' : null;
  if (digits.startsWith('00')) return internationalPhone(digits.slice(2)) ? 'phone' : null;
  if (digits.startsWith('0')) {
    if (/^0(?:120|800|570|180)/.test(digits) && digits.length >= 10 && digits.length <= 11)
      return 'public';
    return digits.length >= 9 && digits.length <= 12 ? 'phone' : null;
  }
  if (/^1[3-9]\d{9}$/.test(digits) || /^9[78]\d{8}$/.test(digits)) return 'phone';
  if (
    digits.length === 12 &&
    (i === j || groups.slice(i, j + 1).every((g) => g.digits.length === 4))
  )
    return 'my_number';
  if (i === j && digits.length >= 9) {
    // A bare run with a country code and no +: 84912345678, 639171234567.
    if (NATIONAL_LENGTH[digits.slice(0, 3)] || NATIONAL_LENGTH[digits.slice(0, 2)])
      return internationalPhone(digits) ? 'phone' : null;
  }
  return null;
}

const YEAR = /^(?:19|20)\d\d$/;
const dayOrMonth = (d: string) => d.length <= 2 && Number(d) >= 1 && Number(d) <= 31;

/** Groups that are part of a date (03.11.2026, 2026-11-03): never part of a phone. */
function dateGroups(groups: Group[]): Set<number> {
  const out = new Set<number>();
  for (let k = 0; k + 2 < groups.length; k++) {
    const [a, b, c] = [groups[k]!, groups[k + 1]!, groups[k + 2]!];
    if (b.sep !== c.sep || !/^[-./]$/.test(b.sep)) continue;
    if (
      (dayOrMonth(a.digits) && dayOrMonth(b.digits) && YEAR.test(c.digits)) ||
      (YEAR.test(a.digits) && dayOrMonth(b.digits) && dayOrMonth(c.digits))
    )
      for (const x of [k, k + 1, k + 2]) out.add(x);
  }
  return out;
}

/** 1.500.000, 1 500 000: an amount, whatever follows. */
const isAmount = (groups: Group[]) =>
  groups.length > 1 &&
  /^[1-9]\d{0,2}$/.test(groups[0]!.digits) &&
  groups.slice(1).every((g) => g.digits.length === 3 && g.sep === groups[1]!.sep) &&
  /^[. ]$/.test(groups[1]!.sep);

function numberCandidates(n: string, out: Span[]) {
  for (const m of n.matchAll(RUN_RE)) {
    const text = m[0];
    const base = m.index;
    const plus = text.startsWith('+');
    const all: Group[] = [];
    let last = -1;
    for (const g of text.matchAll(/\d+/g)) {
      const start = base + g.index;
      all.push({
        start,
        end: start + g[0].length,
        digits: g[0],
        sep: last < 0 ? '' : n.slice(last, start),
      });
      last = start + g[0].length;
    }
    if (!plus && isAmount(all)) continue;
    const dates = dateGroups(all);
    // Split around date groups, then read each part left to right.
    let part: Group[] = [];
    let partStart: number | null = plus ? base : null;
    const flush = () => {
      readPart(n, part, partStart, out);
      part = [];
      partStart = null;
    };
    all.forEach((g, k) => {
      if (dates.has(k)) flush();
      else part.push(g);
    });
    flush();
  }
}

/** Reads the groups of one part of a run; `plusAt` is where its leading + is, if it has one. */
function readPart(n: string, groups: Group[], plusAt: number | null, out: Span[]) {
  let i = 0;
  while (i < groups.length) {
    const plus = i === 0 && plusAt !== null;
    // The longest reading from group i, preferring one that ends on a group of 3+ digits
    // (phones do: "03-1234-5678 12" is a phone and a 12).
    let best: { j: number; kind: NumberKind } | null = null;
    let fallback: { j: number; kind: NumberKind } | null = null;
    for (let j = Math.min(groups.length - 1, i + 11); j >= i; j--) {
      const kind = readGroups(groups, i, j, plus);
      if (!kind) continue;
      if (groups[j]!.digits.length >= 3 || j === i) {
        best = { j, kind };
        break;
      }
      fallback ??= { j, kind };
    }
    const chosen = best ?? fallback;
    const first = groups[i]!;
    // An amount never starts with 0 or +: only those may be money.
    const money = (start: number, end: number) =>
      !plus && !first.digits.startsWith('0') && isMoney(n, start, end);
    if (chosen) {
      const end = groups[chosen.j]!.end;
      let start = plus ? plusAt! : first.start;
      // "(03)1234-5678": the parenthesis goes with the number when its pair does.
      if (!plus && n[start - 1] === '(' && n.slice(start, end).includes(')')) start--;
      if (chosen.kind !== 'public' && !money(start, end))
        out.push({ start, end, kind: chosen.kind, rank: 3 });
      i = chosen.j + 1;
      continue;
    }
    if (first.digits.length >= 9 && !money(first.start, first.end))
      out.push({ start: first.start, end: first.end, kind: 'number', rank: 9 });
    i++;
  }
}

// ---------------------------------------------------------------------------------------------
// Patterns with letters, and numbers after keywords.

const PASSPORT_WORDS =
  'passports?|pasport|paspor|pasaporte|hộ chiếu|ho chieu|hochieu|パスポート|旅券|护照|護照|' +
  'หนังสือเดินทาง|พาสปอร์ต|លិខិតឆ្លងដែន|ပတ်စ်ပို့|ပတ်စပို့|နိုင်ငံကူးလက်မှတ်|राहदानी|पासपोर्ट';
const BANK_WORDS =
  '口座(?:番号)?|通帳|ゆうちょ|(?:bank\\s*)?account(?:\\s*(?:no\\.?|number|#))?|acct|a\\/c|' +
  'tài khoản|tai khoan|số tk|so tk|stk|rekening|no\\.?\\s?rek|norek|' +
  'บัญชี|គណនី|खाता|账户|账号|帳戶|ဘဏ်စာရင်း|ဘဏ်အကောင့်|bank\\s*book|bankbook';
const RESIDENCE_WORDS =
  '在留カード|在留卡|zairyu|zairyuu|residence card|resident card|thẻ cư trú|the cu tru|thẻ ngoại kiều|' +
  'kartu izin tinggal|kartu residen|บัตรไซริว|บัตรต่างด้าว|ဇိုင်ယူ|रेसिडेन्स कार्ड';
const NATIONAL_ID_WORDS =
  'cccd|cmnd|căn cước|can cuoc|chứng minh nhân dân|chứng minh thư|nik|e-?ktp|ktp|' +
  'national id|philsys|บัตรประชาชน|เลขประจำตัวประชาชน|អត្តសញ្ញាណប័ណ្ណ|नागरिकता|' +
  'citizenship(?:\\s*(?:no\\.?|number|card))?|身份证(?:号码?)?|nrc|မှတ်ပုံတင်';
const POSTAL_WORDS =
  '郵便番号|postal code|post code|zip code|zip|mã bưu điện|ma buu dien|mã bưu chính|kode pos|รหัสไปรษณีย์';
const HANDLE_APPS =
  'line|ライン|ไลน์|zalo|viber|whatsapp|wechat|微信号?|telegram|instagram|insta|ig|tiktok|' +
  'facebook|fb|messenger|skype|kakao';
const VALUE = '(?<value>@?[A-Za-z0-9][A-Za-z0-9._-]{2,39})(?![A-Za-z0-9._-])';

interface Rule {
  kind: IdentifierKind;
  rank: number;
  re: RegExp;
  /** Checks a match; the span is group `value` when the pattern has one, else the whole match. */
  accept?: (m: RegExpMatchArray, n: string) => boolean;
  /** Finds the span itself, if the pattern only finds where to look. */
  extract?: (m: RegExpMatchArray) => { start: number; end: number } | null;
}

/** Where group `value` starts: it ends its match. */
function valueStart(m: RegExpMatchArray): number {
  const value = m.groups?.value;
  return value === undefined ? m.index! : m.index! + m[0].length - value.length;
}

/** Words between "LINE ID" and the handle, or around it, that are not the handle. */
const FILLERS = new Set(
  (
    'saya aku ku ko mo my me mine is are am po ng nya kamu anda ini itu yang ang sa ni ay la ' +
    'here below please pls and or for the of to on at in with add no number nomor account akun ' +
    'em anh chi minh cua toi ban id line new old'
  ).split(' '),
);
const COPULAS = new Set(['is', 'là', 'la', 'adalah', 'ay', 'は', 'คือ', '是', 'हो', ':', '=']);
const HANDLE = /^@?[A-Za-z0-9][A-Za-z0-9._-]{2,39}/;

/**
 * The handle after an app's name: after a colon or "is", the first handle-shaped word; without
 * one, the first that is not a filler, and only if it looks like a handle (a digit, _ or .) or
 * "ID" was said ("line id abc"), so "line waiting" and "in line for 2 hours" stay.
 */
function handleAfterKeyword(m: RegExpMatchArray) {
  const g = m.groups ?? {};
  const rest = g.rest ?? '';
  const base = m.index! + m[0].length;
  let explicit = false;
  let skipped = 0;
  for (const t of rest.matchAll(/[:=]|は|คือ|是|[^\s:=]+/g)) {
    const word = t[0];
    if (COPULAS.has(word.toLowerCase())) {
      explicit = true;
      continue;
    }
    const handle = HANDLE.exec(word)?.[0].replace(/[._-]+$/, '');
    const filler = FILLERS.has(word.toLowerCase().replace(/[.,!?]+$/, ''));
    if (handle && handle.length >= 3 && !(filler && !explicit)) {
      if (explicit || g.id || g.id2 || /[\d_.@]/.test(handle))
        return { start: base + t.index, end: base + t.index + handle.length };
      return null;
    }
    if (++skipped > 4) return null;
  }
  return null;
}

const notMoney = (m: RegExpMatchArray, n: string) => {
  const start = valueStart(m);
  const value = m.groups?.value ?? m[0];
  return value.startsWith('0') || !isMoney(n, start, start + value.length);
};

const RULES: Rule[] = [
  {
    kind: 'email',
    rank: 0,
    re: re(
      '(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+ ?@ ?[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}(?![A-Za-z0-9])',
    ),
  },
  {
    kind: 'email',
    rank: 0,
    re: re(
      '(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+\\s*[\\[(]?\\s*\\bat\\b\\s*[\\])]?\\s*[A-Za-z0-9-]+' +
        '\\s*[\\[(]?\\s*(?:\\bdot\\b|\\.)\\s*[\\])]?\\s*' +
        '(?:com|net|org|co\\.jp|ne\\.jp|jp|com\\.vn|vn|ph|co\\.id|id|np|kh|th|cn|mm|edu)(?![A-Za-z0-9])',
    ),
  },
  {
    kind: 'id',
    rank: 0,
    re: re(
      // Starts only where a host name can start: a.a.a.… is not rescanned from every dot.
      `(?<![${LATIN}.\\-/@])(?:https?:\\/\\/)?(?:[a-z0-9-]+\\.)*(?:facebook\\.com|fb\\.com|fb\\.me|m\\.me|` +
        `messenger\\.com|instagram\\.com|tiktok\\.com|line\\.me|zalo\\.me|wa\\.me|t\\.me|x\\.com|` +
        `twitter\\.com|vk\\.com|weibo\\.com)\\/[A-Za-z0-9._~:/?#@!$&*+,;=%-]+`,
    ),
  },
  {
    kind: 'residence_card',
    rank: 1,
    re: re(
      `${NOT_AFTER_LATIN}(?:[A-Za-z]{2}\\d{4}[ -]?\\d{4}[A-Za-z]{2}|[A-Za-z]{2}[ -]\\d{4}[ -]\\d{4}[ -][A-Za-z]{2}|` +
        `[A-Z]{2}[ -]\\d{8}[ -][A-Z]{2})${NOT_BEFORE_LATIN}`,
      'gu',
    ),
  },
  {
    kind: 'residence_card',
    rank: 1,
    re: re(
      `${NOT_AFTER_LATIN}(?:${RESIDENCE_WORDS})${GAP}(?<value>${NOT_AFTER_LATIN}[A-Za-z]{2}[ -]?\\d{4}[ -]?\\d{4}[ -]?[A-Za-z]{2})` +
        NOT_BEFORE_LATIN,
    ),
  },
  {
    // Myanmar national registration card: 12/OuKaMa(N)123456, ၁၂/ဥကမ(နိုင်)၁၂၃၄၅၆.
    kind: 'national_id',
    rank: 1,
    re: re(
      '(?<!\\d)\\d{1,2}\\s?\\/\\s?[A-Za-z\\u1000-\\u109F]{2,12}\\s?\\(\\s?[A-Za-z\\u1000-\\u109F]{1,8}\\s?\\)\\s?\\d{5,6}(?!\\d)',
    ),
  },
  {
    kind: 'bank_account',
    rank: 2,
    re: re(
      `${NOT_AFTER_LATIN}(?:${BANK_WORDS})${GAP}(?<value>(?<!\\d)\\d(?:[- ]?\\d){6,15})(?!\\d)`,
    ),
    accept: notMoney,
  },
  {
    kind: 'national_id',
    rank: 2,
    re: re(
      `${NOT_AFTER_LATIN}(?:${NATIONAL_ID_WORDS})${GAP}(?<value>(?<![\\dA-Za-z])\\d(?:[-/ ]?\\d){5,16}(?:[-/ ]?[Xx])?)(?![\\dA-Za-z])`,
    ),
    accept: notMoney,
  },
  {
    kind: 'passport',
    rank: 2,
    re: re(
      `${NOT_AFTER_LATIN}(?:${PASSPORT_WORDS})${GAP}(?<value>${NOT_AFTER_LATIN}[A-Za-z]{0,2}\\d{6,9}[A-Za-z]?)` +
        NOT_BEFORE_LATIN,
    ),
    accept: notMoney,
  },
  {
    kind: 'address',
    rank: 2,
    re: re(
      `${NOT_AFTER_LATIN}(?:${POSTAL_WORDS})${GAP}(?<value>(?<!\\d)\\d{3}-?\\d{4})(?!\\d)|〒\\s?\\d{3}-?\\d{4}(?!\\d)`,
    ),
  },
  {
    kind: 'passport',
    rank: 4,
    re: re(
      `${NOT_AFTER_LATIN}(?:[A-Za-z]{1,2}\\d{7}[A-Za-z]?|[A-Z]{1,2} \\d{7}|[A-Za-z]\\d{8}|[A-Z]{2}\\d{6})` +
        NOT_BEFORE_LATIN,
      'gu',
    ),
    // Rp1500000, Rs1500000, K1500000 (kyat) are money.
    accept: (m) => !/^(?:rp|rs|ks|k)$/i.test(/^[A-Za-z]+/.exec(m[0])![0]),
  },
  {
    // "LINE ID: abc", "line id của tôi là abc_1", "id line saya siti_88", "LINEのID：abc".
    kind: 'id',
    rank: 5,
    re: re(
      `${NOT_AFTER_LATIN}(?:(?:${HANDLE_APPS})\\s*の?\\s*(?<id>-?\\s*id|アイディー|ไอดี)?|` +
        `(?<id2>id|ไอดี|アイディー)\\s*(?:${HANDLE_APPS}))(?![A-Za-z])(?=(?<rest>[^\\n\\[\\]]{0,60}))`,
    ),
    extract: handleAfterKeyword,
  },
  {
    kind: 'id',
    rank: 5,
    re: re(`${NOT_AFTER_LATIN}(?:id|ไอดี|アイディー)\\s*[:=]\\s*${VALUE}`),
  },
  {
    kind: 'id',
    rank: 5,
    re: re('(?<![A-Za-z0-9._%+-])(?<value>@[A-Za-z0-9_][A-Za-z0-9._]{1,29})(?![A-Za-z0-9._])'),
  },
  {
    kind: 'address',
    rank: 6,
    re: re(
      '(?<!\\d)\\d{1,4}\\s*丁目(?:\\s*\\d{1,4}\\s*番地?(?:\\s*\\d{1,4}\\s*号?)?)?' +
        '|(?<!\\d)\\d{1,4}\\s*番地(?:\\s*\\d{1,4}\\s*号?)?|(?<!\\d)\\d{1,5}\\s*号室',
    ),
  },
];

function ruleCandidates(n: string, out: Span[]) {
  for (const rule of RULES) {
    for (const m of n.matchAll(rule.re)) {
      if (rule.accept && !rule.accept(m, n)) continue;
      if (rule.extract) {
        const span = rule.extract(m);
        if (span) out.push({ ...span, kind: rule.kind, rank: rule.rank });
        continue;
      }
      const start = valueStart(m);
      let value = m.groups?.value ?? m[0];
      // A handle or an address does not end on the full stop of its sentence.
      if (rule.kind === 'id' || rule.kind === 'email') value = value.replace(/[._-]+$/, '');
      if (value.length > 0)
        out.push({ start, end: start + value.length, kind: rule.kind, rank: rule.rank });
    }
  }
}

// ---------------------------------------------------------------------------------------------

function spansOf(pattern: RegExp, n: string): { start: number; end: number }[] {
  return [...n.matchAll(pattern)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) =>
  a.start < b.end && b.start < a.end;

/** One pass: every identifier found in the text, masked. */
function redactOnce(text: string): { text: string; found: Set<IdentifierKind> } {
  const n = fold(text);
  const kept = [
    ...spansOf(TOKEN_RE, n),
    ...spansOf(CASE_CODE_RE, n),
    ...spansOf(PUBLIC_NUMBER_RE, n),
  ];
  const candidates: Span[] = [];
  numberCandidates(n, candidates);
  ruleCandidates(n, candidates);
  candidates.sort(
    (a, b) => a.rank - b.rank || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  const chosen: Span[] = [];
  for (const c of candidates) {
    if (kept.some((k) => overlaps(k, c)) || chosen.some((k) => overlaps(k, c))) continue;
    chosen.push(c);
  }
  const found = new Set<IdentifierKind>();
  if (chosen.length === 0) return { text, found };
  chosen.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const c of chosen) {
    out += text.slice(at, c.start) + REDACTION_TOKENS[c.kind];
    at = c.end;
    found.add(c.kind);
  }
  return { text: out + text.slice(at), found };
}

/** Masks identifiers in the reporter's words; the rest of the text is kept as written. */
export function redactIdentifiers(text: string): Redacted {
  // Decomposed Vietnamese (some keyboards) is matched composed; text without identifiers is
  // returned exactly as it came.
  let current = text.normalize('NFC');
  const found = new Set<IdentifierKind>();
  // Masking one identifier can expose one an overlap hid: passes repeat to the fixed point (each
  // leaves fewer characters outside tokens), so redacting the result again changes nothing.
  for (let pass = 0; pass < 8; pass++) {
    const r = redactOnce(current);
    if (r.found.size === 0) break;
    for (const k of r.found) found.add(k);
    current = r.text;
  }
  if (found.size === 0) return { text, found: [] };
  return { text: current, found: IDENTIFIER_KINDS.filter((k) => found.has(k)) };
}

/** Several messages at once (a notification's words, a CSV cell): the kinds found in any. */
export function redactAll(texts: readonly string[]): { texts: string[]; found: IdentifierKind[] } {
  const found = new Set<IdentifierKind>();
  const out = texts.map((t) => {
    const r = redactIdentifiers(t);
    for (const k of r.found) found.add(k);
    return r.text;
  });
  return { texts: out, found: IDENTIFIER_KINDS.filter((k) => found.has(k)) };
}
