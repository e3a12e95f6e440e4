import type { Lexicon } from './types';

export const vi: Lexicon = {
  danger: {
    violence: [
      'đánh',
      'bị đánh',
      'đá tôi',
      'chảy máu',
      'bị thương',
      'ngất',
      'bị nhốt',
      'không cho ra ngoài',
      'bắt về nước',
      'ép về nước',
      'sân bay',
      'hiếp',
      'sàm sỡ',
      'quấy rối',
    ],
    self_harm: ['tự tử', 'muốn chết', 'không muốn sống'],
  },
  categories: {},
  threatToFamily: [],
};
