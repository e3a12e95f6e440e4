import type { Lexicon } from './types';

export const en: Lexicon = {
  danger: {
    violence: [
      'hit me',
      'beat',
      'kicked',
      'bleeding',
      'injured',
      'fainted',
      'locked',
      'not allowed to leave',
      'send me home',
      'airport',
      'rape',
      'touched me',
    ],
    self_harm: ['kill myself', 'want to die', 'suicide'],
  },
  categories: {},
  threatToFamily: [],
};
