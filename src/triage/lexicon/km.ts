import type { Lexicon } from './types';

export const km: Lexicon = {
  danger: {
    violence: [
      'វាយ',
      'ទាត់',
      'ហូរឈាម',
      'របួស',
      'សន្លប់',
      'ឃុំ',
      'បង្ខំឲ្យត្រឡប់ទៅស្រុក',
      'អាកាសយានដ្ឋាន',
      'រំលោភ',
      'ប៉ះពាល់',
    ],
    self_harm: ['ចង់ស្លាប់', 'សម្លាប់ខ្លួន'],
  },
  categories: {},
  threatToFamily: [],
};
