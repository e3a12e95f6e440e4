import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PREFECTURES } from '../../src/routing/ids';
import { partnerKind, route, type RoutingFacts } from '../../src/routing/route';
import { LANGUAGES } from '../../src/i18n/languages';
import { CATEGORIES } from '../../src/triage/urgency';
import { facts, load, RULES } from './helpers';

const shipped = load();
const hit = new Set<string>();
/** Routes with the shipped files and remembers which rule decided, to prove each is covered. */
const routed = (f: Partial<RoutingFacts>) => {
  const r = route(shipped, facts(f));
  hit.add(r.rule.id);
  return { partner: r.partner.id, rule: r.rule.id };
};

describe('the shipped routing rules (flows/routing.yaml)', () => {
  it('job-change-hello-work: a job change alone, for SSW or ESD, goes to Hello Work', () => {
    for (const residenceStatus of ['ssw', 'esd'])
      for (const prefecture of ['JP-13', 'JP-23', 'JP-27', null])
        expect(routed({ categories: ['job_change'], residenceStatus, prefecture })).toEqual({
          partner: 'demo-hello-work',
          rule: 'job-change-hello-work',
        });
    // Not alone, or not SSW/ESD: an NGO.
    expect(
      routed({ categories: ['job_change', 'unpaid_wages'], residenceStatus: 'ssw' }).rule,
    ).toBe('best-placed-ngo');
    expect(routed({ categories: ['job_change'], residenceStatus: 'titp' }).partner).toBe(
      'demo-ngo-national',
    );
    expect(routed({ categories: ['job_change'], residenceStatus: null }).partner).toBe(
      'demo-ngo-national',
    );
  });

  it('tokai-trainee-support: Aichi, Gifu, Mie and Shizuoka go to the Tokai group', () => {
    for (const prefecture of ['JP-21', 'JP-22', 'JP-23', 'JP-24'])
      for (const language of ['vi', 'my'])
        expect(routed({ prefecture, language })).toEqual({
          partner: 'demo-ngo-tokai',
          rule: 'tokai-trainee-support',
        });
  });

  it('kansai-vietnamese: Vietnamese speakers in Kansai go to the Vietnamese group there', () => {
    for (const prefecture of ['JP-25', 'JP-26', 'JP-27', 'JP-28', 'JP-29', 'JP-30'])
      expect(routed({ prefecture, language: 'vi' })).toEqual({
        partner: 'demo-ngo-kansai-vi',
        rule: 'kansai-vietnamese',
      });
    expect(routed({ prefecture: 'JP-13', language: 'vi' })).toEqual({
      partner: 'demo-ngo-national',
      rule: 'best-placed-ngo',
    });
  });

  it("the fallback: the NGO that best covers the case and speaks the reporter's language", () => {
    expect(routed({ prefecture: 'JP-13' })).toEqual({
      partner: 'demo-ngo-national',
      rule: 'best-placed-ngo',
    });
    expect(routed({ prefecture: null, categories: ['violence'] }).partner).toBe(
      'demo-ngo-national',
    );
    // A local NGO that does not speak the reporter's language loses to one that does.
    expect(routed({ prefecture: 'JP-27', language: 'en' })).toEqual({
      partner: 'demo-ngo-national',
      rule: 'best-placed-ngo',
    });
    expect(routed({ prefecture: 'JP-28', language: 'th' })).toEqual({
      partner: 'demo-ngo-national',
      rule: 'best-placed-ngo',
    });
  });

  it('the tests above exercise every rule of the file and its fallback', () => {
    const ids = [...RULES.matchAll(/^ {2}- id: (\S+)$|^ {2}id: (\S+)$/gm)].map((m) => m[1] ?? m[2]);
    expect(ids).toEqual([...shipped.rules.rules.map((r) => r.id), shipped.rules.fallback.id]);
    expect([...hit].sort()).toEqual([...ids].sort());
  });

  it('the demo directory routes every prefecture, to a partner of the kind the contract asks for', () => {
    for (const prefecture of [...PREFECTURES, null])
      for (const language of LANGUAGES)
        for (const categories of [['unpaid_wages'], ['job_change'], ['violence', 'housing']])
          for (const residenceStatus of ['titp', 'ssw', null]) {
            const f = facts({ prefecture, language, categories, residenceStatus });
            const { partner } = route(shipped, f);
            expect(partner.kind).toBe(partnerKind(f));
            if (prefecture)
              expect(
                partner.prefectures === 'all' || partner.prefectures.includes(prefecture),
              ).toBe(true);
          }
    expect(new Set(shipped.partners.map((p) => p.kind))).toEqual(new Set(['ngo', 'hello_work']));
  });
});

describe('the contract’s rule wins over any rules file', () => {
  it('passes over a rule whose target is of the wrong kind for the case', () => {
    // Tokai first: a job change alone for SSW in Aichi still goes to Hello Work.
    const reordered = RULES.replace(
      /( {2}- id: job-change-hello-work[\s\S]*?\n\n)( {2}- id: tokai-trainee-support[\s\S]*?\n\n)/,
      '$2$1',
    );
    expect(reordered).not.toBe(RULES);
    const d = load(undefined, reordered);
    expect(d.rules.rules[0]!.id).toBe('tokai-trainee-support');
    const r = route(
      d,
      facts({ categories: ['job_change'], residenceStatus: 'ssw', prefecture: 'JP-23' }),
    );
    expect(r.partner.id).toBe('demo-hello-work');
    expect(r.rule.id).toBe('job-change-hello-work');
  });

  it('never sends anything but a job change alone (SSW, ESD) to Hello Work, whatever the rules say', () => {
    const greedy = `
rules:
  - id: all-to-hello-work
    why: Everything to Hello Work (a wrong rule)
    when: { urgency: [emergency, urgent, ongoing, past, info] }
    kind: hello_work
  - id: all-to-the-hello-work-office
    why: Everything to the Hello Work office (a wrong rule)
    when: { languages: [vi, id, ja, en, my, fil, zh-Hans, km, th, ne] }
    partner: demo-hello-work
  - id: job-changes-to-tokai
    why: Job changes to Tokai (wrong for SSW and ESD)
    when: { categories: [job_change] }
    partner: demo-ngo-tokai
fallback:
  id: fallback
  why: The best-placed partner
`;
    for (const rules of [RULES, greedy]) {
      const d = load(undefined, rules);
      fc.assert(
        fc.property(
          fc.record({
            categories: fc.uniqueArray(fc.constantFrom(...CATEGORIES), {
              minLength: 1,
              maxLength: 3,
            }),
            residenceStatus: fc.constantFrom('titp', 'esd', 'ssw', 'other', 'unknown', null),
            prefecture: fc.constantFrom(...PREFECTURES, null),
            language: fc.constantFrom(...LANGUAGES),
            urgency: fc.constantFrom('emergency', 'urgent', 'ongoing', 'past', 'info' as const),
            flags: fc.uniqueArray(fc.constantFrom('minor', 'medical', 'safe_mode')),
          }),
          (f) => {
            expect(route(d, f).partner.kind).toBe(partnerKind(f));
          },
        ),
        { numRuns: 300 },
      );
    }
  });
});
