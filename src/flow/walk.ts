import { asChoice, MAX_QUICK_REPLIES, presentMenu } from './menu';
import { isInputNode } from './state';
import type {
  Answer,
  ChoiceNode,
  Condition,
  Effect,
  Flow,
  FlowNode,
  InputNode,
  PresentedOption,
  SessionState,
} from './types';

/** Guard against a flow whose auto nodes loop forever (the validator reports it too). */
const MAX_AUTO_STEPS = 200;

export const pickedOf = (state: SessionState, key: string): string[] => {
  const v = state.answers[key];
  return Array.isArray(v) ? v : [];
};

export function ask(flow: Flow, state: SessionState, node: InputNode, effects: Effect[]): void {
  state.node = node.id;
  if (node.kind === 'text') {
    effects.push({
      type: 'ask',
      question: node.question,
      text: node.text,
      options: withLanguageChange(
        state,
        node,
        node.skip ? [{ question: node.question, id: 'skip', label: 'common:control.skip' }] : [],
      ),
      numbered: false,
    });
    return;
  }
  const menu = asChoice(node) as ChoiceNode;
  const presented = presentMenu(menu, state.menu);
  const picked = menu.multi ? pickedOf(state, menu.question) : [];
  effects.push({
    type: 'ask',
    question: presented.question,
    text: picked.length && menu.textMore ? menu.textMore : node.text,
    options: withLanguageChange(state, node, presented.options),
    numbered: node.kind === 'choice',
  });
}

/** While the language is only a guess, every question offers to change it with one tap. */
function withLanguageChange(
  state: SessionState,
  node: InputNode,
  options: PresentedOption[],
): PresentedOption[] {
  if (!state.languageGuessed || node.question === 'language' || options.length >= MAX_QUICK_REPLIES)
    return options;
  return [
    ...options,
    { question: 'language', id: 'change', label: 'common:control.language', data: 'cmd=language' },
  ];
}

/** Leave an input node: back to where a `language` command interrupted, or on to `next`. */
export function leave(flow: Flow, state: SessionState, next: string, effects: Effect[]): void {
  state.languageGuessed = false;
  state.menu = { group: null, page: 0 };
  if (state.returnTo) {
    const back = flow.nodes[state.returnTo];
    state.returnTo = null;
    if (back && isInputNode(back)) return ask(flow, state, back, effects);
  }
  enter(flow, state, next, effects);
}

/** Run automatic nodes until one needs the reporter. */
export function enter(flow: Flow, state: SessionState, start: string, effects: Effect[]): void {
  let id: string | null = start;
  for (let i = 0; id !== null && i < MAX_AUTO_STEPS; i++) {
    const node: FlowNode | undefined = flow.nodes[id];
    if (!node) throw new Error(`flow ${flow.id}: node "${id}" does not exist`);
    state.menu = { group: null, page: 0 };
    switch (node.kind) {
      case 'say':
        effects.push({ type: 'say', text: node.text });
        id = node.next;
        break;
      case 'help':
        effects.push({ type: 'help' });
        id = node.next;
        break;
      case 'set':
        Object.assign(state.answers, node.values);
        id = node.next;
        break;
      case 'branch':
        id = node.cases.find((c) => holds(c.when, state.answers))?.next ?? node.otherwise;
        break;
      case 'ticket':
        effects.push({ type: 'file_ticket' });
        state.ticketOpened = true;
        id = node.next;
        break;
      case 'end':
        if (node.text) effects.push({ type: 'say', text: node.text });
        effects.push({ type: 'end', discard: node.discard });
        state.node = null;
        state.ended = true;
        if (node.discard) {
          state.words = [];
          state.answers = {};
          state.ended = false;
        }
        return;
      case 'choice':
        // A language already known (guessed from the first words, or kept over a restart).
        if (
          node.question === 'language' &&
          state.language &&
          node.options.some((o) => o.id === state.language)
        ) {
          state.answers.language = state.language;
          id = node.next;
          break;
        }
        ask(flow, state, node, effects);
        return;
      case 'yesno':
        // Already answered (the safety questions after a danger word ask it first).
        if (node.once && state.answers[node.question] !== undefined) {
          id = node.next;
          break;
        }
        ask(flow, state, node, effects);
        return;
      case 'text':
        ask(flow, state, node, effects);
        return;
      case 'resume': {
        state.detour = false;
        const back = state.resumeAt ? flow.nodes[state.resumeAt] : undefined;
        state.resumeAt = null;
        if (back && isInputNode(back)) {
          ask(flow, state, back, effects);
          return;
        }
        id = node.next;
        break;
      }
    }
  }
  throw new Error(
    `flow ${flow.id}: more than ${MAX_AUTO_STEPS} automatic steps without a question`,
  );
}

export function holds(cond: Condition, answers: Record<string, Answer>): boolean {
  const value = answers[cond.answer];
  if ('isSet' in cond) return (value !== undefined && value !== null) === cond.isSet;
  if ('includes' in cond)
    return Array.isArray(value) ? value.includes(cond.includes) : value === cond.includes;
  const wanted = Array.isArray(cond.is) ? cond.is : [cond.is];
  return typeof value === 'string' && wanted.includes(value);
}
