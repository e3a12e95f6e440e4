import type { Urgency } from '../triage/types';
import type { Directory, Partner } from './directory';
import type { Conditions } from './rules';

export interface RoutingFacts {
  categories: string[];
  residenceStatus: string | null;
  prefecture: string | null;
  language: string;
  urgency: Urgency;
  flags: string[];
}

/** Who takes the case, and the rule that chose it (recorded on the ticket). */
export interface Routed {
  partner: Partner;
  rule: { id: string; why: string };
}

const covers = (list: 'all' | string[], value: string | null) =>
  list === 'all' || (value !== null && list.includes(value));
/** A partner named for this place or language beats one that covers everything. */
const fitOf = (list: 'all' | string[], value: string | null, specific: number, general: number) =>
  list === 'all' ? general : value !== null && list.includes(value) ? specific : 0;

/** Contract rule: a job change alone, for SSW or ESD, goes to Hello Work; everything else to an NGO. */
export function partnerKind(facts: RoutingFacts): Partner['kind'] {
  const jobChangeOnly = facts.categories.length === 1 && facts.categories[0] === 'job_change';
  return jobChangeOnly && (facts.residenceStatus === 'ssw' || facts.residenceStatus === 'esd')
    ? 'hello_work'
    : 'ngo';
}

/** Every condition holds; a list condition holds when the case has one of its values. */
export function matches(when: Conditions, facts: RoutingFacts): boolean {
  const has = (list: string[] | undefined, value: string | null) =>
    list === undefined || (value !== null && list.includes(value));
  return (
    (when.categories === undefined || facts.categories.some((c) => when.categories!.includes(c))) &&
    (when.onlyCategories === undefined ||
      (facts.categories.length > 0 &&
        facts.categories.every((c) => when.onlyCategories!.includes(c)))) &&
    has(when.residenceStatus, facts.residenceStatus) &&
    has(when.prefectures, facts.prefecture) &&
    has(when.languages, facts.language) &&
    has(when.urgency, facts.urgency) &&
    (when.flags === undefined || facts.flags.some((f) => when.flags!.includes(f)))
  );
}

/**
 * The best partner of a kind among `candidates`: a local partner that speaks the reporter's
 * language, then any partner that speaks it (a local one that cannot talk with the reporter helps
 * less than a national one that can), then the categories; the directory order breaks ties.
 */
function best(candidates: Partner[], facts: RoutingFacts): Partner | null {
  const score = (p: Partner) =>
    fitOf(p.prefectures, facts.prefecture, 8, 4) +
    fitOf(p.languages, facts.language, 6, 5) +
    (p.categories === 'all' || facts.categories.some((c) => p.categories.includes(c)) ? 1 : 0);
  return candidates.reduce<Partner | null>(
    (top, p) => (top === null || score(p) > score(top) ? p : top),
    null,
  );
}

/** `kind: ngo` in a rule: the best partner of that kind that covers the case's prefecture. */
const bestCovering = (directory: Directory, kind: Partner['kind'], facts: RoutingFacts) =>
  best(
    directory.partners.filter((p) => p.kind === kind && covers(p.prefectures, facts.prefecture)),
    facts,
  );

/**
 * The first rule of `flows/routing.yaml` whose conditions hold and whose target is of the kind
 * the contract's rule requires (a target of the wrong kind is passed over, so no file can break
 * the contract); else the fallback: the best covering partner of that kind, then any of that
 * kind, then any NGO.
 */
export function route(directory: Directory, facts: RoutingFacts): Routed {
  const kind = partnerKind(facts);
  for (const rule of directory.rules.rules) {
    if (!matches(rule.when, facts)) continue;
    const partner =
      'partner' in rule.target
        ? directory.byId(rule.target.partner)
        : bestCovering(directory, rule.target.kind, facts);
    if (partner?.kind === kind) return { partner, rule: { id: rule.id, why: rule.why } };
  }
  const { id, why } = directory.rules.fallback;
  const partner =
    bestCovering(directory, kind, facts) ??
    best(
      directory.partners.filter((p) => p.kind === kind),
      facts,
    ) ??
    best(
      directory.partners.filter((p) => p.kind === 'ngo'),
      facts,
    )!;
  return { partner, rule: { id, why } };
}
