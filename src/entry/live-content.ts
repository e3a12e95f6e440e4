import type { LoadedContent } from './content';

/**
 * Flows, partners and texts that an operator can replace while the server runs (a validated
 * reload): every reader goes through `current`, so a conversation's next step sees the new files.
 */
export interface LiveContent {
  readonly current: LoadedContent;
  replace(next: LoadedContent): void;
}

export function liveContent(initial: LoadedContent): LiveContent {
  let current = initial;
  return {
    get current() {
      return current;
    },
    replace(next) {
      current = next;
    },
  };
}

/** Either fixed content (tests, the Worker's bundle) or live content, read the same way. */
export const asLive = (content: LoadedContent | LiveContent): LiveContent =>
  'current' in content ? content : liveContent(content);
