import { URGENCIES, type Urgency } from './types';

/** Default urgency per category, exactly as in the contract. */
export const CATEGORY_URGENCY: Record<string, Urgency> = {
  unpaid_wages: 'ongoing',
  illegal_deductions: 'ongoing',
  excessive_hours: 'ongoing',
  violence: 'urgent',
  harassment: 'ongoing',
  sexual_harassment: 'urgent',
  document_seizure: 'urgent',
  movement_restriction: 'ongoing',
  pregnancy: 'urgent',
  forced_return: 'urgent',
  recruitment_debt: 'ongoing',
  injury: 'urgent',
  social_insurance: 'ongoing',
  job_change: 'info',
  left_workplace: 'ongoing',
  housing: 'ongoing',
  self_harm: 'emergency',
  question: 'info',
};
export const CATEGORIES = Object.keys(CATEGORY_URGENCY);

const FORCED_LABOUR = new Set([
  'unpaid_wages',
  'excessive_hours',
  'violence',
  'sexual_harassment',
  'document_seizure',
  'movement_restriction',
  'forced_return',
  'recruitment_debt',
  'housing',
]);

const rank = (u: Urgency) => URGENCIES.indexOf(u);
const max = (a: Urgency, b: Urgency): Urgency => (rank(a) <= rank(b) ? a : b);
const raise = (u: Urgency): Urgency => URGENCIES[Math.max(rank(u) - 1, 0)]!;

export interface TriageInput {
  /** Categories the reporter picked or confirmed. */
  picked: string[];
  /** Categories added only by danger words. */
  danger: string[];
  stillHappening: string | null;
  safeNow: string | null;
}

export interface Triage {
  categories: string[];
  urgency: Urgency;
  flags: string[];
}

/** The contract's urgency rules; pure, so it can be recomputed whenever an answer changes. */
export function triage(input: TriageInput): Triage {
  // A danger word that the reporter then answers with safe_now=yes must not stick.
  const dangerActive = input.safeNow === 'yes' ? [] : input.danger;
  const dangerKept = dangerActive.filter((c) => !input.picked.includes(c));
  const categories = [...new Set([...input.picked, ...dangerKept])];
  if (categories.length === 0) categories.push('question');

  let urgency: Urgency = 'info';
  for (const c of categories) {
    let u = CATEGORY_URGENCY[c] ?? 'ongoing';
    if (input.stillHappening === 'no') u = 'past';
    urgency = max(urgency, u);
  }
  const flags: string[] = [];
  const indicators = categories.filter((c) => FORCED_LABOUR.has(c)).length;
  if (indicators >= 2) {
    flags.push('forced_labour_indicators');
    // One level up, but this rule alone never goes past `urgent`.
    if (rank(urgency) > rank('urgent')) urgency = raise(urgency);
  }
  if (input.safeNow === 'no') urgency = 'emergency';
  if (input.safeNow === 'unsure') urgency = max(urgency, 'urgent');
  // Also when the reporter picked the same category: the danger word is what makes it urgent now.
  if (dangerActive.length) urgency = 'emergency';
  return { categories, urgency, flags };
}
