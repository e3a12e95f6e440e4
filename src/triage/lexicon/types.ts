/**
 * What one language contributes to triage: phrases as trainees type them (domain.md §3.4, §1.2,
 * §8.2), Japanese loanwords in that language's spelling included. Matching is case-, width- and
 * (for Latin script) diacritic-insensitive; a Latin phrase matches at the start of a word, so
 * "beat" also finds "beaten". False alarms are acceptable for danger words; misses are not.
 */
export interface Lexicon {
  /** Words that show the emergency help at once. */
  danger: { violence: string[]; self_harm: string[] };
  /** Phrases that suggest a category; the reporter confirms, corrects or extends the guess. */
  categories: Partial<Record<CategoryId, string[]>>;
  /** Phrases saying that someone threatens the reporter's family (flag `threat_to_family`). */
  threatToFamily: string[];
}

export type CategoryId =
  | 'unpaid_wages'
  | 'illegal_deductions'
  | 'excessive_hours'
  | 'violence'
  | 'harassment'
  | 'sexual_harassment'
  | 'document_seizure'
  | 'movement_restriction'
  | 'pregnancy'
  | 'forced_return'
  | 'recruitment_debt'
  | 'injury'
  | 'social_insurance'
  | 'job_change'
  | 'left_workplace'
  | 'housing'
  | 'self_harm'
  | 'question';
