import type { FlowProblem } from './load';
import { asChoice, CONTROL_IDS, MAX_QUICK_REPLIES, pageCount, presentMenu } from './menu';
import { isInputNode } from './state';
import type { ChoiceNode, Flow, OptionDef, PresentedOption } from './types';

/**
 * What the platforms and the contract allow in a menu: option ids the engine can tell apart,
 * at most 13 quick replies on a page, postback data LINE accepts. Label lengths depend on the
 * translations and are checked with the locales (see `presentedLabels`).
 */

type LineOf = (path: (string | number)[]) => number | null;

/** LINE's limit on a postback action's `data`. */
export const POSTBACK_LIMIT = 300;

/** Every page of every sub-menu of a question, as the engine would show it. */
export function menuPages(
  node: ChoiceNode,
): { group: string | null; page: number; options: PresentedOption[] }[] {
  const out: { group: string | null; page: number; options: PresentedOption[] }[] = [];
  // Up to three hinted options may go on top of the first menu: the most it can ever hold.
  const hinted = node.hints
    ? leavesOf(node.options)
        .slice(0, 3)
        .map((o) => o.id)
    : [];
  for (const group of [null, ...node.options.filter((o) => o.children?.length).map((o) => o.id)]) {
    const pages = pageCount(node, { group, page: 0 }, group ? [] : hinted);
    for (let page = 0; page < pages; page++)
      out.push({
        group,
        page,
        options: presentMenu(node, { group, page }, group || page ? [] : hinted).options,
      });
  }
  return out;
}

const leavesOf = (options: OptionDef[]): OptionDef[] =>
  options.flatMap((o) => (o.children?.length ? leavesOf(o.children) : [o]));

/** Label keys of every button the flow can show, so their translations can be measured. */
export function presentedLabels(flow: Flow): Set<string> {
  const labels = new Set<string>(['common:control.language']);
  for (const node of Object.values(flow.nodes)) {
    if (!isInputNode(node)) continue;
    const menu = asChoice(node);
    if (node.kind === 'text' && node.skip) labels.add('common:control.skip');
    if (!menu) continue;
    for (const page of menuPages(menu)) for (const o of page.options) labels.add(o.label);
  }
  return labels;
}

export function checkMenus(flow: Flow, file: string, lineOf: LineOf): FlowProblem[] {
  const problems: FlowProblem[] = [];
  for (const node of Object.values(flow.nodes)) {
    if (!isInputNode(node)) continue;
    const problem = (message: string, fix: string, ...path: (string | number)[]) =>
      problems.push({
        file,
        line: lineOf(['nodes', node.id, ...path]),
        node: node.id,
        message,
        fix,
      });
    if (node.kind === 'choice') optionIds(node, problem);
    const menu = asChoice(node);
    if (!menu) continue;
    for (const { group, page, options } of menuPages(menu)) {
      const where = `${group ? `sub-menu "${group}"` : 'the menu'}${page ? `, page ${page + 1},` : ''}`;
      if (options.length > MAX_QUICK_REPLIES)
        problem(
          `${where} would show ${options.length} quick replies; LINE and Messenger show at most ${MAX_QUICK_REPLIES}`,
          'put some options into a group (an option with id group_… and options: [...])',
          'options',
        );
    }
    // Every option's postback, whichever page shows it.
    const seen = new Set<string>();
    for (const { options } of menuPages(menu))
      for (const o of options) {
        const data =
          o.data ?? `q=${encodeURIComponent(o.question)}&choice=${encodeURIComponent(o.id)}`;
        if (data.length <= POSTBACK_LIMIT || seen.has(data)) continue;
        seen.add(data);
        problem(
          `the postback data of option "${o.id.length > 40 ? `${o.id.slice(0, 40)}…` : o.id}" is ${data.length} characters; LINE takes at most ${POSTBACK_LIMIT}`,
          'use a shorter option id',
          ...((node.kind === 'choice' && optionPath(node.options, o.id)) || []),
        );
      }
  }
  return problems;
}

/** The contract's rules on option ids, and what the engine can present. */
function optionIds(
  node: ChoiceNode,
  problem: (message: string, fix: string, ...path: (string | number)[]) => void,
): void {
  const walk = (options: OptionDef[], base: (string | number)[], depth: number) =>
    options.forEach((o, i) => {
      const path = [...base, i];
      const group = (o.children?.length ?? 0) > 0;
      if ((CONTROL_IDS as readonly string[]).includes(o.id))
        problem(
          `option id "${o.id}" is a menu control, so tapping it would never pick it`,
          `rename it (more, back, done and skip are added by the engine)`,
          ...path,
        );
      else if (o.id.startsWith('group_') && !group)
        problem(
          `option "${o.id}" has the id of a sub-menu but opens none`,
          `give it options: [...], or rename it without group_`,
          ...path,
        );
      else if (group && depth > 0)
        problem(
          `option "${o.id}" opens a sub-menu inside a sub-menu; only one level of sub-menus is shown`,
          `move its options up into the group above`,
          ...path,
        );
      else if (group && !node.groupQuestion && !o.id.startsWith('group_'))
        problem(
          `option "${o.id}" opens a sub-menu, so the contract wants its id to start with group_`,
          `rename it group_${o.id}`,
          ...path,
        );
      if (o.children) walk(o.children, [...path, 'options'], depth + 1);
    });
  walk(node.options, ['options'], 0);
}

/** Where an option sits in the node: `options.2.options.0`. */
function optionPath(
  options: OptionDef[],
  id: string,
  base: (string | number)[] = ['options'],
): (string | number)[] | null {
  for (const [i, o] of options.entries()) {
    if (o.id === id) return [...base, i];
    const inner = o.children ? optionPath(o.children, id, [...base, i, 'options']) : null;
    if (inner) return inner;
  }
  return null;
}
