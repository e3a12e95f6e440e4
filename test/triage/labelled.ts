import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { textFlags } from '../../src/triage/categories';
import { readFirstMessage, type FirstReading } from '../../src/triage/first-message';
import { CATEGORIES, CATEGORY_URGENCY, triage } from '../../src/triage/urgency';
import { URGENCIES, type Urgency } from '../../src/triage/types';

/**
 * Labelled first messages (test/fixtures/triage/<language>.json): what a caseworker who reads
 * the language says the bot should make of each message on its own. Shared by
 * test/triage/first-message.test.ts and bench/triage-report.ts.
 *
 * Labelling rules:
 * - `categories`: the suggestions the words alone should give (`self_harm` never: it comes from
 *   the danger words). `question` when the message asks for information (a rule, a right, a
 *   procedure, "is it legal?", "can I change company?"), alone or beside a complaint; not for
 *   "help me" or "what should I do?".
 * - `acceptAlso`: a suggestion tolerated though not in the truth set: defensible, or a known
 *   limit of phrase matching explained in `note` (use sparingly; the report counts it in
 *   "P strict").
 * - `danger`: the truth, with false alarms acceptable and misses not: violence, confinement,
 *   being taken away now, sexual assault or touching, serious injury or heat stroke ⇒ `violence`;
 *   thoughts of suicide or self-harm ⇒ `self_harm` (self-harm wins when both).
 * - `falseAlarmOk`: `danger` is null, but a detection would be a tolerable false alarm.
 * - `urgency`, `flags`: the contract's rules over `categories` plus the danger category; a
 *   danger word ⇒ `emergency`; `threat_to_family` when the text says someone threatens the
 *   reporter's family. With `falseAlarmOk`, they are what holds once the reporter has said they
 *   are safe (the false alarm dropped).
 */

export const ALL_TEN = ['vi', 'id', 'ja', 'en', 'my', 'fil', 'zh-Hans', 'km', 'th', 'ne'] as const;

export const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/triage/', import.meta.url));

const category = z.enum(CATEGORIES as [string, ...string[]]);
const item = z
  .object({
    text: z.string().min(1),
    language: z.enum(ALL_TEN),
    categories: z.array(category),
    acceptAlso: z.array(category).optional(),
    danger: z.enum(['violence', 'self_harm']).nullable(),
    falseAlarmOk: z.boolean().optional(),
    urgency: z.enum(URGENCIES as [Urgency, ...Urgency[]]),
    flags: z.array(
      z.enum([
        'forced_labour_indicators',
        'minor',
        'medical',
        'deadline',
        'threat_to_family',
        'safe_mode',
      ]),
    ),
    note: z.string().optional(),
  })
  .strict();

export type Labelled = z.infer<typeof item> & { file: string; index: number };

/** Every labelled message of every fixture file, in file order. */
export function loadLabelled(dir = FIXTURES_DIR): Labelled[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((f) => {
      const parsed = z.array(item).safeParse(JSON.parse(readFileSync(join(dir, f), 'utf8')));
      if (!parsed.success) throw new Error(`${f}: ${z.prettifyError(parsed.error)}`);
      return parsed.data.map((m, index) => ({ ...m, file: basename(f), index }));
    });
}

const FORCED_LABOUR = [
  'unpaid_wages',
  'excessive_hours',
  'violence',
  'sexual_harassment',
  'document_seizure',
  'movement_restriction',
  'forced_return',
  'recruitment_debt',
  'housing',
];
const rank = (u: Urgency) => URGENCIES.indexOf(u);

/**
 * The contract's urgency rules written out again, independently of src/triage/urgency.ts, as the
 * oracle the labels are checked against: highest category default; two or more forced-labour
 * indicators set the flag and raise one level, never above `urgent` by that rule alone; a danger
 * word ⇒ `emergency`.
 */
export function contractUrgency(
  categories: string[],
  danger: string | null,
): { urgency: Urgency; flags: string[] } {
  const all = [...new Set([...categories, ...(danger ? [danger] : [])])];
  if (all.length === 0) all.push('question');
  let urgency = all
    .map((c) => CATEGORY_URGENCY[c] ?? 'ongoing')
    .reduce<Urgency>((a, b) => (rank(a) <= rank(b) ? a : b), 'info');
  const flags: string[] = [];
  if (all.filter((c) => FORCED_LABOUR.includes(c)).length >= 2) {
    flags.push('forced_labour_indicators');
    if (rank(urgency) > rank('urgent')) urgency = URGENCIES[rank(urgency) - 1]!;
  }
  if (danger) urgency = 'emergency';
  return { urgency, flags };
}

export interface Scored {
  item: Labelled;
  reading: FirstReading;
  /** Suggested and labelled. */
  hits: string[];
  /** Labelled, not suggested. */
  missed: string[];
  /** Suggested, neither labelled nor in acceptAlso. */
  extra: string[];
  /** Suggested, in acceptAlso only. */
  tolerated: string[];
}

export function score(item: Labelled): Scored {
  const reading = readFirstMessage(item.text, ALL_TEN);
  const also = item.acceptAlso ?? [];
  return {
    item,
    reading,
    hits: reading.suggested.filter((c) => item.categories.includes(c)),
    missed: item.categories.filter((c) => !reading.suggested.includes(c)),
    extra: reading.suggested.filter((c) => !item.categories.includes(c) && !also.includes(c)),
    tolerated: reading.suggested.filter((c) => !item.categories.includes(c) && also.includes(c)),
  };
}

const sorted = (xs: readonly string[]) => [...new Set(xs)].sort();

/**
 * The urgency and flags of a reading beside those its label calls for. A tolerated extra
 * suggestion (acceptAlso) may raise the urgency: the contract's rules then apply to the label plus
 * that suggestion. On a tolerated false alarm (`falseAlarm`), the reading is emergency until the
 * reporter says they are safe; what is compared is the case after that answer, when the contract
 * drops a category only the danger word added.
 */
export function urgencyOf(s: Scored): {
  falseAlarm: boolean;
  got: { urgency: Urgency; flags: string[] };
  want: { urgency: Urgency; flags: string[] };
} {
  const m = s.item;
  const expected = s.tolerated.length
    ? contractUrgency([...m.categories, ...s.tolerated], m.danger)
    : m;
  const want = {
    urgency: expected.urgency,
    flags: sorted([...expected.flags, ...m.flags.filter((f) => f === 'threat_to_family')]),
  };
  if (!m.danger && s.reading.danger) {
    const safe = triage({
      picked: s.reading.suggested,
      danger: [s.reading.danger],
      stillHappening: null,
      safeNow: 'yes',
    });
    return {
      falseAlarm: true,
      got: { urgency: safe.urgency, flags: sorted([...safe.flags, ...textFlags(m.text)]) },
      want,
    };
  }
  return {
    falseAlarm: false,
    got: { urgency: s.reading.urgency, flags: sorted(s.reading.flags) },
    want,
  };
}
