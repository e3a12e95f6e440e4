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
export function factsFrom(state: SessionState, language: string): TicketFacts {
  const a = state.answers;
  const picked = Array.isArray(a.category)
    ? a.category.filter((c) => c !== 'question' || a.category!.length === 1)
    : [];
  const result = triage({
    picked: state.danger.length && picked.length === 1 && picked[0] === 'question' ? [] : picked,
    danger: state.danger,
    stillHappening: str(a.still_happening),
    safeNow: str(a.safe_now),
  });
  const facts = {
    ...result,
    language,
    residenceStatus: str(a.residence_status),
    prefecture: str(a.prefecture),
    industry: str(a.industry),
  };
  const answers = Object.fromEntries(Object.entries(a).filter(([k]) => k !== 'words'));
  return { ...facts, summary: summarise(facts), dangerCategories: state.danger, answers };
}
