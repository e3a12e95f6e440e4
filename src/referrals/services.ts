import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { parseHours, type Schedule } from '../routing/hours';

/** The public services of `flows/services.yaml`: who helps with what, in which language, when. */

const all = z.literal('all');
const list = z.union([all, z.array(z.string()).min(1)]);
const lineSchema = z.strictObject({
  languages: list,
  phone: z.union([z.string(), z.number()]).transform(String).optional(),
  hours: z.string().min(1),
});
const serviceSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'lower-case letters, digits and _'),
  categories: list,
  residenceStatus: list.optional(),
  lines: z.array(lineSchema).min(1),
});
const fileSchema = z.strictObject({
  $schema: z.string().optional(),
  services: z.array(serviceSchema).min(1),
});

export interface ServiceLine {
  languages: 'all' | string[];
  phone: string | null;
  hours: string;
  schedule: Schedule;
}
export interface Service {
  id: string;
  categories: 'all' | string[];
  residenceStatus: 'all' | string[];
  lines: ServiceLine[];
}

export class ServicesError extends Error {}

export function parseServices(text: string, file: string): Service[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  if (doc.errors.length)
    throw new ServicesError(`${file}: not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
  const at = (path: (string | number)[]) => {
    const node = doc.getIn(path, true) as { range?: [number] } | undefined;
    return node?.range ? `${file}:${lines.linePos(node.range[0]).line}` : file;
  };
  const parsed = fileSchema.safeParse(doc.toJS());
  if (!parsed.success)
    throw new ServicesError(
      parsed.error.issues
        .map((i) => `${at(i.path as (string | number)[])}: ${i.path.join('.')}: ${i.message}`)
        .join('\n'),
    );
  const problems: string[] = [];
  const seen = new Set<string>();
  const services = parsed.data.services.map((s, i): Service => {
    if (seen.has(s.id))
      problems.push(`${at(['services', i, 'id'])}: service "${s.id}" appears twice`);
    seen.add(s.id);
    return {
      id: s.id,
      categories: s.categories,
      residenceStatus: s.residenceStatus ?? 'all',
      lines: s.lines.map((l, j) => {
        let schedule: Schedule | null = null;
        try {
          schedule = parseHours(l.hours);
        } catch (err) {
          problems.push(
            `${at(['services', i, 'lines', j, 'hours'])}: services.${i}.lines.${j}.hours: ${err instanceof Error ? err.message : String(err)}`,
          );
        }
        return {
          languages: l.languages,
          phone: l.phone ?? null,
          hours: l.hours,
          schedule: schedule!,
        };
      }),
    };
  });
  if (problems.length) throw new ServicesError(problems.join('\n'));
  return services;
}
