import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDirectory } from '../../src/entry/files';
import { parseDirectory } from '../../src/routing/directory';
import { forbiddenKind } from '../../src/routing/forbidden';
import { phoneProblem } from '../../src/routing/phone';
import { rulesJsonSchema } from '../../src/routing/rules';
import { failure, load, PARTNERS, RULES } from './helpers';

const partner = (fields: string) => `partners:
  - id: demo-ngo-national
    kind: ngo
    name: National NGO
    languages: all
    prefectures: all
    categories: all
  - id: demo-hello-work
    kind: hello_work
    name: Hello Work
    languages: all
    prefectures: all
    categories: [job_change]
${fields}`;
const rules = (body: string) => `rules:
${body}
fallback:
  id: fallback
  why: The best-placed partner of the kind the case needs
`;
const warnings = (d: ReturnType<typeof load>) => d.problems.map((p) => `${p.at}: ${p.message}`);

describe('loading the partner directory', () => {
  it('loads the shipped files with no problem but the demo’s missing notification URL', () => {
    const d = load();
    expect(d.partners.map((p) => p.id)).toEqual([
      'demo-ngo-national',
      'demo-ngo-tokai',
      'demo-ngo-kansai-vi',
      'demo-hello-work',
    ]);
    expect(d.partners.every((p) => p.schedule !== null)).toBe(true);
    const line = PARTNERS.split('\n').indexOf('  - id: demo-ngo-national') + 1;
    expect(warnings(d)).toEqual([
      `flows/partners.yaml:${line}: partner "demo-ngo-national" is on call but has no notificationUrl: it learns of emergencies only through the API`,
    ]);
  });

  it('refuses hours it cannot read, naming the file, the line and the fix', () => {
    const text = PARTNERS.replace('hours: Mon-Sat 10:00-20:00', 'hours: Mon-Sta 10:00-20:00');
    const line = text.split('\n').findIndex((l) => l.includes('Mon-Sta')) + 1;
    expect(failure(() => parseDirectory(text, 'flows/partners.yaml'))).toBe(
      `flows/partners.yaml:${line}: partners.1.hours: "mon-sta 10:00-20:00": "sta" is not a day; write Mon … Sun, a range like Mon-Fri, a list like Sat,Sun, or "Every day"`,
    );
  });

  it('reports phone numbers that do not look Japanese, at their line', () => {
    const d = parseDirectory(
      partner(`    phone: 0120-279-338
  - id: ngo-b
    kind: ngo
    name: B
    languages: all
    prefectures: all
    categories: all
    phone: 555-1234
`),
      'p.yaml',
    );
    expect(d.problems.filter((p) => p.level === 'error')).toEqual([
      {
        level: 'error',
        at: 'p.yaml:21',
        message:
          'partners.2.phone: "555-1234" does not look like a Japanese phone number: write it as dialled in Japan, like 0120-279-338, 03-5774-0992, #8891 or 110',
      },
    ]);
  });

  it('knows what Japanese phone numbers look like', () => {
    for (const ok of [
      '0120-279-338',
      '03-5774-0992',
      '0570-013904',
      '050-3754-5430',
      '090-1234-5678',
      '0800-123-4567',
      '+81-3-5774-0992',
      '#8891',
      '#9110',
      '110',
      '119',
    ])
      expect(phoneProblem(ok), ok).toBeNull();
    for (const bad of ['555-1234', '+84 24 3845 3333', '0120-279', 'call us', '8891', '1100'])
      expect(phoneProblem(bad), bad).toMatch(/phone number/);
  });

  it('refuses two partners whose ids would share a PARTNER_SECRET_ variable', () => {
    const twin = partner(`  - id: demo_hello_work
    kind: ngo
    name: Twin
    languages: all
    prefectures: all
    categories: all
`);
    expect(failure(() => parseDirectory(twin, 'p.yaml'))).toBe(
      'p.yaml:14: partner ids "demo-hello-work" and "demo_hello_work" would share PARTNER_SECRET_DEMO_HELLO_WORK; rename one',
    );
    expect(
      failure(() => parseDirectory(twin.replace('demo_hello_work', 'demo-hello-work'), 'p.yaml')),
    ).toMatch(/p\.yaml:14: partner id "demo-hello-work" appears twice/);
  });

  it('warns about plain-http notification URLs outside loopback', () => {
    const d = parseDirectory(
      partner('    notificationUrl: http://ngo.example.org/hook\n'),
      'p.yaml',
    );
    expect(warnings(d)).toContain(
      'p.yaml:14: partner "demo-hello-work": notificationUrl is plain http: case facts would cross the network unencrypted; use https',
    );
    const local = parseDirectory(
      partner('    notificationUrl: http://127.0.0.1:9/hook\n'),
      'p.yaml',
    );
    expect(warnings(local).some((w) => w.includes('plain http'))).toBe(false);
  });
});

describe('never a kumiai, employer, sending organisation or embassy', () => {
  const named = (name: string, extra = '') =>
    partner(`  - id: other
    kind: ngo
    name: ${name}
    languages: all
    prefectures: all
    categories: all
${extra}`);

  for (const [name, kind] of <[string, string][]>[
    ['Aichi Kyodo Kumiai', 'a kumiai \\(supervising organisation\\)'],
    ['東海技能実習事業協同組合', 'a kumiai \\(supervising organisation\\)'],
    ['Tokai 監理団体', 'a supervising organisation'],
    ['Registered Support Organization Nagoya', 'a registered support organisation'],
    ['Employer Relations Office', 'an employer'],
    ['Hanoi Sending Organisation', 'a sending organisation'],
    ['ベトナム送出機関', 'a sending organisation'],
    ['Embassy of Vietnam, labour section', 'an embassy or consulate'],
    ['在日インドネシア大使館', 'an embassy or consulate'],
  ])
    it(`refuses a partner named "${name}" at load`, () => {
      expect(failure(() => parseDirectory(named(name), 'p.yaml'))).toMatch(
        new RegExp(`^p\\.yaml:14: partner "other" looks like ${kind}; the hotline never routes to`),
      );
    });

  it('refuses a notification URL at an embassy', () => {
    expect(
      failure(() =>
        parseDirectory(named('Friendly', '    notificationUrl: https://vnembassy-jp.org/x\n'), 'p'),
      ),
    ).toMatch(/looks like an embassy/);
  });

  it('welcomes labour unions (労働組合, rōdō kumiai)', () => {
    for (const name of ['全統一労働組合', 'Zentoitsu Rodo Kumiai', 'Zentoitsu Roudou Kumiai'])
      expect(forbiddenKind(name), name).toBeNull();
  });

  it('refuses a routing rule whose target names one, before anything else', () => {
    const text = rules(`  - id: kumiai-complaints
    why: Complaints go back to the kumiai (never)
    when: { categories: [harassment] }
    partner: aichi-kumiai`);
    expect(failure(() => load(undefined, text))).toBe(
      'flows/routing.yaml:5: rule "kumiai-complaints" sends cases to "aichi-kumiai", which looks like a kumiai (supervising organisation); the hotline never routes to a kumiai, employer, sending organisation or embassy: remove the rule',
    );
    expect(
      failure(() => load(undefined, text.replace('aichi-kumiai', 'embassy-of-myanmar'))),
    ).toMatch(/looks like an embassy/);
  });
});

describe('loading the routing rules', () => {
  it('names the file and line of an unknown partner, and the ids it knows', () => {
    const text = RULES.replace('partner: demo-ngo-tokai', 'partner: demo-ngo-tokaj');
    const line = text.split('\n').findIndex((l) => l.includes('demo-ngo-tokaj')) + 1;
    expect(failure(() => load(undefined, text))).toBe(
      `flows/routing.yaml:${line}: rule "tokai-trainee-support" names partner "demo-ngo-tokaj", which is not in the directory; use one of demo-ngo-national, demo-ngo-tokai, demo-ngo-kansai-vi, demo-hello-work`,
    );
  });

  it('explains each mistake in the file at its line', () => {
    const cases: [string, RegExp][] = [
      [
        `  - id: a\n    why: x\n    when: { categories: [unpaid_wage] }\n    kind: ngo`,
        /^flows\/routing\.yaml:4: rules\.0\.when\.categories: /,
      ],
      [
        `  - id: a\n    why: x\n    when: { prefectures: [JP-48] }\n    kind: ngo`,
        /:4: rules\.0\.when\.prefectures.*must be JP-01 … JP-47 or a region/,
      ],
      [
        `  - id: a\n    why: x\n    when: { languages: [vn] }\n    kind: ngo`,
        /:4: rules\.0\.when\.languages.*"vn" is not a language id of the contract/,
      ],
      [
        `  - id: a\n    why: x\n    when: {}\n    kind: ngo`,
        /:4: rules\.0\.when: a rule needs at least one condition/,
      ],
      [
        `  - id: a\n    why: x\n    when: { urgency: emergency }`,
        /:2: rules\.0: give the target as either partner: <partner id> or kind: ngo \| hello_work/,
      ],
      [
        `  - id: a\n    why: x\n    when: { urgency: emergency }\n    kind: ngo\n    partner: demo-ngo-national`,
        /give the target as either/,
      ],
      [
        `  - id: fallback\n    why: x\n    when: { urgency: emergency }\n    kind: ngo`,
        /:7: rule id "fallback" appears twice/,
      ],
      [
        `  - id: a\n    why: x\n    when: { urgency: emergency }\n    kind: embassy`,
        /rules\.0\.kind/,
      ],
      [
        `  - id: a\n    why: x\n    when: { urgency: emergency }\n    kind: ngo\n    notify: yes`,
        /Unrecognized key/,
      ],
    ];
    for (const [body, message] of cases)
      expect(failure(() => load(undefined, rules(body)))).toMatch(message);
    expect(failure(() => load(undefined, 'rules: [\n'))).toMatch(
      /^flows\/routing\.yaml:\d+: not valid YAML/,
    );
    expect(failure(() => load(undefined, 'rules: []\n'))).toMatch(/fallback/);
  });

  it('accepts a single value for a list and regions for prefectures', () => {
    const d = load(
      undefined,
      rules(`  - id: kansai-vi
    why: Vietnamese speakers in Kansai
    when: { prefectures: kinki, languages: vi, residenceStatus: titp }
    partner: demo-ngo-kansai-vi`),
    );
    expect(d.rules.rules[0]!.when).toEqual({
      prefectures: ['JP-24', 'JP-25', 'JP-26', 'JP-27', 'JP-28', 'JP-29', 'JP-30'],
      languages: ['vi'],
      residenceStatus: ['titp'],
    });
  });

  it('warns about rules that can never apply, and rules that reach beyond their partner', () => {
    const d = load(
      undefined,
      rules(`  - id: wages-to-hello-work
    why: Wages to Hello Work (never - the contract keeps Hello Work for job changes)
    when: { categories: [unpaid_wages] }
    kind: hello_work
  - id: ssw-job-change-to-ngo
    why: SSW job changes to an NGO (never - the contract sends them to Hello Work)
    when: { onlyCategories: [job_change], residenceStatus: ssw }
    partner: demo-ngo-national
  - id: contradiction
    why: Wages, but only job changes (never)
    when: { categories: [unpaid_wages], onlyCategories: [job_change] }
    kind: ngo
  - id: vietnamese-anywhere
    why: Every Vietnamese speaker to the Kansai group
    when: { languages: [vi, my] }
    partner: demo-ngo-kansai-vi`),
    );
    expect(warnings(d).slice(1)).toEqual([
      'flows/routing.yaml:2: rule "wages-to-hello-work" can never apply: it sends to Hello Work, which the contract keeps for a job change alone, for SSW or ESD',
      'flows/routing.yaml:6: rule "ssw-job-change-to-ngo" can never apply: it matches only a job change alone, for SSW or ESD, which the contract sends to Hello Work',
      'flows/routing.yaml:10: rule "contradiction" can never apply: no case has one of its categories and only its onlyCategories',
      'flows/routing.yaml:14: rule "vietnamese-anywhere" can send cases from JP-01, JP-02, JP-03, JP-04, JP-05, JP-06 … to "demo-ngo-kansai-vi", which does not list them: add a prefectures condition',
      'flows/routing.yaml:14: rule "vietnamese-anywhere" can send my speakers to "demo-ngo-kansai-vi", which does not list that language',
    ]);
  });

  it('without flows/routing.yaml, routes by the fallback alone and says so', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hotline-routing-'));
    try {
      writeFileSync(join(dir, 'partners.yaml'), PARTNERS);
      const d = readDirectory(dir);
      expect(d.rules.rules).toEqual([]);
      expect(d.problems.at(-1)).toEqual({
        level: 'warning',
        at: join(dir, 'routing.yaml'),
        message: 'no routing rules: every case goes to the best-placed partner of its kind',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('publishes its format as flows/routing.schema.json, exactly as `cli schema routing` prints it', () => {
    expect(readFileSync('flows/routing.schema.json', 'utf8')).toBe(
      JSON.stringify(rulesJsonSchema(), null, 2) + '\n',
    );
  });
});
