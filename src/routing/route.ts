import type { Directory, Partner } from './directory';

export interface RoutingFacts {
  categories: string[];
  residenceStatus: string | null;
  prefecture: string | null;
  language: string;
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

/**
 * The best partner of the right kind: one that covers the prefecture, then speaks the language,
 * then handles the categories; the directory order breaks ties. Falls back to any NGO.
 */
export function route(directory: Directory, facts: RoutingFacts): Partner {
  const kind = partnerKind(facts);
  const score = (p: Partner) =>
    fitOf(p.prefectures, facts.prefecture, 8, 4) +
    fitOf(p.languages, facts.language, 2, 1.5) +
    (p.categories === 'all' || facts.categories.some((c) => p.categories.includes(c)) ? 1 : 0);
  const pick = (candidates: Partner[]) =>
    candidates.reduce<Partner | null>(
      (best, p) => (best === null || score(p) > score(best) ? p : best),
      null,
    );
  const local = directory.partners.filter(
    (p) => p.kind === kind && covers(p.prefectures, facts.prefecture),
  );
  return (
    pick(local) ??
    pick(directory.partners.filter((p) => p.kind === kind)) ??
    pick(directory.partners.filter((p) => p.kind === 'ngo'))!
  );
}
