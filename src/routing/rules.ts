import { z } from 'zod';
import { normaliseLanguage } from '../i18n/languages';
import type { Directory, Partner } from './directory';
import { forbiddenKind } from './forbidden';
import { CATEGORIES, FLAGS, PREFECTURES, REGIONS, RESIDENCE_STATUSES, URGENCIES } from './ids';
import { issuesText, readYaml, type Problem } from './yaml-source';

/**
 * The routing rules operators edit in `flows/routing.yaml`: tried in order, the first whose
 * conditions hold and whose target fits the contract's rule takes the case; else the fallback.
 */

const oneOrMany = <T extends z.ZodType>(item: T) =>
  z.union([item, z.array(item).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]));
const place = z.string().refine((p) => PREFECTURES.includes(p) || p in REGIONS, {
  message: `must be JP-01 … JP-47 or a region (${Object.keys(REGIONS).join(', ')})`,
});
const language = z.string().transform((l, ctx) => {
  const known = normaliseLanguage(l);
  if (known) return known;
  ctx.addIssue({ code: 'custom', message: `"${l}" is not a language id of the contract` });
  return z.NEVER;
});

const conditionsSchema = z
  .strictObject({
    categories: oneOrMany(z.enum(CATEGORIES)).optional().describe('the case has one of these'),
    onlyCategories: oneOrMany(z.enum(CATEGORIES))
      .optional()
      .describe('every category of the case is one of these'),
    residenceStatus: oneOrMany(z.enum(RESIDENCE_STATUSES))
      .optional()
      .describe('one of these (a skipped answer matches none)'),
    prefectures: oneOrMany(place)
      .transform((list) => [...new Set(list.flatMap((p) => REGIONS[p] ?? [p]))])
      .optional()
      .describe('JP-01 … JP-47 or regions (a skipped answer matches none)'),
    languages: oneOrMany(language).optional().describe("the reporter's language"),
    urgency: oneOrMany(z.enum(URGENCIES)).optional().describe('one of these urgencies'),
    flags: oneOrMany(z.enum(FLAGS)).optional().describe('the case has one of these flags'),
  })
  .refine((c) => Object.keys(c).length > 0, {
    message: 'a rule needs at least one condition; one that takes every case is the fallback',
  });

const id = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, _ and -');
const why = z
  .string()
  .min(1)
  .max(200, 'one line of at most 200 characters')
  .refine((s) => !s.includes('\n'), 'one line: caseworkers read it beside the ticket');

const ruleSchema = z
  .strictObject({
    id,
    why,
    when: conditionsSchema,
    partner: z.string().optional().describe('target: this partner of flows/partners.yaml'),
    kind: z
      .enum(['ngo', 'hello_work'])
      .optional()
      .describe("target: the best partner of this kind covering the case's prefecture"),
  })
  .refine((r) => (r.partner === undefined) !== (r.kind === undefined), {
    message: 'give the target as either partner: <partner id> or kind: ngo | hello_work',
  });

const fileSchema = z.strictObject({
  $schema: z.string().optional(),
  rules: z.array(ruleSchema).default([]),
  fallback: z.strictObject({ id, why }),
});

export type Conditions = z.output<typeof conditionsSchema>;

/** Published as `flows/routing.yaml`'s schema (`flows/routing.schema.json`), for editors. */
export const rulesJsonSchema = (): unknown =>
  z.toJSONSchema(fileSchema, { io: 'input', unrepresentable: 'any' });
export type Target = { partner: string } | { kind: Partner['kind'] };
export interface Rule {
  id: string;
  why: string;
  when: Conditions;
  target: Target;
  /** `flows/routing.yaml:12` */
  at: string;
}
/** When no rule applies: the best-placed partner of the kind the contract's rule asks for. */
export interface Fallback {
  id: string;
  why: string;
  at: string;
}
export interface RoutingRules {
  rules: Rule[];
  fallback: Fallback;
  problems: Problem[];
}

export class RulesError extends Error {}

export function parseRules(text: string, file: string, directory: Directory): RoutingRules {
  const source = readYaml(text, file, (m) => new RulesError(m));
  const parsed = fileSchema.safeParse(source.data);
  if (!parsed.success) throw new RulesError(issuesText(source, parsed.error));
  const rules: Rule[] = parsed.data.rules.map((r, i) => ({
    id: r.id,
    why: r.why,
    when: r.when,
    target: r.partner !== undefined ? { partner: r.partner } : { kind: r.kind! },
    at: source.at(['rules', i]),
  }));
  const fallback = { ...parsed.data.fallback, at: source.at(['fallback']) };
  const seen = new Set<string>();
  for (const r of [...rules, fallback]) {
    if (seen.has(r.id))
      throw new RulesError(`${r.at}: rule id "${r.id}" appears twice; give each rule its own id`);
    seen.add(r.id);
  }
  for (const [i, r] of rules.entries()) {
    if (!('partner' in r.target)) continue;
    const target = r.target.partner;
    const at = source.at(['rules', i, 'partner']);
    const forbidden = forbiddenKind(target);
    if (forbidden)
      throw new RulesError(
        `${at}: rule "${r.id}" sends cases to "${target}", which looks like ${forbidden}; the hotline never routes to a kumiai, employer, sending organisation or embassy: remove the rule`,
      );
    if (!directory.byId(target))
      throw new RulesError(
        `${at}: rule "${r.id}" names partner "${target}", which is not in the directory; use one of ${directory.partners.map((p) => p.id).join(', ')}`,
      );
  }
  return { rules, fallback, problems: rules.flatMap((r) => ruleProblems(r, directory)) };
}

const CONTRACT_HELLO_WORK = 'a job change alone, for SSW or ESD';
const intersects = (list: string[] | undefined, values: string[]) =>
  list === undefined || list.some((v) => values.includes(v));

/** Rules that can never apply, or that send cases a partner says it does not cover. */
function ruleProblems(rule: Rule, directory: Directory): Problem[] {
  const w = rule.when;
  const never = (why: string): Problem => ({
    level: 'warning',
    at: rule.at,
    message: `rule "${rule.id}" can never apply: ${why}`,
  });
  const out: Problem[] = [];
  if (w.categories && w.onlyCategories && !intersects(w.categories, w.onlyCategories))
    out.push(never('no case has one of its categories and only its onlyCategories'));
  const partner = 'partner' in rule.target ? directory.byId(rule.target.partner)! : null;
  const kind = partner?.kind ?? ('kind' in rule.target ? rule.target.kind : 'ngo');
  const canBeHelloWorkCase =
    intersects(w.categories, ['job_change']) &&
    intersects(w.onlyCategories, ['job_change']) &&
    intersects(w.residenceStatus, ['ssw', 'esd']);
  const onlyHelloWorkCases =
    w.onlyCategories?.every((c) => c === 'job_change') &&
    w.residenceStatus?.every((s) => s === 'ssw' || s === 'esd');
  if (kind === 'hello_work' && !canBeHelloWorkCase)
    out.push(never(`it sends to Hello Work, which the contract keeps for ${CONTRACT_HELLO_WORK}`));
  if (kind === 'ngo' && onlyHelloWorkCases)
    out.push(
      never(`it matches only ${CONTRACT_HELLO_WORK}, which the contract sends to Hello Work`),
    );
  if (!partner) {
    const ofKind = directory.partners.filter((p) => p.kind === kind);
    const wanted = w.prefectures ?? PREFECTURES;
    if (
      !ofKind.some((p) => p.prefectures === 'all' || wanted.some((x) => p.prefectures.includes(x)))
    )
      out.push(never(`no partner of kind ${kind} covers its prefectures`));
    return out;
  }
  const gaps = (listed: 'all' | string[], wanted: string[]) =>
    listed === 'all' ? [] : wanted.filter((x) => !listed.includes(x));
  const places = gaps(partner.prefectures, w.prefectures ?? PREFECTURES);
  const languages = w.languages ? gaps(partner.languages, w.languages) : [];
  const shorten = (l: string[]) => (l.length > 6 ? `${l.slice(0, 6).join(', ')} …` : l.join(', '));
  if (places.length)
    out.push({
      level: 'warning',
      at: rule.at,
      message: `rule "${rule.id}" can send cases from ${shorten(places)} to "${partner.id}", which does not list them: add a prefectures condition`,
    });
  if (languages.length)
    out.push({
      level: 'warning',
      at: rule.at,
      message: `rule "${rule.id}" can send ${languages.join(', ')} speakers to "${partner.id}", which does not list that language`,
    });
  return out;
}
