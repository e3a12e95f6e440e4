import type { ChoiceNode, InputNode, MenuPosition, OptionDef, PresentedOption } from './types';

/** LINE and Messenger both show at most 13 quick replies. */
export const MAX_QUICK_REPLIES = 13;

export const CONTROL_IDS = ['more', 'back', 'done', 'skip'] as const;

const labelKey = (question: string, opt: OptionDef): string =>
  opt.label ?? `common:option.${question}.${opt.id}`;
const controlKey = (id: string): string => `common:control.${id}`;

export const isGroup = (opt: OptionDef): boolean => (opt.children?.length ?? 0) > 0;

/** Every leaf option of a choice node, wherever it sits in its groups. */
export function leaves(options: OptionDef[]): OptionDef[] {
  return options.flatMap((o) => (isGroup(o) ? leaves(o.children ?? []) : [o]));
}

export function findOption(
  options: OptionDef[],
  id: string,
): { option: OptionDef; parent: OptionDef | null } | null {
  for (const o of options) {
    if (o.id === id) return { option: o, parent: null };
    if (o.children) {
      const child = o.children.find((c) => c.id === id);
      if (child) return { option: child, parent: o };
      const deep = findOption(o.children, id);
      if (deep) return deep;
    }
  }
  return null;
}

/** The yes/no node as a choice, so one presentation and one acceptance rule serve both. */
export function asChoice(node: InputNode): ChoiceNode | null {
  if (node.kind === 'choice') return node;
  if (node.kind === 'text') return null;
  const ids = node.unsure ? ['yes', 'no', 'unsure'] : ['yes', 'no'];
  return {
    id: node.id,
    kind: 'choice',
    question: node.question,
    text: node.text,
    options: ids.map((id) => ({ id, label: `common:answer.${id}` })),
    skip: node.skip,
    next: node.next,
  };
}

export interface Menu {
  /** The `q` of the options on screen. */
  question: string;
  options: PresentedOption[];
}

/**
 * What the reporter sees for a choice node at a menu position: items, then controls. `hinted`
 * leaves (what the reporter's words suggest) come first on the top menu, the groups stay.
 */
export function presentMenu(node: ChoiceNode, pos: MenuPosition, hinted: string[] = []): Menu {
  const group = pos.group ? node.options.find((o) => o.id === pos.group && isGroup(o)) : undefined;
  const top =
    group || pos.page > 0 ? [] : hinted.flatMap((h) => findOption(node.options, h)?.option ?? []);
  const items = group ? (group.children ?? []) : [...top, ...node.options];
  const question = group || !node.groupQuestion ? node.question : node.groupQuestion;

  const fixed: string[] = [];
  if (group) fixed.push('back');
  if (node.multi) fixed.push('done');
  if (node.skip) fixed.push('skip');

  let pageItems = items;
  const paging: string[] = [];
  if (items.length + fixed.length > MAX_QUICK_REPLIES) {
    // Reserve room for `more` and a `back` to the previous page.
    const size = MAX_QUICK_REPLIES - fixed.length - 2;
    const pages = Math.ceil(items.length / size);
    const page = Math.min(Math.max(pos.page, 0), pages - 1);
    pageItems = items.slice(page * size, page * size + size);
    if (page > 0 && !group) paging.push('back');
    if (page < pages - 1) paging.push('more');
  }

  const options: PresentedOption[] = [
    ...pageItems.map((o) => ({ question, id: o.id, label: labelKey(question, o) })),
    ...[...paging, ...fixed].map((id) => ({ question, id, label: controlKey(id) })),
  ];
  return { question, options };
}

export function pageCount(node: ChoiceNode, pos: MenuPosition, hinted: string[] = []): number {
  const group = pos.group ? node.options.find((o) => o.id === pos.group) : undefined;
  const items = group?.children ?? [...hinted, ...node.options];
  const fixed = (group ? 1 : 0) + (node.multi ? 1 : 0) + (node.skip ? 1 : 0);
  if (items.length + fixed <= MAX_QUICK_REPLIES) return 1;
  return Math.ceil(items.length / (MAX_QUICK_REPLIES - fixed - 2));
}
