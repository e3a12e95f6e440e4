export * from './types';
export { step, initialState, currentNode, languageNode, holds, hintedOf } from './engine';
export {
  parseFlow,
  flowKeys,
  withLanguages,
  FlowLoadError,
  formatProblem,
  type FlowProblem,
} from './load';
export { presentMenu, asChoice, leaves, findOption, MAX_QUICK_REPLIES } from './menu';
