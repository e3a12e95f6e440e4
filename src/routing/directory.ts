import { parseDocument, LineCounter } from 'yaml';
import { z } from 'zod';

/** The partner directory operators edit in `flows/partners.yaml`. */

const prefecture = z.string().regex(/^JP-(0[1-9]|[1-3][0-9]|4[0-7])$/, 'must be JP-01 … JP-47');
const all = z.literal('all');

const partnerSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, _ and -'),
  kind: z.enum(['ngo', 'hello_work']),
  name: z.string().min(1),
  languages: z.union([all, z.array(z.string()).min(1)]),
  prefectures: z.union([all, z.array(prefecture).min(1)]),
  categories: z.union([all, z.array(z.string()).min(1)]),
  onCall: z.boolean().default(false),
  hours: z.string().optional(),
  phone: z.string().optional(),
  notificationUrl: z.url().optional(),
});

const fileSchema = z.strictObject({
  $schema: z.string().optional(),
  partners: z.array(partnerSchema).min(1),
});

export type Partner = z.infer<typeof partnerSchema>;
export interface Directory {
  partners: Partner[];
  byId(id: string): Partner | undefined;
}

export class DirectoryError extends Error {}

/** Kinds of organisation the system must never route to, whatever a file says. */
const FORBIDDEN = /kumiai|組合|監理|employer|sending|送出|embassy|大使館/i;

export function parseDirectory(text: string, file: string): Directory {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  if (doc.errors.length)
    throw new DirectoryError(`${file}: not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
  const parsed = fileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    throw new DirectoryError(
      parsed.error.issues
        .map((i) => {
          const node = doc.getIn(i.path as (string | number)[], true) as
            { range?: [number] } | undefined;
          const line = node?.range ? `:${lines.linePos(node.range[0]).line}` : '';
          return `${file}${line}: ${i.path.join('.')}: ${i.message}`;
        })
        .join('\n'),
    );
  }
  const partners = parsed.data.partners;
  const seen = new Set<string>();
  for (const p of partners) {
    if (seen.has(p.id)) throw new DirectoryError(`${file}: partner id "${p.id}" appears twice`);
    seen.add(p.id);
    if (FORBIDDEN.test(p.id) || FORBIDDEN.test(p.name)) {
      throw new DirectoryError(
        `${file}: partner "${p.id}" looks like a kumiai, employer, sending organisation or embassy; the hotline never routes to those`,
      );
    }
  }
  if (!partners.some((p) => p.kind === 'ngo'))
    throw new DirectoryError(
      `${file}: at least one partner of kind ngo is needed (the fallback for every case)`,
    );
  return { partners, byId: (id) => partners.find((p) => p.id === id) };
}
