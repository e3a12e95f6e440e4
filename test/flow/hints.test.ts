import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { initialState, step } from '../../src/flow/engine';
import { parseFlow, withLanguages } from '../../src/flow/load';
import type { Effect, Input, SessionState, StepResult } from '../../src/flow/types';

const FLOW_FILE = fileURLToPath(new URL('../../flows/intake.flow.yaml', import.meta.url));
const text = readFileSync(FLOW_FILE, 'utf8');
const flow = withLanguages(
  parseFlow(text, FLOW_FILE, createHash('sha256').update(text).digest('hex')),
  ['en', 'ja', 'vi'],
);

type Ask = Extract<Effect, { type: 'ask' }>;
const choice = (question: string, id: string): Input => ({ type: 'choice', question, choice: id });
const write = (words: string, hints: string[] = [], flags: string[] = []): Input => ({
  type: 'text',
  text: words,
  hints,
  flags,
});
const talk = (inputs: Input[], from: SessionState = initialState(flow)): StepResult => {
  let r: StepResult = { state: from, effects: [] };
  for (const i of inputs) r = step(flow, r.state, i);
  return r;
};
const lastAsk = (effects: Effect[]): Ask => {
  const a = effects.filter((e): e is Ask => e.type === 'ask').at(-1);
  if (!a) throw new Error(`nothing asked: ${JSON.stringify(effects)}`);
  return a;
};
const shown = (effects: Effect[]) => lastAsk(effects).options.map((o) => o.id);
const GROUPS = ['group_pay', 'group_body', 'group_freedom', 'group_work_life', 'question'];

describe('category hints from the reporter’s own words', () => {
  const firstWords = write('They keep my passport and did not pay me', [
    'document_seizure',
    'unpaid_wages',
  ]);
  const toCategory = [firstWords, choice('language', 'en'), choice('consent', 'yes')];

  it('offers what the first message suggests on top of the menu, groups still there', () => {
    const r = talk(toCategory);
    const ask = lastAsk(r.effects);
    expect(ask.question).toBe('category');
    expect(ask.text).toBe('intake:category_hinted');
    expect(ask.hinted).toEqual([
      'common:option.category.document_seizure',
      'common:option.category.unpaid_wages',
    ]);
    expect(shown(r.effects)).toEqual([
      'document_seizure',
      'unpaid_wages',
      ...GROUPS,
      'done',
      'skip',
    ]);
  });

  it('lets the reporter confirm one hint, drop the other and add a problem from a group', () => {
    const r = talk([
      ...toCategory,
      choice('category', 'unpaid_wages'),
      choice('category', 'group_work_life'),
      choice('category', 'excessive_hours'),
      choice('category', 'done'),
    ]);
    expect(r.state.answers.category).toEqual(['unpaid_wages', 'excessive_hours']);
    expect(lastAsk(r.effects).question).toBe('words');
  });

  it('once picked, a hint is no longer offered on top', () => {
    const r = talk([...toCategory, choice('category', 'unpaid_wages')]);
    expect(shown(r.effects)).toEqual(['document_seizure', ...GROUPS, 'done', 'skip']);
  });

  it('asks again, once, when the words name a problem not offered before', () => {
    const base: Input[] = [
      { type: 'start' },
      choice('language', 'en'),
      choice('consent', 'yes'),
      choice('category', 'group_pay'),
      choice('category', 'unpaid_wages'),
      choice('category', 'done'),
    ];
    let r = talk([...base, write('and they hit me', ['violence'])]);
    expect(lastAsk(r.effects).question).toBe('category');
    expect(shown(r.effects)[0]).toBe('violence');
    r = talk([choice('category', 'violence'), choice('category', 'done')], r.state);
    expect(r.state.answers.category).toEqual(['unpaid_wages', 'violence']);
    // The words question is not asked twice.
    expect(lastAsk(r.effects).question).toBe('residence_status');

    const declined = talk([
      ...base,
      write('they hit me', ['violence']),
      choice('category', 'done'),
    ]);
    expect(declined.state.answers.category).toEqual(['unpaid_wages']);
    expect(lastAsk(declined.effects).question).toBe('residence_status');
  });

  it('goes straight on when the words suggest nothing new', () => {
    const r = talk([
      { type: 'start' },
      choice('language', 'en'),
      choice('consent', 'yes'),
      choice('category', 'group_pay'),
      choice('category', 'unpaid_wages'),
      choice('category', 'done'),
      write('no salary for 3 months', ['unpaid_wages']),
    ]);
    expect(lastAsk(r.effects).question).toBe('residence_status');
  });

  it('keeps flags the words reveal', () => {
    const r = talk([write('the broker threatens my parents', [], ['threat_to_family'])]);
    expect(r.state.textFlags).toEqual(['threat_to_family']);
  });
});

describe('questions that only some problems call for', () => {
  const upTo = (categories: string[]): Input[] => [
    { type: 'start' },
    choice('language', 'en'),
    choice('consent', 'yes'),
    ...categories.flatMap((c) => [choice('category', c)]),
    choice('category', 'done'),
    choice('words', 'skip'),
    choice('residence_status', 'titp'),
    choice('prefecture', 'JP-23'),
    choice('industry', 'skip'),
    choice('still_happening', 'yes'),
  ];

  it('asks about a date that cannot wait, and about the family, for a forced return', () => {
    let r = talk(upTo(['forced_return']));
    expect(lastAsk(r.effects).question).toBe('deadline_soon');
    r = talk([choice('deadline_soon', 'yes')], r.state);
    expect(lastAsk(r.effects).question).toBe('family_threat');
    r = talk([choice('family_threat', 'no')], r.state);
    expect(lastAsk(r.effects).question).toBe('safe_now');
  });

  it('asks neither for unpaid wages alone', () => {
    const r = talk(upTo(['unpaid_wages']));
    expect(lastAsk(r.effects).question).toBe('safe_now');
  });

  it('asks only about the family for a recruitment debt', () => {
    const r = talk(upTo(['recruitment_debt']));
    expect(lastAsk(r.effects).question).toBe('family_threat');
  });
});

describe('only a question', () => {
  const toFaq: Input[] = [
    { type: 'start' },
    choice('language', 'en'),
    choice('consent', 'yes'),
    choice('category', 'question'),
  ];

  it('answers from the list, again and again, and ends keeping nothing', () => {
    let r = talk([...toFaq, choice('category', 'done')]);
    expect(lastAsk(r.effects).question).toBe('faq');
    r = talk([choice('faq', 'change_company')], r.state);
    expect(r.effects[0]).toEqual({ type: 'say', text: 'intake:faq_change_company' });
    expect(lastAsk(r.effects).question).toBe('faq');
    r = talk([choice('faq', 'evidence')], r.state);
    expect(r.effects[0]).toEqual({ type: 'say', text: 'intake:faq_evidence' });
    r = talk([choice('faq', 'skip')], r.state);
    expect(r.effects.map((e) => e.type)).toEqual(['say', 'end']);
    expect(r.state.answers).toEqual({});
    expect(r.state.ticketOpened).toBe(false);
  });

  it('goes to the problems when the reporter has one after all', () => {
    let r = talk([...toFaq, choice('category', 'done'), choice('faq', 'report_problem')]);
    expect(lastAsk(r.effects).question).toBe('category');
    expect(r.state.answers.category).toBeNull();
    r = talk([choice('category', 'housing'), choice('category', 'done')], r.state);
    expect(r.state.answers.category).toEqual(['housing']);
    expect(lastAsk(r.effects).question).toBe('words');
  });
});
