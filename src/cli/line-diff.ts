/**
 * A unified diff of two texts, line by line (longest common subsequence), with a little context:
 * enough for an operator to see what a change of texts or flow did to a golden transcript.
 */
export function lineDiff(expected: string, actual: string, names = ['golden', 'now'], context = 2) {
  const a = expected.split('\n');
  const b = actual.split('\n');
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i]![j] =
        a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const ops: { op: ' ' | '-' | '+'; text: string }[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ op: ' ', text: a[i++]! });
      j++;
    } else if (i < a.length && (j === b.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!))
      ops.push({ op: '-', text: a[i++]! });
    else ops.push({ op: '+', text: b[j++]! });
  }
  const changed = ops.map((o, k) => (o.op === ' ' ? -1 : k)).filter((k) => k >= 0);
  if (!changed.length) return { first: null, text: '' };
  const keep = new Set<number>();
  for (const k of changed)
    for (let c = k - context; c <= k + context; c++) if (c >= 0 && c < ops.length) keep.add(c);
  const out = [`--- ${names[0]}`, `+++ ${names[1]}`];
  let last = -2;
  for (const k of [...keep].sort((x, y) => x - y)) {
    if (k !== last + 1) out.push(`@@ ${names[0]} line ${lineInA(ops, k) + 1} @@`);
    out.push(`${ops[k]!.op}${ops[k]!.text}`);
    last = k;
  }
  return { first: lineInA(ops, changed[0]!) + 1, text: out.join('\n') + '\n' };
}

/** The line of the expected text an operation sits at (0-based). */
function lineInA(ops: { op: string }[], k: number): number {
  let line = 0;
  for (let c = 0; c < k; c++) if (ops[c]!.op !== '+') line++;
  return line;
}
