import { z } from 'zod';
import { partnerSecretVariable } from '../config';
import { forbiddenKind } from './forbidden';
import { HoursError, parseHours, type Schedule } from './hours';
import { PREFECTURES } from './ids';
import { phoneProblem } from './phone';
import type { RoutingRules } from './rules';
import { issuesText, readYaml, type Problem } from './yaml-source';

/** The partner directory operators edit in `flows/partners.yaml`. */

const prefecture = z.string().regex(/^JP-(0[1-9]|[1-3][0-9]|4[0-7])$/, 'must be JP-01 … JP-47');
const all = z.literal('all');

const hours = z.string().superRefine((text, ctx) => {
  try {
    parseHours(text);
  } catch (err) {
    if (!(err instanceof HoursError)) throw err;
    ctx.addIssue({ code: 'custom', message: err.message });
  }
});

const partnerSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, _ and -'),
  kind: z.enum(['ngo', 'hello_work']),
  name: z.string().min(1),
  languages: z.union([all, z.array(z.string()).min(1)]),
  prefectures: z.union([all, z.array(prefecture).min(1)]),
  categories: z.union([all, z.array(z.string()).min(1)]),
  onCall: z.boolean().default(false),
  hours: hours.optional(),
  phone: z.string().optional(),
  notificationUrl: z.url({ protocol: /^https?$/ }).optional(),
});

const fileSchema = z.strictObject({
  $schema: z.string().optional(),
  partners: z.array(partnerSchema).min(1),
});

export type Partner = z.infer<typeof partnerSchema> & {
  /** `hours`, parsed: null when the file gives none. */
  schedule: Schedule | null;
  /** Where the entry is, `flows/partners.yaml:12`, for messages about it. */
  at: string;
};

export interface Directory {
  partners: Partner[];
  byId(id: string): Partner | undefined;
  /** The rules of `flows/routing.yaml`; without that file, only the fallback. */
  rules: RoutingRules;
  /** Findings that do not stop the start: logged as warnings, reported by the validator. */
  problems: Problem[];
}

export class DirectoryError extends Error {}

/** Used when `flows/routing.yaml` is absent: every case by the fallback, as before rules existed. */
export const DEFAULT_RULES: RoutingRules = {
  rules: [],
  fallback: {
    id: 'fallback',
    why: 'No routing rules: the best-placed partner of the kind the case needs',
    at: '(built in)',
  },
  problems: [],
};

export function parseDirectory(text: string, file: string): Directory {
  const source = readYaml(text, file, (m) => new DirectoryError(m));
  const parsed = fileSchema.safeParse(source.data);
  if (!parsed.success) throw new DirectoryError(issuesText(source, parsed.error));
  const partners: Partner[] = parsed.data.partners.map((p, i) => ({
    ...p,
    schedule: p.hours === undefined ? null : parseHours(p.hours),
    at: source.at(['partners', i]),
  }));
  const problems: Problem[] = [];
  const seen = new Map<string, string>();
  for (const [i, p] of partners.entries()) {
    const variable = partnerSecretVariable(p.id);
    const other = seen.get(variable);
    if (other === p.id)
      throw new DirectoryError(`${p.at}: partner id "${p.id}" appears twice; give each its own id`);
    // Two partners must never share a signing secret: one could forge the other's notifications.
    if (other)
      throw new DirectoryError(
        `${p.at}: partner ids "${other}" and "${p.id}" would share ${variable}; rename one`,
      );
    seen.set(variable, p.id);
    const host = p.notificationUrl ? new URL(p.notificationUrl).hostname : '';
    const forbidden = forbiddenKind(p.id) ?? forbiddenKind(p.name) ?? forbiddenKind(host);
    if (forbidden) {
      throw new DirectoryError(
        `${p.at}: partner "${p.id}" looks like ${forbidden}; the hotline never routes to a kumiai, employer, sending organisation or embassy: remove it`,
      );
    }
    const phone = p.phone === undefined ? null : phoneProblem(p.phone);
    if (phone)
      problems.push({
        level: 'error',
        at: source.at(['partners', i, 'phone']),
        message: `partners.${i}.phone: ${phone}`,
      });
    if (
      p.notificationUrl?.startsWith('http:') &&
      !/^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(host)
    )
      problems.push({
        level: 'warning',
        at: source.at(['partners', i, 'notificationUrl']),
        message: `partner "${p.id}": notificationUrl is plain http: case facts would cross the network unencrypted; use https`,
      });
  }
  if (!partners.some((p) => p.kind === 'ngo'))
    throw new DirectoryError(
      `${file}: at least one partner of kind ngo is needed (the fallback for every case)`,
    );
  if (!partners.some((p) => p.kind === 'hello_work'))
    problems.push({
      level: 'warning',
      at: file,
      message:
        'no partner of kind hello_work: job changes for SSW and ESD go to an NGO instead (the contract sends them to Hello Work)',
    });
  const uncovered = PREFECTURES.filter(
    (pref) =>
      !partners.some(
        (p) => p.kind === 'ngo' && (p.prefectures === 'all' || p.prefectures.includes(pref)),
      ),
  );
  if (uncovered.length)
    problems.push({
      level: 'warning',
      at: file,
      message: `no NGO covers ${uncovered.join(', ')}: cases there go to the best NGO elsewhere`,
    });
  for (const p of partners.filter((p) => p.onCall && !p.notificationUrl))
    problems.push({
      level: 'warning',
      at: p.at,
      message: `partner "${p.id}" is on call but has no notificationUrl: it learns of emergencies only through the API`,
    });
  return {
    partners,
    byId: (id) => partners.find((p) => p.id === id),
    rules: DEFAULT_RULES,
    problems,
  };
}

/** The directory with its routing rules (see rules.ts), as the entry loads them together. */
export const withRules = (directory: Directory, rules: RoutingRules): Directory => ({
  ...directory,
  rules,
  problems: [...directory.problems, ...rules.problems],
});
