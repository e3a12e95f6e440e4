import type { Lexicon } from './types';

export const my: Lexicon = {
  danger: {
    violence: ['ရိုက်', 'ထိုးကြိတ်', 'သွေးထွက်', 'ဒဏ်ရာ', 'သတိလစ်', 'ပိတ်ထား', 'အိမ်ပြန်ခိုင်း', 'လေဆိပ်', 'မုဒိမ်း', 'ထိကိုင်'],
    self_harm: ['သေချင်'],
  },
  categories: {},
  threatToFamily: [],
};
