import type { LineStandIn } from '../test/helpers/line-stand-in';
import type { Child } from './children';

/** What the stand-in refused and what the hotline logged at warn or error. */
export function problems(line: LineStandIn, instances: Child[], profDir: string | null): string[] {
  const notes: string[] = [];
  const refused = new Map<string, number>();
  for (const c of line.calls)
    if (c.status >= 400)
      refused.set(`${c.status} ${c.path}`, (refused.get(`${c.status} ${c.path}`) ?? 0) + 1);
  if (refused.size)
    notes.push(
      `LINE stand-in refused calls: ${[...refused].map(([k, n]) => `${n} × ${k}`).join(', ')}`,
    );
  if (line.invalid.length)
    notes.push(`LINE stand-in saw ${line.invalid.length} malformed messages: ${line.invalid[0]}`);
  if (line.pushes.length)
    notes.push(`${line.pushes.length} answers went out as push instead of reply`);
  for (const { problems: p } of instances)
    if (p.warn || p.error)
      notes.push(
        `hotline logged ${p.warn} warnings and ${p.error} errors; first: ${p.first}; last: ${p.last}`,
      );
  if (profDir)
    notes.push(
      `CPU profiles of the hotline in ${profDir}/ (npx tsx bench/profile-summary.ts <file>)`,
    );
  return notes;
}
