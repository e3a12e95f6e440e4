import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkFlow, menuPages } from '../../src/flow/check';
import { formatProblem, readFlow, withLanguages } from '../../src/flow/load';
import { asChoice, MAX_QUICK_REPLIES } from '../../src/flow/menu';

/** The validator's checks on the shape and the menus of a flow, on small inline flows. */
const check = (yaml: string): string[] => {
  const source = readFlow(yaml, 'f.flow.yaml', 'hash');
  if (!source.flow) return source.problems.map(formatProblem);
  return checkFlow(withLanguages(source.flow, ['en']), 'f.flow.yaml', source.lineOf).map(
    formatProblem,
  );
};
const flow = (nodes: string) => `id: t\nversion: 1\nstart: a\nnodes:\n${nodes}`;

describe('checkFlow', () => {
  it('finds nothing wrong in the shipped intake', () => {
    const file = fileURLToPath(new URL('../../flows/intake.flow.yaml', import.meta.url));
    const source = readFlow(readFileSync(file, 'utf8'), file, 'hash');
    expect(source.problems).toEqual([]);
    expect(checkFlow(withLanguages(source.flow!, ['en', 'vi']), file, source.lineOf)).toEqual([]);
  });

  it('a node that leads to itself is a loop with no exit', () => {
    expect(check(flow('  a: { kind: say, text: x, next: a }\n'))).toEqual([
      'f.flow.yaml:5 (node "a"): loop with no exit: a → a asks nothing and changes no answer, so once it goes round it goes round for ever — put a question in the loop, or point one of its next somewhere else',
    ]);
  });

  it('a loop that sets an answer may end: only a loop with no way out is reported', () => {
    const nodes = [
      '  a: { kind: set, values: { n: x }, next: b }',
      '  b: { kind: branch, cases: [{ when: { answer: n, is: x }, next: c }], otherwise: a }',
      '  c: { kind: end }',
    ].join('\n');
    expect(check(flow(nodes + '\n'))).toEqual([]);
  });

  it('names the option ids the engine or the contract cannot work with', () => {
    const nodes = [
      '  a:',
      '    kind: choice',
      '    question: q',
      '    text: x',
      '    options:',
      '      - more',
      '      - group_lonely',
      '      - { id: group_deep, options: [{ id: group_inner, options: [x] }] }',
      '    next: b',
      '  b: { kind: end }',
    ].join('\n');
    expect(check(flow(nodes + '\n'))).toEqual([
      'f.flow.yaml:10 (node "a"): option id "more" is a menu control, so tapping it would never pick it — rename it (more, back, done and skip are added by the engine)',
      'f.flow.yaml:11 (node "a"): option "group_lonely" has the id of a sub-menu but opens none — give it options: [...], or rename it without group_',
      'f.flow.yaml:12 (node "a"): option "group_inner" opens a sub-menu inside a sub-menu; only one level of sub-menus is shown — move its options up into the group above',
    ]);
  });

  it('walks every page of every menu: none shows more than 13 quick replies', () => {
    const file = fileURLToPath(new URL('../../flows/intake.flow.yaml', import.meta.url));
    const intake = readFlow(readFileSync(file, 'utf8'), file, 'hash').flow!;
    const industry = asChoice(intake.nodes.industry as never)!;
    // 13 industries and skip do not fit one page: the engine shows two, with more and back.
    expect(menuPages(industry).map((p) => p.options.length)).toEqual([12, 5]);
    for (const node of Object.values(intake.nodes)) {
      const menu = 'question' in node ? asChoice(node) : null;
      for (const page of menu ? menuPages(menu) : [])
        expect(page.options.length).toBeLessThanOrEqual(MAX_QUICK_REPLIES);
    }
  });
});
