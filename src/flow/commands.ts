import { asChoice, findOption } from './menu';
import { currentNode, initialState, languageNode, SYS } from './state';
import type { Command, Effect, Flow, Input, SessionState, StepResult } from './types';
import { ask, enter } from './walk';

/** A filed case keeps listening: words join it, the language can still change. */
export function afterEnd(
  flow: Flow,
  state: SessionState,
  input: Input,
  effects: Effect[],
): StepResult {
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

/** The reporter was given a case code in this conversation (and has not deleted it since). */
const hasFiledCase = (state: SessionState) => state.ended && state.ticketOpened;

export function command(
  flow: Flow,
  state: SessionState,
  cmd: Command,
  effects: Effect[],
): StepResult {
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
      state.languageGuessed = false;
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
    case 'safety':
      effects.push({ type: 'say', text: SYS.safetyTips });
      break;
    case 'human':
      if (hasFiledCase(state))
        effects.push({ type: 'human' }, { type: 'say', text: SYS.humanCase });
      else effects.push({ type: 'say', text: SYS.humanNoCase });
      break;
    case 'case':
      effects.push(
        hasFiledCase(state) ? { type: 'case_status' } : { type: 'say', text: SYS.resumeHow },
      );
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

export function deleteAnswer(
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
