import { describe, expect, it } from 'vitest';
import {
  ALL_TEN,
  contractUrgency,
  loadLabelled,
  score,
  urgencyOf,
  type Labelled,
} from './labelled';

/**
 * Every labelled first message of every language (test/fixtures/triage/*.json; the labelling
 * rules are in ./labelled.ts) read by `readFirstMessage` as the bot reads it: language, category
 * suggestions, danger, urgency and flags must be what the caseworker's label says.
 */

const labelled = loadLabelled();
const title = (m: Labelled) =>
  `${m.file} #${m.index + 1}: ${m.text.length > 60 ? `${m.text.slice(0, 57)}...` : m.text}`;
const sorted = (xs: readonly string[]) => [...new Set(xs)].sort();

describe('labelled first messages', () => {
  it('are there, and each is labelled by the contract’s rules', () => {
    expect(labelled.length).toBeGreaterThan(0);
    for (const m of labelled) {
      const expected = contractUrgency(m.categories, m.danger);
      const context = title(m);
      expect(m.urgency, context).toBe(expected.urgency);
      expect(sorted(m.flags.filter((f) => f !== 'threat_to_family')), context).toEqual(
        sorted(expected.flags),
      );
      expect(m.categories, context).not.toContain('self_harm');
      for (const c of m.acceptAlso ?? []) expect(m.categories, context).not.toContain(c);
      if (m.falseAlarmOk) expect(m.danger, context).toBeNull();
    }
  });

  it('cover all ten languages, at least 3 messages and 2 categories each', () => {
    const missing = ALL_TEN.filter((lang) => {
      const mine = labelled.filter((m) => m.language === lang);
      return mine.length < 3 || new Set(mine.flatMap((m) => m.categories)).size < 2;
    });
    expect(missing, 'languages with fewer than 3 messages or 2 categories').toEqual([]);
  });

  describe.each(labelled.map((m) => [title(m), m] as const))('%s', (_title, m) => {
    const s = score(m);

    it('is read in its language', () => {
      expect(s.reading.language).toBe(m.language);
    });

    it('gets the labelled categories suggested, and nothing else', () => {
      expect({ missed: s.missed, extra: s.extra }).toEqual({ missed: [], extra: [] });
    });

    it('shows the emergency help exactly when it should', () => {
      if (m.danger) expect(s.reading.danger).toBe(m.danger);
      else if (!m.falseAlarmOk) expect(s.reading.danger).toBeNull();
    });

    it('gets the labelled urgency and flags', () => {
      const { falseAlarm, got, want } = urgencyOf(s);
      // A tolerated false alarm still shows the emergency help first.
      if (falseAlarm) expect(s.reading.urgency).toBe('emergency');
      expect(got).toEqual(want);
    });
  });
});
