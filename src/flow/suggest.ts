/** "Did you mean …": the candidate closest to a misspelt name, if it is close enough. */
export function closest(word: string, candidates: Iterable<string>): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  // A third of the word may be wrong (at least one letter): "goodbye" → "bye" is too far.
  return best !== null && bestDistance <= Math.max(1, Math.floor(word.length / 3)) ? best : null;
}

/** Edit distance where swapping two neighbouring letters ("lable") counts as one edit. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  return d[a.length]![b.length]!;
}

/** `did you mean "bye"?`, or the list of what exists when nothing is close. */
export function pointTo(word: string, candidates: string[], what: string): string {
  const near = closest(word, candidates);
  if (near) return `did you mean "${near}"?`;
  const list =
    candidates.length > 12 ? `${candidates.slice(0, 12).join(', ')}, …` : candidates.join(', ');
  return `use one of the ${what}: ${list}`;
}
