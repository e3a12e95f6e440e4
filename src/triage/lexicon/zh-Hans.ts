import type { Lexicon } from './types';

export const zhHans: Lexicon = {
  danger: {
    violence: [
      '打我',
      '被打',
      '踢',
      '流血',
      '受伤',
      '晕倒',
      '关起来',
      '不让出门',
      '强制回国',
      '逼我回国',
      '机场',
      '强奸',
      '性骚扰',
      '摸我',
    ],
    self_harm: ['自杀', '想死', '不想活'],
  },
  categories: {},
  threatToFamily: [],
};
