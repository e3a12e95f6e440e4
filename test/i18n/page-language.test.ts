import { expect, it } from 'vitest';
import { pickLanguage } from '../../src/i18n/page-language';

const offered = ['vi', 'id', 'ja', 'en', 'fil', 'zh-Hans'];

it('prefers an explicit choice, then the browser’s languages by weight, then English', () => {
  expect(pickLanguage(offered, 'ja', 'vi')).toBe('ja');
  expect(pickLanguage(offered, 'tl', undefined)).toBe('fil');
  expect(pickLanguage(offered, 'de', 'id-ID,id;q=0.9')).toBe('id');
  expect(pickLanguage(offered, undefined, 'de;q=1, en;q=0.2, vi;q=0.8')).toBe('vi');
  expect(pickLanguage(offered, undefined, 'zh-CN,zh;q=0.9')).toBe('zh-Hans');
  expect(pickLanguage(offered, undefined, 'fr-FR, de')).toBe('en');
  expect(pickLanguage(offered, undefined, 'th')).toBe('en');
  expect(pickLanguage(offered, undefined, undefined)).toBe('en');
});
