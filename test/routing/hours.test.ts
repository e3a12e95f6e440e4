import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { HoursError, isOpen, nextOpening, parseHours } from '../../src/routing/hours';

/** An instant written in Japan time, so each test reads as the operator thinks of it. */
const jst = (local: string) => new Date(`${local}+09:00`);
const open = (hours: string, local: string) => isOpen(parseHours(hours), jst(local));
const next = (hours: string, local: string) =>
  nextOpening(parseHours(hours), jst(local))?.toISOString() ?? null;
const error = (hours: string) => {
  try {
    parseHours(hours);
  } catch (err) {
    if (err instanceof HoursError) return err.message;
    throw err;
  }
  throw new Error(`"${hours}" parsed`);
};

// 2026-11-20 is a Friday; 2026-11-23 the Monday after.
describe('opening hours in Japan time', () => {
  it('is always open for "24 hours"', () => {
    for (const t of ['2026-11-20T00:00', '2026-11-22T03:17', '2026-12-31T23:59:59'])
      expect(open('24 hours', t)).toBe(true);
    expect(next('24 hours', '2026-11-22T03:17')).toBe(jst('2026-11-22T03:17').toISOString());
  });

  it('opens at the first minute and closes at the last ("Every day 10:00-22:00")', () => {
    const h = 'Every day 10:00-22:00';
    expect(open(h, '2026-11-22T09:59:59')).toBe(false);
    expect(open(h, '2026-11-22T10:00')).toBe(true);
    expect(open(h, '2026-11-22T21:59:59')).toBe(true);
    expect(open(h, '2026-11-22T22:00')).toBe(false);
    expect(next(h, '2026-11-22T22:30')).toBe(jst('2026-11-23T10:00').toISOString());
  });

  it('computes by the JST offset, not by UTC or the machine’s zone ("Mon-Fri 8:30-17:15")', () => {
    const h = parseHours('Mon-Fri 8:30-17:15');
    // Friday 23:30 in Japan is Friday 14:30 UTC: closed, next opening Monday 8:30 JST.
    expect(isOpen(h, new Date('2026-11-20T14:30:00Z'))).toBe(false);
    expect(nextOpening(h, new Date('2026-11-20T14:30:00Z'))?.toISOString()).toBe(
      '2026-11-22T23:30:00.000Z',
    );
    // Friday 23:30 UTC is already Saturday 8:30 in Japan: closed although a UTC clock says Friday.
    expect(isOpen(h, new Date('2026-11-20T23:30:00Z'))).toBe(false);
    // Sunday 23:30 UTC is Monday 8:30 in Japan: open.
    expect(isOpen(h, new Date('2026-11-22T23:30:00Z'))).toBe(true);
    expect(isOpen(h, new Date('2026-11-23T08:14:59Z'))).toBe(true); // 17:14:59 JST
    expect(isOpen(h, new Date('2026-11-23T08:15:00Z'))).toBe(false); // 17:15 JST
  });

  describe('whatever the machine’s time zone', () => {
    const before = process.env.TZ;
    afterEach(() => {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    });
    for (const tz of ['America/Los_Angeles', 'Pacific/Kiritimati', 'Europe/London'])
      it(`gives the same answers with TZ=${tz}`, () => {
        process.env.TZ = tz;
        expect(open('Mon-Fri 8:30-17:15', '2026-11-23T08:30')).toBe(true);
        expect(open('Mon-Fri 8:30-17:15', '2026-11-21T12:00')).toBe(false);
        expect(next('Mon-Fri 8:30-17:15', '2026-11-21T12:00')).toBe('2026-11-22T23:30:00.000Z');
      });
  });

  it('reads several day groups ("Mon-Fri 17:00-22:00; Sat,Sun 9:00-21:00")', () => {
    const h = 'Mon-Fri 17:00-22:00; Sat,Sun 9:00-21:00';
    expect(open(h, '2026-11-20T16:59')).toBe(false);
    expect(open(h, '2026-11-20T17:00')).toBe(true);
    expect(open(h, '2026-11-21T09:00')).toBe(true);
    expect(open(h, '2026-11-21T21:30')).toBe(false);
    expect(next(h, '2026-11-20T12:00')).toBe(jst('2026-11-20T17:00').toISOString());
    expect(next(h, '2026-11-22T21:00')).toBe(jst('2026-11-23T17:00').toISOString());
  });

  it('reads day lists and ranges ("Tue,Thu 11:00-19:00", "Mon-Sat 10:00-20:00", "Fri-Mon")', () => {
    expect(open('Tue,Thu 11:00-19:00', '2026-11-24T12:00')).toBe(true); // Tuesday
    expect(open('Tue,Thu 11:00-19:00', '2026-11-25T12:00')).toBe(false); // Wednesday
    expect(next('Tue,Thu 11:00-19:00', '2026-11-25T12:00')).toBe(
      jst('2026-11-26T11:00').toISOString(),
    );
    expect(open('Mon-Sat 10:00-20:00', '2026-11-21T19:59')).toBe(true);
    expect(open('Mon-Sat 10:00-20:00', '2026-11-22T12:00')).toBe(false);
    expect(next('Mon-Sat 10:00-20:00', '2026-11-22T12:00')).toBe(
      jst('2026-11-23T10:00').toISOString(),
    );
    expect(parseHours('Fri-Mon 9:00-10:00').openings.map((o) => o.day)).toEqual([0, 4, 5, 6]);
    expect(parseHours('weekdays 9:00-10:00')).toEqual(parseHours('Mon-Fri 9:00-10:00'));
    expect(parseHours('Sat and Sun 9-21')).toEqual(parseHours('Sat,Sun 9:00-21:00'));
  });

  it('keeps an opening past midnight open into the next day ("Fri 22:00-02:00")', () => {
    const h = 'Fri 22:00-02:00';
    expect(open(h, '2026-11-20T21:59')).toBe(false);
    expect(open(h, '2026-11-20T23:30')).toBe(true); // = 2026-11-20T14:30Z
    expect(isOpen(parseHours(h), new Date('2026-11-20T14:30:00Z'))).toBe(true);
    expect(open(h, '2026-11-21T01:59')).toBe(true);
    expect(open(h, '2026-11-21T02:00')).toBe(false);
    expect(open(h, '2026-11-20T01:00')).toBe(false); // Friday early morning belongs to Thursday
    expect(next(h, '2026-11-21T03:00')).toBe(jst('2026-11-27T22:00').toISOString());
    // Over the end of the week: Sunday night into Monday.
    expect(open('Sun 22:00-02:00', '2026-11-23T01:00')).toBe(true);
  });

  it('reads several ranges on one day ("Mon-Fri 9:00-12:00, 13:00-17:00, Sat 10:00-12:00")', () => {
    const h = 'Mon-Fri 9:00-12:00, 13:00-17:00, Sat 10:00-12:00';
    expect(open(h, '2026-11-20T11:00')).toBe(true);
    expect(open(h, '2026-11-20T12:30')).toBe(false);
    expect(next(h, '2026-11-20T12:30')).toBe(jst('2026-11-20T13:00').toISOString());
    expect(open(h, '2026-11-21T11:00')).toBe(true);
    expect(open(h, '2026-11-21T13:30')).toBe(false);
  });

  it('is closed every year over a closure, across the new year ("closed Dec 29-Jan 3")', () => {
    const h = 'Every day 10:00-22:00; closed Dec 29-Jan 3';
    expect(open(h, '2026-12-28T12:00')).toBe(true);
    expect(open(h, '2026-12-29T12:00')).toBe(false);
    expect(open(h, '2027-01-01T12:00')).toBe(false);
    expect(open(h, '2027-01-03T21:00')).toBe(false);
    expect(open(h, '2027-01-04T10:00')).toBe(true);
    expect(next(h, '2026-12-28T22:30')).toBe(jst('2027-01-04T10:00').toISOString());
    expect(open(h, '2030-12-31T12:00')).toBe(false); // yearly, not one year only
    // An opening belongs to the day it starts: Dec 28's night shift runs on into Dec 29.
    const night = 'Every day 22:00-02:00; closed Dec 29-Jan 3';
    expect(open(night, '2026-12-29T01:00')).toBe(true);
    expect(open(night, '2026-12-29T23:00')).toBe(false);
    expect(open(night, '2027-01-04T01:00')).toBe(false); // Jan 3's shift is closed
    // Other spellings of the same closure.
    const same = parseHours(h).closures;
    expect(parseHours('Every day 10:00-22:00 (closed 29 Dec–3 Jan)').closures).toEqual(same);
    expect(parseHours('Every day 10:00-22:00, closed 12/29-1/3').closures).toEqual(same);
    expect(parseHours('24 hours; closed Aug 13-15, Jan 1').closures).toEqual([
      { from: { month: 8, day: 13 }, to: { month: 8, day: 15 } },
      { from: { month: 1, day: 1 }, to: { month: 1, day: 1 } },
    ]);
  });

  it('accepts the dashes, tildes and full-width digits of Japanese documents', () => {
    expect(parseHours('Mon–Fri 17:00–22:00; Sat,Sun 9:00〜21:00')).toEqual(
      parseHours('Mon-Fri 17:00-22:00; Sat,Sun 9:00-21:00'),
    );
    expect(parseHours('Mon-Fri ８:３０-１７:１５')).toEqual(parseHours('Mon-Fri 8:30-17:15'));
    expect(parseHours('MONDAY to FRIDAY 8:30 to 17:15')).toEqual(parseHours('Mon-Fri 8:30-17:15'));
  });

  it('is plain JSON: a schedule sent elsewhere answers the same', () => {
    const h = parseHours('Mon-Fri 17:00-22:00; Sat,Sun 9:00-21:00; closed Dec 29-Jan 3');
    const copy = JSON.parse(JSON.stringify(h));
    expect(isOpen(copy, jst('2026-11-21T10:00'))).toBe(true);
    expect(nextOpening(copy, jst('2026-12-29T10:00'))).toEqual(jst('2027-01-04T17:00'));
  });

  it('says what is wrong and how to write it', () => {
    expect(error('Mon-Fry 9:00-17:00')).toMatch(/"fry" is not a day; write Mon … Sun/);
    expect(error('Mon-Fri 25:00-26:00')).toMatch(/"25:00" is not a time/);
    expect(error('Mon-Fri 9:60-17:00')).toMatch(/"9:60" is not a time/);
    expect(error('Mon-Fri')).toMatch(/no time range after "mon-fri"/);
    expect(error('9:00-17:00')).toMatch(/say which days first, e\.g\. "Every day 9:00-17:00"/);
    expect(error('Mon 9:00-9:00')).toMatch(/opens and closes at the same time/);
    expect(error('Every day 9-17; closed Feb 30')).toMatch(/"feb 30" is not a date/);
    expect(error('Sat/Sun/holidays 9:00-21:00')).toMatch(/public holidays/);
    expect(error('')).toMatch(/no hours given/);
    expect(error('closed Dec 29-Jan 3')).toMatch(/gives no opening times/);
  });

  it('never says "next opening" of a schedule closed all year', () => {
    expect(
      nextOpening(parseHours('Mon 9:00-10:00; closed Jan 1-Dec 31'), jst('2026-11-20T12:00')),
    ).toBeNull();
  });

  it('finds the first open instant: open there, closed at every quarter hour before it', () => {
    const schedules = [
      'Mon-Fri 8:30-17:15',
      'Mon-Fri 17:00-22:00; Sat,Sun 9:00-21:00; closed Dec 29-Jan 3',
      'Fri 22:00-02:00',
      'Tue,Thu 11:00-19:00',
      'Every day 10:00-22:00; closed Dec 29-Jan 3',
    ].map((h) => parseHours(h));
    const from = Date.UTC(2026, 0, 1);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 * 365 * 24 * 60 }),
        fc.constantFrom(...schedules),
        (minute, schedule) => {
          const at = new Date(from + minute * 60_000);
          const found = nextOpening(schedule, at)!;
          expect(isOpen(schedule, found)).toBe(true);
          if (isOpen(schedule, at)) expect(found).toEqual(at);
          for (let t = at.getTime(); t < found.getTime(); t += 15 * 60_000)
            expect(isOpen(schedule, new Date(t))).toBe(false);
          if (found > at) expect(isOpen(schedule, new Date(found.getTime() - 1))).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});
