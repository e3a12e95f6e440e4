import type { Lexicon } from './types';

export const fil: Lexicon = {
  danger: {
    violence: [
      'sinaktan',
      'sinuntok',
      'sinipa',
      'dumudugo',
      'nasugatan',
      'hinimatay',
      'ikinulong',
      'pinapauwi',
      'pinipilit umuwi',
      'airport',
      'ginahasa',
      'hinipuan',
      'binastos',
    ],
    self_harm: ['magpakamatay', 'gusto ko nang mamatay'],
  },
  categories: {},
  threatToFamily: [],
};
