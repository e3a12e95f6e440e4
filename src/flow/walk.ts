import { asChoice, leaves, MAX_QUICK_REPLIES, presentMenu } from './menu';
import { isInputNode } from './state';
import type {
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

/** At most this many hinted options go on top of a menu: the groups must still fit. */
const MAX_HINTED = 3;

/** The hinted options a choice node shows now: suggested, of this node, not picked yet. */
export function hintedOf(state: SessionState, node: ChoiceNode): string[] {
  if (!node.hints || state.menu.group || state.menu.page > 0) return [];
  const picked = pickedOf(state, node.question);
  return (state.hints ?? [])
    .filter((h) => !picked.includes(h) && leaves(node.options).some((o) => o.id === h))
    .slice(0, MAX_HINTED);
}

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
  const hinted = hintedOf(state, menu);
  const presented = presentMenu(menu, state.menu, hinted);
  const picked = menu.multi ? pickedOf(state, menu.question) : [];
  if (hinted.length) state.hintsOffered = [...new Set([...(state.hintsOffered ?? []), ...hinted])];
  const text =
    hinted.length && menu.textHinted
      ? menu.textHinted
      : picked.length && menu.textMore
        ? menu.textMore
        : node.text;
  effects.push({
    type: 'ask',
    question: presented.question,
    text,
    options: withLanguageChange(state, node, presented.options),
    numbered: node.kind === 'choice',
    ...(hinted.length
      ? { hinted: presented.options.slice(0, hinted.length).map((o) => o.label) }
      : {}),
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
      case 'services':
        effects.push({ type: 'services' });
        id = node.next;
        break;
      case 'set':
        Object.assign(state.answers, node.values);
        id = node.next;
        break;
      case 'branch':
        id = node.cases.find((c) => holds(c.when, state))?.next ?? node.otherwise;
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
        if (node.once && state.answers[node.question] !== undefined) {
          id = node.next;
          break;
        }
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

export function holds(cond: Condition, state: SessionState): boolean {
  if ('newHints' in cond) {
    const picked = pickedOf(state, cond.newHints);
    const offered = state.hintsOffered ?? [];
    return (state.hints ?? []).some((h) => !picked.includes(h) && !offered.includes(h));
  }
  const value = state.answers[cond.answer];
  if ('isSet' in cond) return (value !== undefined && value !== null) === cond.isSet;
  if ('includes' in cond) {
    const wanted = Array.isArray(cond.includes) ? cond.includes : [cond.includes];
    return Array.isArray(value)
      ? value.some((v) => wanted.includes(v))
      : typeof value === 'string' && wanted.includes(value);
  }
  const wanted = Array.isArray(cond.is) ? cond.is : [cond.is];
  // A multi-select answer "is" a value when that is all it holds.
  if (Array.isArray(value)) return value.length > 0 && value.every((v) => wanted.includes(v));
  return typeof value === 'string' && wanted.includes(value);
}
