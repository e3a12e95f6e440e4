/**
 * How soon a person should answer a case of each urgency (domain.md §3.1: on-call contact within
 * 15 minutes for danger, the same day for urgent cases, three and seven working days after).
 * Calendar hours here: the dashboard shows the time left, and errs on the early side.
 */
export const RESPONSE_TARGET_MINUTES: Record<string, number | null> = {
  emergency: 15,
  urgent: 4 * 60,
  ongoing: 3 * 24 * 60,
  past: 7 * 24 * 60,
  info: null,
};

/** Milliseconds left to the response target (negative: overdue), or null when there is none. */
export function timeLeftMs(urgency: string, createdAt: string, now: number): number | null {
  const minutes = RESPONSE_TARGET_MINUTES[urgency];
  if (minutes == null) return null;
  return Date.parse(createdAt) + minutes * 60_000 - now;
}
