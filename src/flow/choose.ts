import { asChoice, findOption, isGroup, pageCount } from './menu';
import type { Answer, Effect, Flow, InputNode, SessionState } from './types';
import { ask, hintedOf, leave, pickedOf } from './walk';

/** A tap (or a typed label) at an input node, by the contract's rules for choices. */
export function choose(
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
      if (state.menu.page + 1 < pageCount(menu, state.menu, hintedOf(state, menu)))
        state.menu.page += 1;
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
