import type { Lexicon } from './types';

export const ja: Lexicon = {
  danger: {
    violence: [
      '殴られ',
      'なぐられ',
      '蹴られ',
      'けられ',
      '血',
      'けが',
      '怪我',
      '倒れ',
      '閉じ込め',
      'とじこめ',
      '帰国させ',
      '強制帰国',
      '空港',
      '無理やり',
      'むりやり',
      'セクハラ',
      'レイプ',
    ],
    self_harm: ['死にたい', 'しにたい', '自殺'],
  },
  categories: {},
  threatToFamily: [],
};
