import type { SessionState } from '../flow/types';
import type { RoutingFacts } from '../routing/route';
import { triage, type Triage } from '../triage/urgency';
import { summarise } from './summary';

export interface TicketFacts extends Triage, RoutingFacts {
  industry: string | null;
  summary: string;
  dangerCategories: string[];
  /** The answers to the flow's questions, option ids only. */
  answers: Record<string, unknown>;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Everything a ticket says, derived from the session alone: recomputed whenever it changes. */
/** What a "yes" to a safety question says about the case, in the reporter's own answer. */
const SAFETY_ANSWERS: Record<string, { category?: string; flag?: string }> = {
  need_doctor: { flag: 'medical' },
  stopped_leaving: { category: 'violence' },
  sent_home_soon: { category: 'forced_return', flag: 'deadline' },
  self_harm_thoughts: { category: 'self_harm' },
  deadline_soon: { flag: 'deadline' },
  family_threat: { flag: 'threat_to_family' },
};

export function factsFrom(state: SessionState, language: string): TicketFacts {
  const a = state.answers;
  const chosen = Array.isArray(a.category)
    ? a.category.filter((c) => c !== 'question' || a.category!.length === 1)
    : [];
  const saidYes = Object.entries(SAFETY_ANSWERS)
    .filter(([q]) => a[q] === 'yes')
    .map(([, v]) => v);
  const confirmed = saidYes.flatMap((v) => (v.category ? [v.category] : []));
  const onlyQuestion = chosen.length === 1 && chosen[0] === 'question';
  const picked = [
    ...new Set([
      ...(onlyQuestion && (state.danger.length || confirmed.length) ? [] : chosen),
      ...confirmed,
    ]),
  ];
  const result = triage({
    picked,
    danger: state.danger,
    stillHappening: str(a.still_happening),
    safeNow: str(a.safe_now),
  });
  // The reporter said someone may read their phone: short contact only, never a message first.
  const safeMode = a.phone_watched === 'yes' || a.phone_watched === 'unsure';
  const flags = [
    ...new Set([
      ...result.flags,
      ...saidYes.flatMap((v) => (v.flag ? [v.flag] : [])),
      ...(safeMode ? ['safe_mode'] : []),
      ...(state.textFlags ?? []),
    ]),
  ];
  const facts = {
    ...result,
    flags,
    language,
    residenceStatus: str(a.residence_status),
    prefecture: str(a.prefecture),
    industry: str(a.industry),
  };
  const answers = Object.fromEntries(Object.entries(a).filter(([k]) => k !== 'words'));
  return { ...facts, summary: summarise(facts), dangerCategories: state.danger, answers };
}
