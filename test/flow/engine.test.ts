import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currentNode, initialState, step } from '../../src/flow/engine';
import { parseFlow, withLanguages } from '../../src/flow/load';
import { asChoice, leaves, MAX_QUICK_REPLIES, pageCount, presentMenu } from '../../src/flow/menu';
import type {
  Command,
  DangerCategory,
  Effect,
  Flow,
  Input,
  SessionState,
  StepResult,
} from '../../src/flow/types';
import { LANGUAGES } from '../../src/i18n/languages';

const FLOW_FILE = fileURLToPath(new URL('../../flows/intake.flow.yaml', import.meta.url));

/** The real intake flow, loaded the way src/entry/files.ts loads it. */
function loadIntake(languages: readonly string[]): Flow {
  const text = readFileSync(FLOW_FILE, 'utf8');
  const hash = createHash('sha256').update(text).digest('hex');
  return withLanguages(parseFlow(text, FLOW_FILE, hash), [...languages]);
}
const flow = loadIntake(['en', 'ja', 'vi']);

const START: Input = { type: 'start' };
const choice = (question: string, id: string): Input => ({ type: 'choice', question, choice: id });
const write = (text: string, danger?: DangerCategory): Input =>
  danger ? { type: 'text', text, danger } : { type: 'text', text };
const cmd = (command: Command): Input => ({ type: 'command', command });

type Ask = Extract<Effect, { type: 'ask' }>;

function talk(inputs: Input[], from: SessionState = initialState(flow)): StepResult {
  let result: StepResult = { state: from, effects: [] };
  for (const input of inputs) result = step(flow, result.state, input);
  return result;
}

function lastAsk(effects: Effect[]): Ask {
  const ask = effects.filter((e): e is Ask => e.type === 'ask').at(-1);
  if (!ask) throw new Error(`nothing was asked: ${JSON.stringify(effects)}`);
  return ask;
}
const shown = (effects: Effect[]): string[] => lastAsk(effects).options.map((o) => o.id);
const kinds = (effects: Effect[]): string[] => effects.map((e) => e.type);

/** One reporter's answers through the whole intake, in order. */
const SCRIPT: Input[] = [
  START,
  choice('language', 'en'),
  choice('consent', 'yes'),
  choice('category', 'group_pay'),
  choice('category', 'unpaid_wages'),
  choice('category', 'done'),
  write('They have not paid me for three months.'),
  choice('residence_status', 'titp'),
  choice('region', 'chubu'),
  choice('prefecture', 'JP-23'),
  choice('industry', 'food_manufacturing'),
  choice('still_happening', 'yes'),
  choice('safe_now', 'yes'),
  choice('phone_watched', 'no'),
  choice('notify', 'no'),
  choice('share_words', 'yes'),
  choice('confirm', 'yes'),
];

/** Follow the script until the reporter is being asked the node `node`. */
function at(node: string): StepResult {
  let result: StepResult = { state: initialState(flow), effects: [] };
  for (const input of SCRIPT) {
    result = step(flow, result.state, input);
    if (result.state.node === node) return result;
  }
  throw new Error(`the script never reaches node "${node}"`);
}
const finished = (): StepResult => talk(SCRIPT);

describe('the intake from greeting to case', () => {
  it('walks a reporter through every question and files the case at the end', () => {
    let r = step(flow, initialState(flow), START);
    expect(r.effects[0]).toEqual({ type: 'say', text: 'intake:welcome' });
    expect(lastAsk(r.effects)).toMatchObject({ question: 'language', text: 'intake:language' });
    expect(shown(r.effects)).toEqual(['en', 'ja', 'vi']);

    const expectNext = (input: Input, question: string, options?: string[]) => {
      r = step(flow, r.state, input);
      expect(kinds(r.effects)).not.toContain('reprompt');
      expect(lastAsk(r.effects).question).toBe(question);
      if (options) expect(shown(r.effects)).toEqual(options);
    };
    expectNext(choice('language', 'en'), 'consent', ['yes', 'no']);
    expect(r.state.language).toBe('en');
    expectNext(choice('consent', 'yes'), 'category');
    expectNext(choice('category', 'group_pay'), 'category');
    expectNext(choice('category', 'unpaid_wages'), 'category');
    expectNext(choice('category', 'done'), 'words', ['skip']);
    expectNext(write('They have not paid me for three months.'), 'residence_status', [
      'titp',
      'esd',
      'ssw',
      'other',
      'unknown',
      'skip',
    ]);
    expect(r.effects[0]).toEqual({
      type: 'words',
      text: 'They have not paid me for three months.',
    });
    expectNext(choice('residence_status', 'titp'), 'region');
    expectNext(choice('region', 'chubu'), 'prefecture');
    expectNext(choice('prefecture', 'JP-23'), 'industry');
    expectNext(choice('industry', 'food_manufacturing'), 'still_happening', ['yes', 'no', 'skip']);
    expectNext(choice('still_happening', 'yes'), 'safe_now', ['yes', 'no', 'unsure', 'skip']);
    expectNext(choice('safe_now', 'yes'), 'phone_watched', ['yes', 'no', 'unsure', 'skip']);
    expectNext(choice('phone_watched', 'no'), 'notify', ['yes', 'no', 'skip']);
    expectNext(choice('notify', 'no'), 'share_words', ['yes', 'no', 'skip']);
    expectNext(choice('share_words', 'yes'), 'confirm', ['yes', 'no']);
    expect(kinds(r.effects)).not.toContain('file_ticket');

    r = step(flow, r.state, choice('confirm', 'yes'));
    expect(r.effects).toEqual([
      { type: 'file_ticket' },
      { type: 'say', text: 'intake:case_code' },
      { type: 'services' },
      { type: 'say', text: 'intake:next_steps' },
      { type: 'end', discard: false },
    ]);
    expect(r.state).toMatchObject({ ended: true, ticketOpened: true, node: null });
    expect(r.state.answers).toEqual({
      language: 'en',
      consent: 'yes',
      category: ['unpaid_wages'],
      words: 'given',
      residence_status: 'titp',
      region: 'chubu',
      prefecture: 'JP-23',
      industry: 'food_manufacturing',
      still_happening: 'yes',
      safe_now: 'yes',
      phone_watched: 'no',
      notify: 'no',
      share_words: 'yes',
      confirm: 'yes',
    });
  });

  it('shows the helplines before going on when the reporter is not sure they are safe', () => {
    const r = step(flow, at('safe_now').state, choice('safe_now', 'unsure'));
    expect(kinds(r.effects)).toEqual(['help', 'ask']);
    expect(lastAsk(r.effects).question).toBe('phone_watched');
  });

  it('never offers notifications when someone may read the phone, and says how to stay hidden', () => {
    const r = step(flow, at('phone_check').state, choice('phone_watched', 'yes'));
    expect(r.effects).toContainEqual({ type: 'say', text: 'intake:safe_mode_tips' });
    expect(lastAsk(r.effects).question).toBe('share_words');
    expect(r.state.answers.notify).toBe('no');
  });

  it('goes through the questions again, answers kept, when the summary is not right', () => {
    const r = step(flow, at('confirm').state, choice('confirm', 'no'));
    expect(kinds(r.effects)).not.toContain('file_ticket');
    expect(r.effects[0]).toEqual({ type: 'say', text: 'intake:change' });
    const ask = lastAsk(r.effects);
    expect(ask.question).toBe('category');
    // Something is already picked, so the "add another" text is shown.
    expect(ask.text).toBe('intake:category_more');
    expect(r.state.answers).toMatchObject({ category: ['unpaid_wages'], prefecture: 'JP-23' });
    expect(r.state.ticketOpened).toBe(false);
  });
});

describe('choosing several categories', () => {
  const top = ['group_pay', 'group_body', 'group_freedom', 'group_work_life', 'question'];

  it('offers the groups, then the problems of a group with back, done and skip', () => {
    const r = at('category');
    expect(shown(r.effects)).toEqual([...top, 'done', 'skip']);
    const body = step(flow, r.state, choice('category', 'group_body'));
    expect(lastAsk(body.effects).question).toBe('category');
    expect(shown(body.effects)).toEqual([
      'violence',
      'injury',
      'sexual_harassment',
      'harassment',
      'self_harm',
      'back',
      'done',
      'skip',
    ]);
    expect(body.state.answers.category).toBeUndefined();
  });

  it('keeps each pick, returns to the groups and says what to do next', () => {
    const r = talk(
      [choice('category', 'group_body'), choice('category', 'injury')],
      at('category').state,
    );
    expect(r.state.answers.category).toEqual(['injury']);
    expect(lastAsk(r.effects).text).toBe('intake:category_more');
    expect(shown(r.effects)).toEqual([...top, 'done', 'skip']);
  });

  it('accepts an option of a closed sub-menu tapped from the top level', () => {
    const r = step(flow, at('category').state, choice('category', 'forced_return'));
    expect(kinds(r.effects)).toEqual(['ask']);
    expect(r.state.answers.category).toEqual(['forced_return']);
  });

  it('changes nothing when an option is picked again', () => {
    const once = talk(
      [choice('category', 'violence'), choice('category', 'housing')],
      at('category').state,
    );
    const again = step(flow, once.state, choice('category', 'violence'));
    expect(again.state).toEqual(once.state);
    expect(again.state.answers.category).toEqual(['violence', 'housing']);
    expect(kinds(again.effects)).toEqual(['ask']);
  });

  it('records every pick, in order, on done', () => {
    const r = talk(
      [
        choice('category', 'group_freedom'),
        choice('category', 'document_seizure'),
        choice('category', 'unpaid_wages'),
        choice('category', 'done'),
      ],
      at('category').state,
    );
    expect(r.state.answers.category).toEqual(['document_seizure', 'unpaid_wages']);
    expect(lastAsk(r.effects).question).toBe('words');
  });

  it('records ["question"] for done with nothing picked', () => {
    const r = step(flow, at('category').state, choice('category', 'done'));
    expect(r.state.answers.category).toEqual(['question']);
    expect(lastAsk(r.effects).question).toBe('faq');
  });

  it('records ["question"] for skip, from the top level or inside a group', () => {
    const fromTop = step(flow, at('category').state, choice('category', 'skip'));
    expect(fromTop.state.answers.category).toEqual(['question']);
    expect(lastAsk(fromTop.effects).question).toBe('faq');
    const fromGroup = talk(
      [choice('category', 'group_pay'), choice('category', 'skip')],
      at('category').state,
    );
    expect(fromGroup.state.answers.category).toEqual(['question']);
  });

  it('returns from a group to the top level on back', () => {
    const r = talk(
      [choice('category', 'group_work_life'), choice('category', 'back')],
      at('category').state,
    );
    expect(shown(r.effects)).toEqual([...top, 'done', 'skip']);
    expect(r.state.answers.category).toBeUndefined();
  });
});

describe('region, then prefecture', () => {
  const regions = [
    'hokkaido',
    'tohoku',
    'kanto',
    'chubu',
    'kinki',
    'chugoku',
    'shikoku',
    'kyushu_okinawa',
  ];

  it('asks the region first, under q=region', () => {
    const ask = lastAsk(at('prefecture').effects);
    expect(ask.question).toBe('region');
    expect(ask.options.every((o) => o.question === 'region')).toBe(true);
    expect(ask.options.map((o) => o.id)).toEqual([...regions, 'skip']);
  });

  it('then the prefectures of that region, under q=prefecture', () => {
    const r = step(flow, at('prefecture').state, choice('region', 'kanto'));
    const ask = lastAsk(r.effects);
    expect(ask.question).toBe('prefecture');
    expect(ask.options.map((o) => o.id)).toEqual([
      'JP-08',
      'JP-09',
      'JP-10',
      'JP-11',
      'JP-12',
      'JP-13',
      'JP-14',
      'back',
      'skip',
    ]);
    const done = step(flow, r.state, choice('prefecture', 'JP-13'));
    expect(done.state.answers).toMatchObject({ region: 'kanto', prefecture: 'JP-13' });
    expect(lastAsk(done.effects).question).toBe('industry');
  });

  it('accepts a q=prefecture choice while the region is asked', () => {
    const r = step(flow, at('prefecture').state, choice('prefecture', 'JP-40'));
    expect(kinds(r.effects)).not.toContain('reprompt');
    expect(r.state.answers).toMatchObject({ region: 'kyushu_okinawa', prefecture: 'JP-40' });
    expect(lastAsk(r.effects).question).toBe('industry');
  });

  it('needs no second tap for Hokkaido, the region with one prefecture', () => {
    const r = step(flow, at('prefecture').state, choice('region', 'hokkaido'));
    expect(r.state.answers).toMatchObject({ region: 'hokkaido', prefecture: 'JP-01' });
    expect(lastAsk(r.effects).question).toBe('industry');
  });

  it('goes back from the prefectures to the regions', () => {
    const r = talk(
      [choice('region', 'kinki'), choice('prefecture', 'back')],
      at('prefecture').state,
    );
    expect(lastAsk(r.effects).question).toBe('region');
    expect(shown(r.effects)).toEqual([...regions, 'skip']);
    expect(r.state.answers.prefecture).toBeUndefined();
  });

  it('records null on skip, from the regions or from the prefectures', () => {
    const fromRegions = step(flow, at('prefecture').state, choice('region', 'skip'));
    expect(fromRegions.state.answers.prefecture).toBeNull();
    expect(lastAsk(fromRegions.effects).question).toBe('industry');
    const fromPrefectures = talk(
      [choice('region', 'tohoku'), choice('prefecture', 'skip')],
      at('prefecture').state,
    );
    expect(fromPrefectures.state.answers.prefecture).toBeNull();
    expect(lastAsk(fromPrefectures.effects).question).toBe('industry');
  });
});

describe('menus that do not fit on one screen', () => {
  const industryNode = flow.nodes.industry;
  const industries =
    industryNode?.kind === 'choice' ? leaves(industryNode.options).map((o) => o.id) : [];

  it('pages the industries with more and back, losing none', () => {
    expect(industries).toHaveLength(13);
    const first = at('industry');
    const page1 = shown(first.effects);
    expect(page1.length).toBeLessThanOrEqual(MAX_QUICK_REPLIES);
    expect(page1).toContain('more');
    expect(page1).toContain('skip');
    expect(page1).not.toContain('back');

    const second = step(flow, first.state, choice('industry', 'more'));
    const page2 = shown(second.effects);
    expect(page2.length).toBeLessThanOrEqual(MAX_QUICK_REPLIES);
    expect(page2).toContain('back');
    expect(page2).toContain('skip');
    expect(page2).not.toContain('more');
    const seen = [...page1, ...page2].filter((id) => industries.includes(id));
    expect(seen).toEqual(industries);

    const backAgain = step(flow, second.state, choice('industry', 'back'));
    expect(shown(backAgain.effects)).toEqual(page1);
  });

  it('accepts an industry from a page that is not shown', () => {
    const first = at('industry');
    expect(shown(first.effects)).not.toContain('shipbuilding');
    const r = step(flow, first.state, choice('industry', 'shipbuilding'));
    expect(r.state.answers.industry).toBe('shipbuilding');
    expect(lastAsk(r.effects).question).toBe('still_happening');
  });

  const NO_SKIP = ['consent', 'language', 'confirm'];

  it.each([
    ['en, ja, vi', flow],
    ['all ten languages', loadIntake(LANGUAGES)],
  ])('never shows more than 13 options on any page of any question (%s)', (_name, someFlow) => {
    let screens = 0;
    for (const node of Object.values(someFlow.nodes)) {
      if (node.kind !== 'choice' && node.kind !== 'yesno') continue;
      const menu = asChoice(node)!;
      const groups = [null, ...menu.options.filter((o) => o.children?.length).map((o) => o.id)];
      const reachable = new Set<string>();
      for (const group of groups) {
        const pages = pageCount(menu, { group, page: 0 });
        for (let page = 0; page < pages; page++) {
          const ids = presentMenu(menu, { group, page }).options.map((o) => o.id);
          screens++;
          const where = `${node.id} ${group ?? 'top'} page ${page + 1}: ${ids.join(',')}`;
          expect(ids.length, where).toBeLessThanOrEqual(MAX_QUICK_REPLIES);
          expect(new Set(ids).size, where).toBe(ids.length);
          if (menu.multi) expect(ids, where).toContain('done');
          if (NO_SKIP.includes(menu.question)) expect(ids, where).not.toContain('skip');
          else expect(ids, where).toContain('skip');
          ids.forEach((id) => reachable.add(id));
        }
      }
      // Every option can be reached on some screen.
      for (const leaf of leaves(menu.options)) expect(reachable, node.id).toContain(leaf.id);
    }
    expect(screens).toBeGreaterThan(10);
  });
});

describe('a tap that does not fit the question', () => {
  it.each([
    ['a button of another question', 'industry', choice('category', 'violence'), 'stale'],
    ['an old yes/no button', 'safe_now', choice('still_happening', 'no'), 'stale'],
    ['the delete confirmation after it was answered', 'industry', choice('delete', 'yes'), 'stale'],
    ['an unknown option', 'industry', choice('industry', 'astronaut'), 'unknown'],
    ['a prefecture that does not exist', 'prefecture', choice('prefecture', 'JP-99'), 'unknown'],
    ['skip where it is not offered', 'consent', choice('consent', 'skip'), 'unknown'],
    ['done on a single choice', 'residence_status', choice('residence_status', 'done'), 'unknown'],
  ])('%s changes nothing and asks again', (_name, node, input, reason) => {
    const before = at(node);
    const r = step(flow, before.state, input);
    expect(r.state).toEqual(before.state);
    expect(r.effects[0]).toEqual({ type: 'reprompt', reason });
    expect(lastAsk(r.effects)).toEqual(lastAsk(before.effects));
  });
});

describe('commands', () => {
  it('restart starts over without the answers, in the language already chosen', () => {
    const before = at('industry').state;
    const r = step(flow, before, cmd('restart'));
    expect(r.effects[0]).toEqual({ type: 'say', text: 'intake:welcome' });
    expect(lastAsk(r.effects).question).toBe('consent');
    expect(r.state.language).toBe(before.language);
    expect(r.state.answers).toEqual({ language: before.language });
  });

  it('language changes the language, keeps the answers and returns to the interrupted question', () => {
    const before = talk([choice('region', 'kanto')], at('prefecture').state);
    const asked = step(flow, before.state, cmd('language'));
    expect(lastAsk(asked.effects).question).toBe('language');
    expect(asked.state.answers).toEqual(before.state.answers);

    const r = step(flow, asked.state, choice('language', 'vi'));
    expect(r.state.language).toBe('vi');
    expect(r.state.answers).toMatchObject({
      ...before.state.answers,
      language: 'vi',
    });
    expect(r.state.node).toBe('prefecture');
    expect(lastAsk(r.effects).question).toBe('region');
    expect(kinds(r.effects)).not.toContain('say');
  });

  it('language as the very first message asks the language, then goes on', () => {
    const asked = step(flow, initialState(flow), cmd('language'));
    expect(lastAsk(asked.effects).question).toBe('language');
    const r = step(flow, asked.state, choice('language', 'ja'));
    expect(r.state.language).toBe('ja');
    expect(lastAsk(r.effects).question).toBe('consent');
  });

  it('help shows the helplines and asks the current question again, changing nothing', () => {
    const before = talk([choice('category', 'violence')], at('category').state);
    const r = step(flow, before.state, cmd('help'));
    expect(kinds(r.effects)).toEqual(['help', 'ask']);
    expect(lastAsk(r.effects)).toEqual(lastAsk(before.effects));
    expect(r.state).toEqual(before.state);
  });

  it('delete asks for confirmation first', () => {
    const r = step(flow, at('industry').state, cmd('delete'));
    const ask = lastAsk(r.effects);
    expect(ask.question).toBe('delete');
    expect(ask.options.map((o) => [o.question, o.id])).toEqual([
      ['delete', 'yes'],
      ['delete', 'no'],
    ]);
    expect(kinds(r.effects)).not.toContain('delete_data');
  });

  it('delete, then no, deletes nothing and asks the current question again', () => {
    const before = at('industry');
    const r = talk([cmd('delete'), choice('delete', 'no')], before.state);
    expect(kinds(r.effects)).not.toContain('delete_data');
    expect(r.effects[0]).toEqual({ type: 'say', text: 'common:system.delete_cancelled' });
    expect(lastAsk(r.effects)).toEqual(lastAsk(before.effects));
    expect(r.state).toEqual(before.state);
  });

  it('delete, then yes, erases the data and the answers', () => {
    const r = talk([cmd('delete'), choice('delete', 'yes')], at('industry').state);
    expect(kinds(r.effects)).toContain('delete_data');
    expect(r.state.answers).toEqual({});
    expect(r.state.words).toEqual([]);
    expect(r.state.pending).toBeNull();
    expect(r.state.node).toBeNull();
  });

  it('delete, then yes, tells the reporter their data is gone', () => {
    const r = talk([cmd('delete'), choice('delete', 'yes')], at('industry').state);
    expect(r.effects.some((e) => e.type === 'say' || e.type === 'ask')).toBe(true);
  });

  it('help during a pending delete confirmation shows buttons that work', () => {
    const r = talk([cmd('delete'), cmd('help')], at('industry').state);
    const button = lastAsk(r.effects).options[0]!;
    const tap = step(flow, r.state, choice(button.question, button.id));
    expect(kinds(tap.effects)).not.toContain('reprompt');
  });

  it('a delete confirmation left unanswered deletes nothing', () => {
    const before = at('industry');
    const r = talk([cmd('delete'), choice('industry', 'fishery')], before.state);
    expect(kinds(r.effects)).not.toContain('delete_data');
    expect(r.state.pending).toBeNull();
    expect(r.state.answers).toEqual(before.state.answers);
  });
});

describe('consent refused', () => {
  it('shows the helplines and ends without keeping anything', () => {
    const r = talk([
      write('my boss keeps my passport'),
      choice('language', 'vi'),
      choice('consent', 'no'),
    ]);
    expect(kinds(r.effects)).toEqual(['help', 'say', 'end']);
    expect(r.effects).toContainEqual({ type: 'say', text: 'intake:declined' });
    expect(r.effects.at(-1)).toEqual({ type: 'end', discard: true });
    expect(r.state.answers).toEqual({});
    expect(r.state.words).toEqual([]);
    expect(r.state.ticketOpened).toBe(false);
  });

  it('starts afresh when the reporter writes again', () => {
    const declined = talk([START, choice('language', 'en'), choice('consent', 'no')]);
    const r = step(flow, declined.state, write('hello again'));
    expect(r.effects[0]).toEqual({ type: 'words', text: 'hello again' });
    expect(r.effects).toContainEqual({ type: 'say', text: 'intake:welcome' });
    // The language was chosen before: the new conversation goes straight to consent in it.
    expect(lastAsk(r.effects).question).toBe('consent');
    expect(r.state.language).toBe('en');
  });
});

describe('a language guessed from the first words', () => {
  it('answers in it, skips the language question, and offers a one-tap change until an answer', () => {
    const r = step(flow, initialState(flow), {
      type: 'text',
      text: 'cong ty khong tra luong',
      language: 'vi',
    });
    expect(r.state.language).toBe('vi');
    const consent = lastAsk(r.effects);
    expect(consent.question).toBe('consent');
    expect(consent.options.at(-1)).toMatchObject({ id: 'change', data: 'cmd=language' });
    const next = step(flow, r.state, choice('consent', 'yes'));
    expect(lastAsk(next.effects).options.some((o) => o.data === 'cmd=language')).toBe(false);
  });

  it('never overrides a language the reporter chose', () => {
    const chosen = talk([START, choice('language', 'ja')]).state;
    const r = step(flow, chosen, { type: 'text', text: 'hello', language: 'en' });
    expect(r.state.language).toBe('ja');
  });
});

describe("the reporter's own words", () => {
  it('keeps words written before any question and then greets', () => {
    const r = step(flow, initialState(flow), write('My company took my passport'));
    expect(r.effects[0]).toEqual({ type: 'words', text: 'My company took my passport' });
    expect(r.effects[1]).toEqual({ type: 'say', text: 'intake:welcome' });
    expect(lastAsk(r.effects).question).toBe('language');
  });

  it('keeps words written at a menu and asks the menu again', () => {
    const before = at('industry');
    const r = step(flow, before.state, write('I work in a factory making bento'));
    expect(r.effects).toEqual([
      { type: 'words', text: 'I work in a factory making bento' },
      { type: 'say', text: 'common:system.please_choose' },
      lastAsk(before.effects),
    ]);
    expect(r.state).toEqual(before.state);
  });

  it('adds words written after the case was filed to the case', () => {
    const end = finished();
    const r = step(flow, end.state, write('They also took my passport.'));
    expect(r.effects).toEqual([
      { type: 'words', text: 'They also took my passport.' },
      { type: 'say', text: 'common:system.added_to_case' },
    ]);
    expect(r.state).toMatchObject({ ended: true, ticketOpened: true });
    expect(kinds(r.effects)).not.toContain('file_ticket');
    expect(kinds(r.effects)).not.toContain('open_ticket');
  });

  it('does not claim something was added to the case when nothing was written', () => {
    const r = step(flow, finished().state, START);
    expect(r.effects).not.toContainEqual({ type: 'say', text: 'common:system.added_to_case' });
  });

  it('lets the reporter change language after the case was filed', () => {
    const asked = step(flow, finished().state, cmd('language'));
    expect(lastAsk(asked.effects).question).toBe('language');
    const r = step(flow, asked.state, choice('language', 'vi'));
    expect(r.state.language).toBe('vi');
  });
});

/** The safety questions a danger word starts, each skipped; returns what follows them. */
const SAFETY = [
  'safe_now',
  'need_doctor',
  'stopped_leaving',
  'sent_home_soon',
  'self_harm_thoughts',
];
function throughSafety(state: SessionState) {
  let r: StepResult = { state, effects: [] };
  for (const q of SAFETY) {
    expect(lastAskOf(r, state)).toBe(q);
    r = step(flow, r.state, choice(q, 'skip'));
  }
  return r;
}
const lastAskOf = (r: StepResult, start: SessionState) =>
  r.effects.length ? lastAsk(r.effects).question : currentNode(flow, start)?.question;

describe('danger', () => {
  it('puts emergency help first, opens the case at once, asks the safety questions, then goes back', () => {
    const before = at('category');
    const r = step(flow, before.state, write('My boss hit me, I am bleeding', 'violence'));
    expect(r.effects[0]).toEqual({ type: 'emergency', category: 'violence' });
    expect(r.effects).toContainEqual({ type: 'open_ticket', reason: 'danger' });
    expect(r.effects).toContainEqual({ type: 'words', text: 'My boss hit me, I am bleeding' });
    expect(r.effects).not.toContainEqual({ type: 'say', text: 'common:system.please_choose' });
    expect(r.effects).toContainEqual({ type: 'say', text: 'intake:safety_intro' });
    expect(lastAsk(r.effects).question).toBe('safe_now');
    expect(r.state.ticketOpened).toBe(true);
    expect(r.state.danger).toEqual(['violence']);
    const after = throughSafety(r.state);
    expect(lastAsk(after.effects).question).toBe('category');
  });

  it('does not ask whether the reporter is safe a second time', () => {
    const r = step(flow, at('category').state, write('he hit me', 'violence'));
    let state = step(flow, r.state, choice('safe_now', 'yes')).state;
    for (const q of SAFETY.slice(1)) state = step(flow, state, choice(q, 'no')).state;
    const asked: string[] = [];
    for (const input of SCRIPT.slice(
      SCRIPT.findIndex((i) => i.type === 'choice' && i.question === 'category'),
    )) {
      if (input.type === 'choice' && input.question === 'safe_now') continue;
      const next = step(flow, state, input);
      asked.push(...next.effects.flatMap((e) => (e.type === 'ask' ? [e.question] : [])));
      state = next.state;
    }
    expect(asked).not.toContain('safe_now');
    expect(state.ended).toBe(true);
  });

  it('puts emergency help first even in the very first message', () => {
    const r = step(flow, initialState(flow), write('I want to die', 'self_harm'));
    expect(r.effects[0]).toEqual({ type: 'emergency', category: 'self_harm' });
    expect(r.effects).toContainEqual({ type: 'open_ticket', reason: 'danger' });
    expect(r.effects).toContainEqual({ type: 'words', text: 'I want to die' });
    expect(lastAsk(r.effects).question).toBe('safe_now');
    // After the safety questions, the intake starts as usual.
    expect(lastAsk(throughSafety(r.state).effects).question).toBe('language');
  });

  it('updates the same case on a second danger word, and files it once at the end', () => {
    const first = step(flow, at('category').state, write('he hit me', 'violence'));
    const second = step(flow, first.state, write('I want to die', 'self_harm'));
    expect(second.effects[0]).toEqual({ type: 'emergency', category: 'self_harm' });
    expect(kinds(second.effects)).toContain('update_ticket');
    expect(kinds(second.effects)).not.toContain('open_ticket');
    expect(second.state.danger).toEqual(['violence', 'self_harm']);

    // The rest of the intake, from the first tap on the category menu to the confirmation.
    const all: Effect[] = [];
    let state = throughSafety(second.state).state;
    for (const input of SCRIPT.slice(
      SCRIPT.findIndex((i) => i.type === 'choice' && i.question === 'category'),
    )) {
      const r = step(flow, state, input);
      all.push(...r.effects);
      state = r.state;
    }
    expect(all.filter((e) => e.type === 'file_ticket')).toHaveLength(1);
    expect(kinds(all)).not.toContain('open_ticket');
    expect(state).toMatchObject({ ended: true, ticketOpened: true });
  });

  it('opens a new case for a danger word after the last case was filed', () => {
    const r = step(flow, finished().state, write('they locked me in', 'violence'));
    expect(r.effects[0]).toEqual({ type: 'emergency', category: 'violence' });
    expect(r.effects).toContainEqual({ type: 'open_ticket', reason: 'danger' });
    expect(r.effects).toContainEqual({ type: 'words', text: 'they locked me in' });
  });

  it('keeps the danger sentence as words while a delete confirmation is pending', () => {
    const pending = step(flow, at('industry').state, cmd('delete'));
    const r = step(flow, pending.state, write('he is hitting me now', 'violence'));
    expect(r.effects[0]).toEqual({ type: 'emergency', category: 'violence' });
    expect(r.effects).toContainEqual({ type: 'words', text: 'he is hitting me now' });
  });
});

describe('a session started under another version of the flow', () => {
  const older = (state: SessionState, node: string | null = state.node): SessionState => ({
    ...state,
    flowVersion: 0,
    flowHash: 'an-older-flow',
    node,
  });

  it('continues where it was when its question still exists', () => {
    const r = step(flow, older(at('industry').state), choice('industry', 'fishery'));
    expect(kinds(r.effects)).not.toContain('reprompt');
    expect(r.state.answers.industry).toBe('fishery');
    expect(lastAsk(r.effects).question).toBe('still_happening');
    expect(r.state.flowHash).toBe(flow.hash);
    expect(r.state.flowVersion).toBe(flow.version);
  });

  it('says so and starts from the top, answers kept, when its question is gone', () => {
    const before = at('industry').state;
    const r = step(flow, older(before, 'workplace_size'), choice('workplace_size', 'big'));
    expect(r.effects[0]).toEqual({ type: 'reprompt', reason: 'flow_changed' });
    expect(r.effects).toContainEqual({ type: 'say', text: 'intake:welcome' });
    expect(lastAsk(r.effects).question).toBe('consent');
    expect(r.state.answers).toEqual(before.answers);
    expect(r.state.flowHash).toBe(flow.hash);
  });

  it('keeps the danger sentence as words', () => {
    const r = step(
      flow,
      older(at('industry').state, 'workplace_size'),
      write('they took my passport and locked me in', 'violence'),
    );
    expect(r.effects).toContainEqual({
      type: 'words',
      text: 'they took my passport and locked me in',
    });
  });

  it('still puts emergency help first', () => {
    const r = step(
      flow,
      older(at('industry').state, 'workplace_size'),
      write('I want to die', 'self_harm'),
    );
    expect(r.effects[0]).toEqual({ type: 'emergency', category: 'self_harm' });
    expect(kinds(r.effects)).toContain('open_ticket');
  });
});

describe('any sequence of inputs (property)', () => {
  const QUESTIONS = [
    'consent',
    'language',
    'category',
    'region',
    'prefecture',
    'industry',
    'residence_status',
    'safe_now',
    'still_happening',
    'phone_watched',
    'notify',
    'confirm',
    'words',
    'delete',
  ];
  const OPTIONS = [
    ...new Set(
      Object.values(flow.nodes).flatMap((n) =>
        n.kind === 'choice'
          ? [...n.options.map((o) => o.id), ...leaves(n.options).map((o) => o.id)]
          : [],
      ),
    ),
    'yes',
    'no',
    'unsure',
    'more',
    'back',
    'done',
    'skip',
  ];
  const TEXTS = ['hello', 'help', '1', '２', 'I want to die', '', '   ', 'Tiếng Việt', '給料'];

  /** A move is an input, or "tap the n-th option on screen" (resolved while running). */
  type Move = { input: Input } | { tap: number };
  const move: fc.Arbitrary<Move> = fc.oneof(
    { weight: 20, arbitrary: fc.nat(30).map((tap) => ({ tap })) },
    {
      weight: 2,
      arbitrary: fc
        .record({
          question: fc.oneof(fc.constantFrom(...QUESTIONS), fc.string({ maxLength: 8 })),
          choice: fc.oneof(fc.constantFrom(...OPTIONS), fc.string({ maxLength: 8 })),
        })
        .map((c) => ({ input: { type: 'choice' as const, ...c } })),
    },
    {
      weight: 2,
      arbitrary: fc
        .record({
          text: fc.oneof(fc.constantFrom(...TEXTS), fc.string({ maxLength: 40 })),
          danger: fc.constantFrom<DangerCategory | undefined>(
            undefined,
            undefined,
            undefined,
            'violence',
            'self_harm',
          ),
        })
        .map(({ text, danger }) => ({ input: write(text, danger) })),
    },
    { weight: 1, arbitrary: fc.constant({ input: cmd('restart') }) },
    {
      weight: 3,
      arbitrary: fc
        .constantFrom<Command>('language', 'help', 'delete')
        .map((c) => ({ input: cmd(c) })),
    },
    { weight: 1, arbitrary: fc.constant({ input: START }) },
  );

  interface Turn {
    input: Input;
    /** The input is a tap on a button the bot showed in its previous answer. */
    tapped: boolean;
    before: SessionState;
    result: StepResult;
  }

  /** Play the moves from a fresh session, calling `check` after every step. */
  function play(moves: Move[], check: (turn: Turn) => void): void {
    let state = initialState(flow);
    let onScreen: Ask | null = null;
    for (const m of moves) {
      let input: Input;
      let tapped = false;
      if ('tap' in m && onScreen && onScreen.options.length) {
        const o = onScreen.options[m.tap % onScreen.options.length]!;
        input = choice(o.question, o.id);
        tapped = true;
      } else input = 'input' in m ? m.input : write('…');
      const before = structuredClone(state);
      const result = step(flow, state, input);
      expect(state).toEqual(before); // the previous state is never mutated
      check({ input, tapped, before, result });
      state = result.state;
      onScreen = result.effects.filter((e): e is Ask => e.type === 'ask').at(-1) ?? null;
    }
  }
  const moves = fc.array(move, { minLength: 1, maxLength: 120, size: 'max' });

  it('never throws, never shows more than 13 options, and keeps a plain JSON state', () => {
    fc.assert(
      fc.property(moves, (ms) =>
        play(ms, ({ input, result }) => {
          for (const e of result.effects)
            if (e.type === 'ask') expect(e.options.length).toBeLessThanOrEqual(MAX_QUICK_REPLIES);
          if (input.type === 'text' && input.danger)
            expect(result.effects[0]).toEqual({ type: 'emergency', category: input.danger });
          else expect(kinds(result.effects)).not.toContain('emergency');
          expect(JSON.parse(JSON.stringify(result.state))).toStrictEqual(result.state);
        }),
      ),
      { numRuns: 300 },
    );
  });

  it('never answers a tap on a button it just showed with a reprompt', () => {
    fc.assert(
      fc.property(moves, (ms) =>
        play(ms, ({ tapped, result }) => {
          if (tapped) expect(kinds(result.effects)).not.toContain('reprompt');
        }),
      ),
      { numRuns: 300, seed: 1 },
    );
  });
});
