import type { Lexicon } from './types';

export const th: Lexicon = {
  danger: {
    violence: [
      'ตี',
      'ต่อย',
      'เตะ',
      'เลือดออก',
      'บาดเจ็บ',
      'หมดสติ',
      'ขัง',
      'ไม่ให้ออกไป',
      'บังคับกลับประเทศ',
      'สนามบิน',
      'ข่มขืน',
      'ลวนลาม',
    ],
    self_harm: ['ฆ่าตัวตาย', 'อยากตาย'],
  },
  categories: {},
  threatToFamily: [],
};
