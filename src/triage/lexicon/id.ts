import type { Lexicon } from './types';

export const id: Lexicon = {
  danger: {
    violence: [
      'dipukul',
      'ditendang',
      'berdarah',
      'luka',
      'pingsan',
      'dikurung',
      'tidak boleh keluar',
      'dipaksa pulang',
      'dipulangkan',
      'bandara',
      'diperkosa',
      'pelecehan',
      'dilecehkan',
    ],
    self_harm: ['bunuh diri', 'ingin mati', 'mau mati'],
  },
  categories: {},
  threatToFamily: [],
};
