import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateCommand } from '../../src/cli/validate';

/**
 * One deliberately broken set of files per kind of mistake an operator can make
 * (test/fixtures/operator/<mistake>/), each laid over the clean base
 * (test/fixtures/operator/base/): the validator reports exactly these problems, at these lines.
 */
const ROOT = fileURLToPath(new URL('../fixtures/operator', import.meta.url));

async function validate(mistake: string | null, change?: (dir: string) => void) {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-operator-'));
  try {
    cpSync(join(ROOT, 'base'), dir, { recursive: true });
    if (mistake) cpSync(join(ROOT, mistake), dir, { recursive: true });
    change?.(dir);
    let out = '';
    const code = await validateCommand([], {
      out: (s) => (out += s),
      flowsDir: join(dir, 'flows'),
      localesDir: join(dir, 'locales'),
    });
    const lines = out.split(`${dir}/`).join('').split('\n');
    return {
      code,
      problems: lines.filter((l) => /^(error|warn) /.test(l)),
      summary: lines.filter(Boolean).at(-1),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const MISTAKES: [string, string[]][] = [
  [
    'yaml-syntax',
    [
      'error  flows/intake.flow.yaml:9 (node "welcome"): not valid YAML: Nested mappings are not allowed in compact mappings — check the indentation, and put quotes around a text with ": " or "#" in it',
    ],
  ],
  [
    'schema-kind',
    [
      'error  flows/intake.flow.yaml:21 (node "consent"): kind "question" is not a node kind — use one of the node kinds: say, help, choice, yesno, text, set, branch, ticket, services, resume, end',
    ],
  ],
  [
    'schema-field',
    [
      'error  flows/intake.flow.yaml:47 (node "category"): "option" is not a field of an option — did you mean "options"?',
    ],
  ],
  [
    'reference',
    [
      'error  flows/intake.flow.yaml:93 (node "words"): next points to "confrim", which is not a node of this flow — did you mean "confirm"?',
    ],
  ],
  [
    'unreachable',
    [
      'error  flows/intake.flow.yaml:128 (node "thanks"): unreachable: no start, onDanger, next or branch case leads here — point a next or a branch case of another node at it, or delete it',
    ],
  ],
  [
    'dead-end',
    [
      'error  flows/intake.flow.yaml:110 (node "change"): dead end: this say node has no next, so the conversation would stop here without ending — add next: <node id>, or make it kind: end to finish the conversation here',
    ],
  ],
  [
    'loop-no-exit',
    [
      'error  flows/intake.flow.yaml:59 (node "faq"): loop with no exit: faq → faq_answer → faq never reaches an end node, so the conversation can never finish — give one of these nodes a next or a branch case that leads on towards an end node',
    ],
  ],
  [
    'endless-loop',
    [
      'error  flows/intake.flow.yaml:66 (node "faq_answer"): loop with no exit: faq_answer → faq_evidence → faq_answer asks nothing and changes no answer, so once it goes round it goes round for ever — put a question in the loop, or point one of its next somewhere else',
    ],
  ],
  [
    'option-ids',
    [
      'error  flows/intake.flow.yaml:46 (node "category"): option "pay" opens a sub-menu, so the contract wants its id to start with group_ — rename it group_pay',
    ],
  ],
  [
    'postback-length',
    [
      `error  flows/intake.flow.yaml:65 (node "faq"): the postback data of option "evidence_${'x'.repeat(31)}…" is 322 characters; LINE takes at most 300 — use a shorter option id`,
    ],
  ],
  [
    'missing-english',
    [
      'error  flows/intake.flow.yaml:92 (node "words"): intake:words_new: used by a flow but missing in English (the source) — add "words_new" to locales/en/intake.json',
    ],
  ],
  [
    'missing-translation',
    [
      'error  locales/vi/intake.json:1: intake:words: missing, so vi is not offered at all (a flow uses this text) — translate the English "Please tell us in your own words what happened."',
    ],
  ],
  [
    'extra-translation',
    [
      'error  locales/vi/intake.json:16: intake:wrods: not in English: a typo or a text no longer used — did you mean intake:words? Otherwise remove it',
      'warn   locales/vi: 1 text drafted, not yet reviewed by a native speaker — list reviewed keys in locales/vi/_review.json (validate --unreviewed lists them)',
    ],
  ],
  [
    'placeholder',
    [
      'error  locales/vi/intake.json:11: intake:confirm: placeholders {{summry}} differ from English {{summary}} — keep each {{name}} exactly as in English: the name between the braces is never translated',
    ],
  ],
  [
    'label-length',
    [
      'error  locales/vi/common.json:9: common:option.category.unpaid_wages: button label is 31 characters, at most 20 fit on a LINE quick reply: "Công ty không trả lương cho tôi" — shorten it',
    ],
  ],
  [
    'text-length',
    [
      'error  locales/vi/intake.json:8: intake:faq_evidence: text is 2279 characters; Messenger sends at most 2000 in one message — shorten it, or split it into two texts',
    ],
  ],
  [
    'locale-json',
    [
      'error  locales/vi/common.json:12: not valid JSON: Expected double-quoted property name — check the quotes and commas on this line and the one above (no comma after the last entry)',
    ],
  ],
  [
    'language-folder',
    [
      'error  locales/tl: "tl" is not a language id of the contract, so these texts are never used — rename the folder to fil',
    ],
  ],
  [
    'routing-partner',
    [
      'error  flows/routing.yaml:14: rule "emergencies" names partner "base-ngoo", which is not in the directory — use one of base-ngo, base-hello-work',
    ],
  ],
  [
    'partner-phone',
    [
      'error  flows/partners.yaml:10: partners.0.phone: "+1 555 0100" does not look like a Japanese phone number — write it as dialled in Japan, like 0120-279-338, 03-5774-0992, #8891 or 110',
    ],
  ],
  [
    'partner-hours',
    [
      'error  flows/partners.yaml:9: partners.0.hours: "mon-fri 10:00-18:75": "18:75" is not a time — write 00:00 to 23:59 (24:00 as a closing time)',
    ],
  ],
  [
    'service-phone',
    [
      'error  flows/services.yaml:7: services.0.lines.0.phone: "0120-811" does not look like a Japanese phone number — write it as dialled in Japan, like 0120-279-338, 03-5774-0992, #8891 or 110',
    ],
  ],
  [
    'service-hours',
    [
      'error  flows/services.yaml:8: services.0.lines.0.hours: "mon-fry 17:00-22:00": "fry" is not a day — write Mon … Sun, a range like Mon-Fri, a list like Sat,Sun, or "Every day"',
    ],
  ],
];

describe('validate: every kind of mistake, with its file, line and fix', () => {
  it('the base the mistakes are made in is clean', async () => {
    const { code, problems, summary } = await validate(null);
    expect(problems).toEqual([]);
    expect(summary).toBe(
      'intake v1: offered in vi, en; 2 partners, 2 routing rules; 0 errors, 0 warnings.',
    );
    expect(code).toBe(0);
  });

  it('has a test for every fixture folder', () => {
    const folders = readdirSync(ROOT).filter((f) => f !== 'base');
    expect(folders.sort()).toEqual(MISTAKES.map(([m]) => m).sort());
  });

  it('a text file a language lacks altogether is one problem, not one per text', async () => {
    const { problems } = await validate(null, (dir) =>
      rmSync(join(dir, 'locales/vi/services.json')),
    );
    expect(problems).toEqual([
      'error  locales/vi/services.json: missing: 7 texts of English are not in vi, so vi is not offered at all — copy locales/en/services.json to locales/vi/services.json and translate it',
    ]);
  });

  it.each(MISTAKES)('%s', async (mistake, expected) => {
    const { code, problems } = await validate(mistake);
    expect(problems).toEqual(expected);
    expect(code).toBe(1);
  });
});
