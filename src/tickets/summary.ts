/** English names for the one-line summary staff and partners read (contract: summary in English). */
const CATEGORY: Record<string, string> = {
  unpaid_wages: 'unpaid wages',
  illegal_deductions: 'illegal deductions',
  excessive_hours: 'excessive hours',
  violence: 'violence',
  harassment: 'harassment',
  sexual_harassment: 'sexual harassment',
  document_seizure: 'document seizure',
  movement_restriction: 'movement restriction',
  pregnancy: 'pregnancy-related pressure',
  forced_return: 'forced return threat',
  recruitment_debt: 'recruitment debt',
  injury: 'injury',
  social_insurance: 'social insurance',
  job_change: 'job change request',
  left_workplace: 'left workplace',
  housing: 'housing',
  self_harm: 'self-harm risk',
  question: 'question',
};
const RESIDENCE: Record<string, string> = {
  titp: 'TITP',
  esd: 'ESD',
  ssw: 'SSW',
  other: 'other status',
  unknown: 'status unknown',
};
const INDUSTRY: Record<string, string> = {
  construction: 'construction',
  food_manufacturing: 'food manufacturing',
  machinery_metal: 'machinery and metal',
  agriculture: 'agriculture',
  fishery: 'fishery',
  textiles_clothing: 'textiles and clothing',
  nursing_care: 'nursing care',
  other_manufacturing: 'other manufacturing',
  building_cleaning: 'building cleaning',
  accommodation_food_service: 'accommodation and food service',
  automobile: 'automobile',
  shipbuilding: 'shipbuilding',
  other: 'other industry',
};
export const PREFECTURES = [
  'Hokkaido',
  'Aomori',
  'Iwate',
  'Miyagi',
  'Akita',
  'Yamagata',
  'Fukushima',
  'Ibaraki',
  'Tochigi',
  'Gunma',
  'Saitama',
  'Chiba',
  'Tokyo',
  'Kanagawa',
  'Niigata',
  'Toyama',
  'Ishikawa',
  'Fukui',
  'Yamanashi',
  'Nagano',
  'Gifu',
  'Shizuoka',
  'Aichi',
  'Mie',
  'Shiga',
  'Kyoto',
  'Osaka',
  'Hyogo',
  'Nara',
  'Wakayama',
  'Tottori',
  'Shimane',
  'Okayama',
  'Hiroshima',
  'Yamaguchi',
  'Tokushima',
  'Kagawa',
  'Ehime',
  'Kochi',
  'Fukuoka',
  'Saga',
  'Nagasaki',
  'Kumamoto',
  'Oita',
  'Miyazaki',
  'Kagoshima',
  'Okinawa',
];

export const prefectureName = (code: string | null): string | null =>
  code ? (PREFECTURES[Number(code.slice(3)) - 1] ?? null) : null;

const joinWords = (items: string[]) =>
  items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;

/** "Unpaid wages and forced return threat, Aichi, food manufacturing, TITP": facts only, no words. */
export function summarise(t: {
  categories: string[];
  prefecture: string | null;
  industry: string | null;
  residenceStatus: string | null;
}): string {
  const what = joinWords(t.categories.map((c) => CATEGORY[c] ?? c));
  const parts = [
    what.charAt(0).toUpperCase() + what.slice(1),
    prefectureName(t.prefecture),
    t.industry ? (INDUSTRY[t.industry] ?? t.industry) : null,
    t.residenceStatus ? (RESIDENCE[t.residenceStatus] ?? t.residenceStatus) : null,
  ];
  return parts.filter((p): p is string => !!p).join(', ');
}
