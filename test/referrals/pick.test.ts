import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { referralsFor } from '../../src/referrals/pick';
import { parseServices, ServicesError } from '../../src/referrals/services';

const FILE = 'flows/services.yaml';
const services = parseServices(readFileSync(FILE, 'utf8'), FILE);
/** Thursday 26 November 2026, 12:00 in Japan. */
const THU_NOON_JST = new Date('2026-11-26T03:00:00Z');
const ids = (r: { id: string }[]) => r.map((x) => x.id);

describe('referrals from flows/services.yaml', () => {
  it('gives a Vietnamese trainee with unpaid wages the OTIT and labour lines in Vietnamese', () => {
    const r = referralsFor(
      services,
      { categories: ['unpaid_wages'], language: 'vi', residenceStatus: 'titp' },
      THU_NOON_JST,
    );
    expect(r.find((x) => x.id === 'otit')).toEqual({
      id: 'otit',
      phone: '0120-250-168',
      open: true,
      opens: null,
    });
    // The labour hotline opens at 17:00 on weekdays: closed at noon, open at 17:00 JST.
    expect(r.find((x) => x.id === 'labour_hotline')).toEqual({
      id: 'labour_hotline',
      phone: '0120-558-815',
      open: false,
      opens: new Date('2026-11-26T08:00:00Z'),
    });
    // Open services come first.
    expect(r.map((x) => x.open)).toEqual([...r.map((x) => x.open)].sort().reverse());
  });

  it('says when the Burmese OTIT line opens next (Fridays)', () => {
    const r = referralsFor(
      services,
      { categories: ['document_seizure'], language: 'my', residenceStatus: 'titp' },
      THU_NOON_JST,
    );
    expect(r.find((x) => x.id === 'otit')).toMatchObject({
      phone: '0120-250-302',
      open: false,
      opens: new Date('2026-11-27T02:00:00Z'),
    });
  });

  it('does not send a specified skilled worker to OTIT, and sends a job change to Hello Work', () => {
    const r = referralsFor(
      services,
      { categories: ['job_change'], language: 'km', residenceStatus: 'ssw' },
      THU_NOON_JST,
    );
    expect(ids(r)).toContain('hello_work');
    expect(ids(r)).not.toContain('otit');
  });

  it('leaves out a service with no line in the reporter’s language', () => {
    const r = referralsFor(
      services,
      { categories: ['unpaid_wages'], language: 'km', residenceStatus: 'titp' },
      THU_NOON_JST,
    );
    expect(ids(r)).not.toContain('labour_hotline');
    expect(ids(r)).not.toContain('houterasu');
    expect(ids(r)).toContain('otit');
  });

  it('offers the 24-hour lines for sexual violence and self-harm at night', () => {
    const night = new Date('2026-11-26T17:00:00Z'); // 02:00 JST
    const r = referralsFor(
      services,
      { categories: ['sexual_harassment', 'self_harm'], language: 'en', residenceStatus: null },
      night,
    );
    expect(r.filter((x) => x.open).map((x) => x.id)).toEqual(['onestop', 'yorisoi']);
  });

  it('gives nothing for a category no service covers', () => {
    expect(
      referralsFor(
        services,
        { categories: ['question'], language: 'en', residenceStatus: null },
        THU_NOON_JST,
      ),
    ).toEqual([]);
  });
});

describe('services file problems', () => {
  it('names the file and line of hours that do not parse', () => {
    const text =
      'services:\n  - id: x\n    categories: all\n    lines:\n      - { languages: all, hours: "sometimes" }\n';
    expect(() => parseServices(text, 'flows/services.yaml')).toThrow(ServicesError);
    expect(() => parseServices(text, 'flows/services.yaml')).toThrow(
      /flows\/services\.yaml:5: .*hours/,
    );
  });

  it('refuses a service listed twice', () => {
    const one =
      '  - id: x\n    categories: all\n    lines: [{ languages: all, hours: 24 hours }]\n';
    expect(() => parseServices(`services:\n${one}${one}`, 'f.yaml')).toThrow(/appears twice/);
  });
});
