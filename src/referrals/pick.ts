import { isOpen, nextOpening } from '../routing/hours';
import type { Service } from './services';

export interface Referral {
  id: string;
  phone: string | null;
  open: boolean;
  /** When it opens next (null: open now, or never within the schedule). */
  opens: Date | null;
}

export interface ReferralFacts {
  categories: string[];
  language: string;
  residenceStatus: string | null;
}

const covers = (list: 'all' | string[], value: string | null) =>
  list === 'all' || (value !== null && list.includes(value));

/**
 * The services that help with the case in the reporter's language, those open now first (the
 * file's order otherwise), at most `max`. A service with no line in that language is left out:
 * a number nobody there understands the reporter on does not help.
 */
export function referralsFor(
  services: Service[],
  facts: ReferralFacts,
  at: Date,
  max = 4,
): Referral[] {
  const found: Referral[] = [];
  for (const s of services) {
    if (!facts.categories.some((c) => covers(s.categories, c))) continue;
    // An unknown residence status still gets the service: better one call too many.
    if (
      facts.residenceStatus &&
      facts.residenceStatus !== 'unknown' &&
      !covers(s.residenceStatus, facts.residenceStatus)
    )
      continue;
    const line =
      s.lines.find((l) => l.languages !== 'all' && l.languages.includes(facts.language)) ??
      s.lines.find((l) => l.languages === 'all');
    if (!line) continue;
    const open = isOpen(line.schedule, at);
    found.push({
      id: s.id,
      phone: line.phone,
      open,
      opens: open ? null : nextOpening(line.schedule, at),
    });
  }
  return found.sort((a, b) => Number(b.open) - Number(a.open)).slice(0, max);
}
