import type { Lexicon } from './types';

export const ne: Lexicon = {
  danger: {
    violence: [
      'कुट्यो',
      'पिट्यो',
      'रगत',
      'घाइते',
      'बेहोस',
      'थुनेर',
      'जबरजस्ती घर पठाउने',
      'एयरपोर्ट',
      'बलात्कार',
      'यौन दुर्व्यवहार',
      'kutyo',
      'pityo',
      'ragat',
    ],
    self_harm: ['आत्महत्या', 'मर्न मन', 'atmahatya'],
  },
  categories: {},
  threatToFamily: [],
};
