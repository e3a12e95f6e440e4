import { suggestCategories, textFlags } from './categories';
import { detectDanger } from './danger';
import { detectLanguage } from './language';
import type { DangerCategory, Urgency } from './types';
import { triage } from './urgency';

export interface FirstReading {
  language: string | null;
  /** Categories the words suggest, for the reporter to confirm. */
  suggested: string[];
  danger: DangerCategory | null;
  /** The urgency the case would have if the reporter confirmed the suggestions. */
  urgency: Urgency;
  flags: string[];
}

/** What the bot understands from a reporter's first message on its own, before any question. */
export function readFirstMessage(text: string, offered: readonly string[]): FirstReading {
  const danger = detectDanger(text);
  const suggested = suggestCategories(text);
  const result = triage({
    picked: suggested,
    danger: danger ? [danger] : [],
    stillHappening: null,
    safeNow: null,
  });
  return {
    language: detectLanguage(text, offered),
    suggested,
    danger,
    urgency: result.urgency,
    flags: [...result.flags, ...textFlags(text)],
  };
}
