import { choose } from './choose';
import { afterEnd, command, deleteAnswer } from './commands';
import { currentNode, initialState, SYS } from './state';
import type { Effect, Flow, Input, SessionState, StepResult } from './types';
import { ask, enter, leave } from './walk';

export { currentNode, initialState, languageNode } from './state';
export { hintedOf, holds } from './walk';

/** Pure transition: the same flow, state and input always give the same result. */
export function step(flow: Flow, prev: SessionState, input: Input): StepResult {
  let state = structuredClone(prev);
  const effects: Effect[] = [];

  // A finished conversation without a case starts afresh; one with a case keeps collecting words.
  if (state.ended && !state.ticketOpened) state = initialState(flow, state.language);

  // Answer in the language of the first message; the reporter can change it with one tap.
  if (input.type === 'text' && input.language && state.language === null && !state.ended) {
    state.language = input.language;
    state.languageGuessed = true;
  }

  // What the words suggest is kept for the menus to offer, and for the case's flags.
  if (input.type === 'text') {
    if (input.hints?.length) state.hints = [...new Set([...(state.hints ?? []), ...input.hints])];
    if (input.flags?.length)
      state.textFlags = [...new Set([...(state.textFlags ?? []), ...input.flags])];
  }

  if (input.type === 'text' && input.danger) {
    effects.push({ type: 'emergency', category: input.danger });
    if (!state.danger.includes(input.danger)) state.danger.push(input.danger);
    const open = !state.ticketOpened || state.ended;
    effects.push(open ? { type: 'open_ticket', reason: 'danger' } : { type: 'update_ticket' });
    if (open) state = { ...initialStateKeeping(flow, state), ticketOpened: true };
  }

  // After the emergency help, the safety questions; then back to where the reporter was.
  if (
    input.type === 'text' &&
    input.danger &&
    flow.onDanger &&
    !state.detour &&
    !state.pending &&
    state.flowHash === flow.hash
  ) {
    effects.push({ type: 'words', text: input.text });
    state.detour = true;
    state.resumeAt = currentNode(flow, state)?.id ?? null;
    enter(flow, state, flow.onDanger, effects);
    return { state, effects };
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

/** After a finished case, a new danger report is a new case in the same language. */
const initialStateKeeping = (flow: Flow, state: SessionState): SessionState =>
  state.ended ? { ...initialState(flow, state.language), danger: state.danger } : state;
