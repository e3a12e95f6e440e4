import { asChoice, findOption, isGroup, pageCount, presentMenu } from './menu';
import type {
  Answer,
  ChoiceNode,
  Command,
  Condition,
  Effect,
  Flow,
  FlowNode,
  Input,
  InputNode,
  SessionState,
  StepResult,
} from './types';

/** System texts that belong to no flow. */
const SYS = {
  deleteConfirm: 'common:system.delete_confirm',
  deleteCancelled: 'common:system.delete_cancelled',
  addedToCase: 'common:system.added_to_case',
  typeNotChoice: 'common:system.please_choose',
  deleted: 'common:system.deleted',
  caseOpen: 'common:system.case_open',
  commands: 'common:system.commands',
} as const;

/** Guard against a flow whose auto nodes loop forever (the validator reports it too). */
const MAX_AUTO_STEPS = 200;

export function initialState(flow: Flow, language: string | null = null): SessionState {
  return {
    v: 1,
    flowId: flow.id,
    flowVersion: flow.version,
    flowHash: flow.hash,
    node: null,
    language,
    answers: {},
    menu: { group: null, page: 0 },
    words: [],
    danger: [],
    ticketOpened: false,
    returnTo: null,
    pending: null,
    ended: false,
  };
}

const isInputNode = (n: FlowNode): n is InputNode =>
  n.kind === 'choice' || n.kind === 'yesno' || n.kind === 'text';

export const currentNode = (flow: Flow, state: SessionState): InputNode | null => {
  const n = state.node ? flow.nodes[state.node] : undefined;
  return n && isInputNode(n) ? n : null;
};

/** The node asking for the reporter's language, used by the `language` command. */
export const languageNode = (flow: Flow): InputNode | null =>
  Object.values(flow.nodes).find(
    (n): n is InputNode => isInputNode(n) && n.question === 'language',
  ) ?? null;

/** Pure transition: the same flow, state and input always give the same result. */
export function step(flow: Flow, prev: SessionState, input: Input): StepResult {
  let state = structuredClone(prev);
  const effects: Effect[] = [];

  // A finished conversation without a case starts afresh; one with a case keeps collecting words.
  if (state.ended && !state.ticketOpened) state = initialState(flow, state.language);

  if (input.type === 'text' && input.danger) {
    effects.push({ type: 'emergency', category: input.danger });
    if (!state.danger.includes(input.danger)) state.danger.push(input.danger);
    const open = !state.ticketOpened || state.ended;
    effects.push(open ? { type: 'open_ticket', reason: 'danger' } : { type: 'update_ticket' });
    if (open) state = { ...initialStateKeeping(flow, state), ticketOpened: true };
  }

  // A session filed under another version of the flow continues where it can.
  if (state.flowHash !== flow.hash) {
    state.flowVersion = flow.version;
    state.flowHash = flow.hash;
    if (state.node && !currentNode(flow, state)) {
      state.node = null;
      if (!state.ended) {
        if (input.type === 'text') effects.push({ type: 'words', text: input.text });
        effects.push({ type: 'reprompt', reason: 'flow_changed' });
        enter(flow, state, flow.start, effects);
        return { state, effects };
      }
    }
  }

  if (input.type === 'command') return command(flow, state, input.command, effects);
  if (state.pending === 'delete') return deleteAnswer(flow, state, input, effects);

  if (state.ended) return afterEnd(flow, state, input, effects);

  const node = currentNode(flow, state);
  if (!node) {
    // A new conversation: words written before any question are kept as the reporter's own.
    if (input.type === 'text') effects.push({ type: 'words', text: input.text });
    enter(flow, state, flow.start, effects);
    return { state, effects };
  }

  switch (input.type) {
    case 'start':
      ask(flow, state, node, effects);
      break;
    case 'text':
      effects.push({ type: 'words', text: input.text });
      if (node.kind === 'text') {
        state.answers[node.question] = 'given';
        leave(flow, state, node.next, effects);
      } else {
        // Free words at a menu are still the reporter's words; then the menu again.
        if (!input.danger) effects.push({ type: 'say', text: SYS.typeNotChoice });
        ask(flow, state, node, effects);
      }
      break;
    case 'choice':
      choose(flow, state, node, input.question, input.choice, effects);
      break;
  }
  return { state, effects };
}

/** A filed case keeps listening: words join it, the language can still change. */
function afterEnd(flow: Flow, state: SessionState, input: Input, effects: Effect[]): StepResult {
  const lang = languageNode(flow);
  const langMenu = lang ? asChoice(lang) : null;
  if (
    input.type === 'choice' &&
    langMenu &&
    input.question === langMenu.question &&
    findOption(langMenu.options, input.choice)
  ) {
    state.language = input.choice;
    state.answers[langMenu.question] = input.choice;
    effects.push({ type: 'say', text: SYS.commands });
  } else if (input.type === 'text') {
    effects.push({ type: 'words', text: input.text }, { type: 'say', text: SYS.addedToCase });
  } else {
    effects.push({ type: 'say', text: SYS.caseOpen });
  }
  return { state, effects };
}

/** After a finished case, a new danger report is a new case in the same language. */
const initialStateKeeping = (flow: Flow, state: SessionState): SessionState =>
  state.ended ? { ...initialState(flow, state.language), danger: state.danger } : state;

function command(flow: Flow, state: SessionState, cmd: Command, effects: Effect[]): StepResult {
  // Moving on to another command answers a pending "delete everything?" with no.
  if (cmd !== 'delete') state.pending = null;
  switch (cmd) {
    case 'restart': {
      const fresh = initialState(flow, state.language);
      // A case opened by a danger word mid-intake is still completed after a restart.
      if (!state.ended) {
        fresh.danger = state.danger;
        fresh.ticketOpened = state.ticketOpened;
      }
      enter(flow, fresh, flow.start, effects);
      return { state: fresh, effects };
    }
    case 'language': {
      const lang = languageNode(flow);
      if (!lang) break;
      if (state.node !== lang.id) state.returnTo = state.ended ? null : state.node;
      state.pending = null;
      state.menu = { group: null, page: 0 };
      ask(flow, state, lang, effects);
      return { state, effects };
    }
    case 'help':
      effects.push({ type: 'help' });
      break;
    case 'delete':
      state.pending = 'delete';
      effects.push({
        type: 'ask',
        question: 'delete',
        text: SYS.deleteConfirm,
        options: ['yes', 'no'].map((id) => ({
          question: 'delete',
          id,
          label: `common:answer.${id}`,
        })),
        numbered: false,
      });
      return { state, effects };
  }
  const node = currentNode(flow, state);
  if (node && !state.ended) ask(flow, state, node, effects);
  return { state, effects };
}

function deleteAnswer(
  flow: Flow,
  state: SessionState,
  input: Input,
  effects: Effect[],
): StepResult {
  const answer = input.type === 'choice' && input.question === 'delete' ? input.choice : null;
  if (answer === 'yes') {
    effects.push({ type: 'delete_data' }, { type: 'say', text: SYS.deleted });
    return { state: initialState(flow, state.language), effects };
  }
  state.pending = null;
  // Anything else cancels the deletion; written words are still the reporter's.
  if (input.type === 'text') effects.push({ type: 'words', text: input.text });
  if (answer === 'no') effects.push({ type: 'say', text: SYS.deleteCancelled });
  else effects.push({ type: 'reprompt', reason: 'stale' });
  const node = currentNode(flow, state);
  if (node && !state.ended) ask(flow, state, node, effects);
  return { state, effects };
}

function choose(
  flow: Flow,
  state: SessionState,
  node: InputNode,
  question: string,
  choice: string,
  effects: Effect[],
): void {
  // A free-text question offers only `skip`.
  if (node.kind === 'text' && question === node.question && choice === 'skip' && node.skip) {
    state.answers[node.question] = null;
    return leave(flow, state, node.next, effects);
  }
  const menu = asChoice(node);
  const accepted =
    menu && (question === menu.question || (menu.groupQuestion && question === menu.groupQuestion));
  if (!menu || !accepted) {
    effects.push({ type: 'reprompt', reason: 'stale' });
    ask(flow, state, node, effects);
    return;
  }

  const answerKey = menu.question;
  const finish = (value: Answer) => {
    state.answers[answerKey] = value;
    if (answerKey === 'language' && typeof value === 'string') state.language = value;
    leave(flow, state, menu.next, effects);
  };

  switch (choice) {
    case 'skip':
      if (!menu.skip) break;
      if (menu.groupQuestion && state.menu.group === null) state.answers[menu.groupQuestion] = null;
      return finish(menu.emptyValue ?? null);
    case 'done':
      if (!menu.multi) break;
      return finish(
        pickedOf(state, answerKey).length ? pickedOf(state, answerKey) : (menu.emptyValue ?? null),
      );
    case 'back':
      if (state.menu.page > 0) state.menu.page -= 1;
      else if (state.menu.group) state.menu = { group: null, page: 0 };
      return ask(flow, state, node, effects);
    case 'more':
      if (state.menu.page + 1 < pageCount(menu, state.menu)) state.menu.page += 1;
      return ask(flow, state, node, effects);
  }

  const found = findOption(menu.options, choice);
  if (!found) {
    effects.push({ type: 'reprompt', reason: 'unknown' });
    return ask(flow, state, node, effects);
  }
  const { option, parent } = found;

  if (isGroup(option)) {
    const children = option.children ?? [];
    if (menu.groupQuestion) state.answers[menu.groupQuestion] = option.id;
    // A region with one prefecture needs no second tap.
    if (menu.groupQuestion && children.length === 1 && !menu.multi) return finish(children[0]!.id);
    state.menu = { group: option.id, page: 0 };
    return ask(flow, state, node, effects);
  }

  if (menu.groupQuestion && parent) state.answers[menu.groupQuestion] = parent.id;
  if (!menu.multi) return finish(option.id);

  const picked = pickedOf(state, answerKey);
  if (!picked.includes(option.id)) state.answers[answerKey] = [...picked, option.id];
  state.menu = { group: null, page: 0 };
  ask(flow, state, node, effects);
}

const pickedOf = (state: SessionState, key: string): string[] => {
  const v = state.answers[key];
  return Array.isArray(v) ? v : [];
};

function ask(flow: Flow, state: SessionState, node: InputNode, effects: Effect[]): void {
  state.node = node.id;
  if (node.kind === 'text') {
    effects.push({
      type: 'ask',
      question: node.question,
      text: node.text,
      options: node.skip
        ? [{ question: node.question, id: 'skip', label: 'common:control.skip' }]
        : [],
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
    options: presented.options,
    numbered: node.kind === 'choice',
  });
}

/** Leave an input node: back to where a `language` command interrupted, or on to `next`. */
function leave(flow: Flow, state: SessionState, next: string, effects: Effect[]): void {
  state.menu = { group: null, page: 0 };
  if (state.returnTo) {
    const back = flow.nodes[state.returnTo];
    state.returnTo = null;
    if (back && isInputNode(back)) return ask(flow, state, back, effects);
  }
  enter(flow, state, next, effects);
}

/** Run automatic nodes until one needs the reporter. */
function enter(flow: Flow, state: SessionState, start: string, effects: Effect[]): void {
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
      case 'yesno':
      case 'text':
        ask(flow, state, node, effects);
        return;
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
