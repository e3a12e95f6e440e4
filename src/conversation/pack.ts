import type { OutboundMessage } from '../channels/types';

const TEXT_LIMIT = 5000;

/**
 * Fit messages into one reply or push of at most `max`: emergency help first, then what waited
 * in the mailbox, then this turn (whose last message carries the quick replies). Adjacent texts
 * are merged when there are too many. Returns null when they cannot fit.
 */
export function fit(messages: OutboundMessage[], max: number): OutboundMessage[] | null {
  const out = messages.map((m) => ({ ...m }));
  while (out.length > max) {
    let best = -1;
    let bestLen = Infinity;
    for (let i = 0; i + 1 < out.length; i++) {
      const a = out[i]!;
      const b = out[i + 1]!;
      if (a.choices?.length) continue;
      const len = a.text.length + 2 + b.text.length;
      if (len <= TEXT_LIMIT && len < bestLen) {
        best = i;
        bestLen = len;
      }
    }
    if (best < 0) return null;
    const a = out[best]!;
    const b = out[best + 1]!;
    const merged: OutboundMessage = { ...b, text: `${a.text}\n\n${b.text}` };
    if (a.first) merged.first = true;
    out.splice(best, 2, merged);
  }
  return out;
}

/** Old quick replies are stale by the time a mailbox message goes out: send its text only. */
const textOnly = (m: OutboundMessage): OutboundMessage => ({ text: m.text });

export interface Packed {
  messages: OutboundMessage[];
  /** Mailbox rows that went out with this turn (the rest keep waiting). */
  mailboxIds: number[];
}

export function pack(
  current: OutboundMessage[],
  mailbox: { id: number; messages: OutboundMessage[] }[],
  max: number,
): Packed | null {
  const first = current.filter((m) => m.first);
  const rest = current.filter((m) => !m.first);
  for (let n = mailbox.length; n >= 0; n--) {
    const waiting = mailbox.slice(0, n);
    const fitted = fit(
      [...first, ...waiting.flatMap((w) => w.messages.map(textOnly)), ...rest],
      max,
    );
    if (fitted) return { messages: fitted, mailboxIds: waiting.map((w) => w.id) };
  }
  return null;
}
