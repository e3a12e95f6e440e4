import { checkGraph } from './check-graph';
import { checkMenus } from './check-menus';
import type { FlowProblem } from './load';
import type { Flow } from './types';

export { presentedLabels, menuPages, POSTBACK_LIMIT } from './check-menus';
export { exits } from './check-graph';

/**
 * What the validator checks beyond what the loader refuses: the shape of the flow (unreachable
 * nodes, loops with no exit) and what the platforms and the contract allow in menus. `flow` is
 * the loaded flow with its languages; `lineOf` comes from `readFlow`.
 */
export function checkFlow(
  flow: Flow,
  file: string,
  lineOf: (path: (string | number)[]) => number | null,
): FlowProblem[] {
  return [...checkGraph(flow, file, lineOf), ...checkMenus(flow, file, lineOf)];
}
