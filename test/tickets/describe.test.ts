import { describe, expect, it } from 'vitest';
import { readLocales } from '../../src/entry/files';
import { LANGUAGES } from '../../src/i18n/languages';
import { createTranslator } from '../../src/i18n/translator';
import { describeTicket, STAFF_LANGUAGES } from '../../src/tickets/describe';
import type { TicketJson } from '../../src/tickets/json';
import { URGENCIES } from '../../src/triage/types';
import { CATEGORIES } from '../../src/triage/urgency';
import { STATUSES } from '../../src/tickets/staff-actions';

const translator = await createTranslator(readLocales('locales'));

const ticket: TicketJson = {
  reference: 'HT-7KQ2M-9XDPA',
  status: 'new',
  createdAt: '2026-11-22T10:15:00.000Z',
  updatedAt: '2026-11-22T10:15:00.000Z',
  channel: 'line',
  channels: ['line'],
  language: 'vi',
  categories: ['unpaid_wages', 'forced_return'],
  urgency: 'urgent',
  flags: ['forced_labour_indicators'],
  prefecture: 'JP-23',
  industry: 'food_manufacturing',
  residenceStatus: 'titp',
  partner: { id: 'tomoiki', kind: 'ngo', name: 'Tomoiki' },
  routing: { rule: 'tokai-trainee-support', reason: 'Cases in Aichi go to the Tokai group' },
  flow: { id: 'intake', version: 1, hash: 'x' },
  summary: 'Unpaid wages and forced return threat, Aichi, food manufacturing, TITP',
};

describe('a ticket in the staff member’s language', () => {
  it('reads in Japanese whatever language the reporter used', () => {
    const { fields, wordsLabel } = describeTicket(ticket, translator.forLanguage('ja'));
    const byLabel = Object.fromEntries(fields.map((f) => [f.label, f.value]));
    expect(byLabel['相談内容']).toBe('賃金不払い・残業代未払い, 強制帰国・退職強要');
    expect(byLabel['都道府県']).toBe('愛知県');
    expect(byLabel['在留資格']).toBe('技能実習');
    expect(byLabel['相談者の言語']).toBe('ベトナム語');
    expect(byLabel['緊急度']).toBe('至急(72時間以内)');
    expect(wordsLabel).toContain('ベトナム語');
  });

  it('reads in English, with skipped answers said plainly', () => {
    const { fields } = describeTicket(
      { ...ticket, prefecture: null, industry: null },
      translator.forLanguage('en'),
    );
    const byLabel = Object.fromEntries(fields.map((f) => [f.label, f.value]));
    expect(byLabel['Prefecture']).toBe('not given');
    expect(byLabel['Problems']).toBe('Unpaid or underpaid wages, Forced return or resignation');
    expect(byLabel['Flags']).toBe('Forced-labour indicators');
  });

  for (const lng of STAFF_LANGUAGES) {
    it(`${lng}: names every id of the contract`, () => {
      const has = (key: string) => translator.has(lng, key);
      const ids: [string, readonly string[]][] = [
        ['category', CATEGORIES],
        ['urgency', URGENCIES],
        ['status', STATUSES],
        ['language', LANGUAGES],
        [
          'flag',
          [
            'forced_labour_indicators',
            'minor',
            'medical',
            'deadline',
            'threat_to_family',
            'safe_mode',
          ],
        ],
        ['residence_status', ['titp', 'esd', 'ssw', 'other', 'unknown']],
        [
          'prefecture',
          Array.from({ length: 47 }, (_, i) => `JP-${String(i + 1).padStart(2, '0')}`),
        ],
      ];
      const missing = ids
        .flatMap(([group, list]) => list.map((id) => `staff:${group}.${id}`))
        .filter((k) => !has(k));
      expect(missing).toEqual([]);
    });
  }
});
