import type { FlowProblem } from './load';
import type { Flow, FlowNode } from './types';

/**
 * The shape of a flow as a graph: nodes nobody reaches, and loops a conversation can enter but
 * never leave. The loader has already checked that every `next` names a node.
 */

type LineOf = (path: (string | number)[]) => number | null;

/** Nodes that wait for the reporter; every other kind runs on by itself. */
const ASKS = new Set<FlowNode['kind']>(['choice', 'yesno', 'text']);

export function exits(node: FlowNode): string[] {
  switch (node.kind) {
    case 'end':
      return [];
    case 'branch':
      return [...new Set([...node.cases.map((c) => c.next), node.otherwise])];
    default:
      return [node.next];
  }
}

export function checkGraph(flow: Flow, file: string, lineOf: LineOf): FlowProblem[] {
  const ids = Object.keys(flow.nodes);
  const problems: FlowProblem[] = [];
  const at = (id: string) => ({ file, line: lineOf(['nodes', id]), node: id });
  const next = (id: string) => exits(flow.nodes[id]!).filter((n) => n in flow.nodes);

  const reached = reach([flow.start, ...(flow.onDanger ? [flow.onDanger] : [])], next);
  for (const id of ids.filter((i) => !reached.has(i)))
    problems.push({
      ...at(id),
      message: 'unreachable: no start, onDanger, next or branch case leads here',
      fix: 'point a next or a branch case of another node at it, or delete it',
    });

  // A loop of nodes that ask nothing and change no answer takes the same way every time round.
  const quiet = (id: string) => !ASKS.has(flow.nodes[id]!.kind);
  const endless = new Set<string>();
  for (const part of components(
    ids.filter((i) => reached.has(i) && quiet(i)),
    (id) => next(id).filter(quiet),
  )) {
    if (part.some((id) => flow.nodes[id]!.kind === 'set')) continue;
    part.forEach((id) => endless.add(id));
    problems.push({
      ...at(part[0]!),
      message: `loop with no exit: ${cycle(part, next)} asks nothing and changes no answer, so once it goes round it goes round for ever`,
      fix: 'put a question in the loop, or point one of its next somewhere else',
    });
  }

  // A loop the reporter can walk round, answering, without any way on to an end node.
  for (const part of components(
    ids.filter((i) => reached.has(i)),
    next,
  )) {
    const inside = new Set(part);
    const leaves = part.some((id) => next(id).some((n) => !inside.has(n)));
    if (leaves || part.some((id) => flow.nodes[id]!.kind === 'end')) continue;
    if (part.every((id) => endless.has(id))) continue;
    problems.push({
      ...at(part[0]!),
      message: `loop with no exit: ${cycle(part, next)} never reaches an end node, so the conversation can never finish`,
      fix: 'give one of these nodes a next or a branch case that leads on towards an end node',
    });
  }
  return problems;
}

function reach(roots: string[], next: (id: string) => string[]): Set<string> {
  const seen = new Set<string>();
  const todo = roots.filter((r) => r !== undefined);
  while (todo.length) {
    const id = todo.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    todo.push(...next(id));
  }
  return seen;
}

/**
 * Strongly connected parts that hold a cycle (Tarjan), each in file order, listed in the file
 * order of their first node. Iterative, so a long flow cannot overflow the stack.
 */
export function components(ids: string[], next: (id: string) => string[]): string[][] {
  const allowed = new Set(ids);
  const order = new Map(ids.map((id, i) => [id, i]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  let counter = 0;
  for (const root of ids) {
    if (index.has(root)) continue;
    const work: { id: string; edges: string[]; i: number }[] = [];
    const open = (id: string) => {
      index.set(id, counter);
      low.set(id, counter++);
      stack.push(id);
      onStack.add(id);
      work.push({ id, edges: next(id).filter((n) => allowed.has(n)), i: 0 });
    };
    open(root);
    while (work.length) {
      const frame = work[work.length - 1]!;
      if (frame.i < frame.edges.length) {
        const to = frame.edges[frame.i++]!;
        if (!index.has(to)) open(to);
        else if (onStack.has(to)) low.set(frame.id, Math.min(low.get(frame.id)!, index.get(to)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!));
      if (low.get(frame.id) !== index.get(frame.id)) continue;
      const part: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        part.push(member);
      } while (member !== frame.id);
      const selfLoop = part.length === 1 && next(frame.id).includes(frame.id);
      if (part.length > 1 || selfLoop) out.push(part.sort((a, b) => order.get(a)! - order.get(b)!));
    }
  }
  return out.sort((a, b) => order.get(a[0]!)! - order.get(b[0]!)!);
}

/** `a → b → a`: the shortest way round from the part's first node back to it. */
function cycle(part: string[], next: (id: string) => string[]): string {
  const inside = new Set(part);
  const start = part[0]!;
  const from = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const id = queue.shift()!;
    for (const n of next(id).filter((x) => inside.has(x))) {
      if (n === start) {
        const path = [id];
        while (path[0] !== start) path.unshift(from.get(path[0]!)!);
        return [...path, start].join(' → ');
      }
      if (!from.has(n)) {
        from.set(n, id);
        queue.push(n);
      }
    }
  }
  return part.join(' → ');
}
