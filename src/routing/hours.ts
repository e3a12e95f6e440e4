/**
 * Opening hours as operators write them ("Mon-Fri 17:00-22:00; Sat,Sun 9:00-21:00; closed Dec
 * 29-Jan 3"), always in Japan time. Pure: no clock, no I/O; the instant is passed in.
 */

/** 0 = Monday … 6 = Sunday. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/**
 * Open from `start` to `end`, in minutes after 00:00 JST of `day`. `end` passes 1440 when the
 * opening runs past midnight (`Fri 22:00-02:00` is day 4, 1320 to 1560).
 */
export interface Opening {
  day: Weekday;
  start: number;
  end: number;
}

export interface MonthDay {
  month: number;
  day: number;
}

/** Closed every year from `from` to `to`, both included; may run over the new year. */
export interface Closure {
  from: MonthDay;
  to: MonthDay;
}

/** Plain JSON, so it can be kept, compared and sent anywhere. */
export interface Schedule {
  openings: Opening[];
  closures: Closure[];
}

export class HoursError extends Error {
  override name = 'HoursError';
}

/** Japan has kept UTC+9 without daylight saving since 1951: an offset, not the machine's zone. */
const JST_MS = 9 * 3_600_000;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

// prettier-ignore
const DAY_NAMES: Record<string, Weekday> = {
  mon: 0, monday: 0,
  tue: 1, tues: 1, tuesday: 1,
  wed: 2, weds: 2, wednesday: 2,
  thu: 3, thur: 3, thurs: 3, thursday: 3,
  fri: 4, friday: 4,
  sat: 5, saturday: 5,
  sun: 6, sunday: 6,
};
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const EVERY_DAY: Weekday[] = [0, 1, 2, 3, 4, 5, 6];
const DAYS_HELP = 'write Mon … Sun, a range like Mon-Fri, a list like Sat,Sun, or "Every day"';

/** Dashes, tildes, full-width digits and colons as Japanese and word processors write them. */
const normalise = (text: string) =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[‐‑‒–—―〜~]/g, '-')
    .replace(/\s+to\s+/g, '-')
    .replace(/[()]/g, ';')
    .trim();

/**
 * Reads `24 hours`, `Every day 10:00-22:00`, `Mon-Fri 8:30-17:15`, `Tue,Thu 11:00-19:00`,
 * `Mon-Fri 17:00-22:00; Sat,Sun 9:00-21:00`, `Fri 22:00-02:00` (past midnight),
 * `Mon-Fri 9:00-12:00, 13:00-17:00` and `closed Dec 29-Jan 3` (yearly, by the opening's start
 * day). Throws a HoursError saying what is wrong and how to write it.
 */
export function parseHours(text: string): Schedule {
  const schedule: Schedule = { openings: [], closures: [] };
  const segments = normalise(text)
    .split(/[;\n]|,\s*(?=closed\b)/)
    .map((s) => s.trim().replace(/^,|,$/g, '').trim())
    .filter(Boolean);
  if (!segments.length) throw new HoursError('no hours given: write e.g. "Mon-Fri 9:00-17:00"');
  for (const segment of segments) {
    if (/^(24 ?hours?|24 ?h|24\/7|always( open)?|open 24 hours)$/.test(segment)) {
      schedule.openings.push(...EVERY_DAY.map((day) => ({ day, start: 0, end: 1440 })));
    } else if (segment.startsWith('closed')) {
      schedule.closures.push(...parseClosures(segment.slice('closed'.length).trim()));
    } else {
      schedule.openings.push(...parseOpenings(segment));
    }
  }
  if (!schedule.openings.length)
    throw new HoursError(`"${text}" gives no opening times: write e.g. "Mon-Fri 9:00-17:00"`);
  return schedule;
}

const TIME_RANGE = /^(\d{1,2})(?::(\d{2}))?-(\d{1,2})(?::(\d{2}))?$/;

/** `Mon-Fri 9:00-12:00, 13:00-17:00, Sat 9:00-12:00`: days, then the times that apply to them. */
function parseOpenings(segment: string): Opening[] {
  const tokens = segment.match(/\d{1,2}(?::\d{2})?\s*-\s*\d{1,2}(?::\d{2})?|[a-z]+|[-,&/]|\S+/g)!;
  const out: Opening[] = [];
  let dayWords: string[] = [];
  let days: Weekday[] | null = null;
  for (const raw of tokens) {
    const token = raw.replace(/\s+/g, '');
    if (/^\d/.test(token)) {
      if (dayWords.length) {
        days = parseDays(dayWords, segment);
        dayWords = [];
      }
      if (!days)
        throw new HoursError(
          `"${segment}": say which days first, e.g. "Every day ${token}" or "Mon-Fri ${token}"`,
        );
      const [start, end] = parseRange(token, segment);
      for (const day of days) out.push({ day, start, end });
    } else {
      // A day word after times starts the next group: `Mon-Fri 17:00-22:00, Sat 9:00-21:00`.
      if (!dayWords.length && token === ',') continue;
      dayWords.push(token);
    }
  }
  if (dayWords.length)
    throw new HoursError(
      `"${segment}": no time range after "${dayWords.join('')}": write e.g. "${dayWords.join('')} 9:00-17:00"`,
    );
  return out;
}

function parseDays(words: string[], segment: string): Weekday[] {
  const phrase = words.join(' ').replace(/\s*([-,&/])\s*/g, '$1');
  if (/^(every ?day|daily|all days?|mon-sun)$/.test(phrase)) return EVERY_DAY;
  if (/holiday/.test(phrase))
    throw new HoursError(
      `"${segment}": public holidays are not known to the hotline yet; write the weekdays only`,
    );
  const days = new Set<Weekday>();
  for (const part of phrase.split(/,|&|\/|\band\b|\s+/).filter(Boolean)) {
    if (part === 'weekdays') [0, 1, 2, 3, 4].forEach((d) => days.add(d as Weekday));
    else if (part === 'weekends' || part === 'weekend')
      [5, 6].forEach((d) => days.add(d as Weekday));
    else if (part.includes('-')) {
      const [a, b, ...rest] = part.split('-');
      const from = dayOf(a!, segment);
      const to = dayOf(b ?? '', segment);
      if (rest.length)
        throw new HoursError(`"${segment}": "${part}" is not a day range; ${DAYS_HELP}`);
      // Wraps over the weekend: Fri-Mon is Fri, Sat, Sun, Mon.
      for (let d = from; ; d = ((d + 1) % 7) as Weekday) {
        days.add(d);
        if (d === to) break;
      }
    } else days.add(dayOf(part, segment));
  }
  return [...days].sort();
}

function dayOf(word: string, segment: string): Weekday {
  const day = DAY_NAMES[word];
  if (day === undefined)
    throw new HoursError(`"${segment}": "${word || '-'}" is not a day; ${DAYS_HELP}`);
  return day;
}

function parseRange(token: string, segment: string): [number, number] {
  const m = TIME_RANGE.exec(token)!;
  const minutes = (h: string, mm: string | undefined, end: boolean) => {
    const hours = Number(h);
    const mins = Number(mm ?? '0');
    if (hours > 24 || mins > 59 || (hours === 24 && (mins > 0 || !end)))
      throw new HoursError(
        `"${segment}": "${h}:${mm ?? '00'}" is not a time; write 00:00 to 23:59 (24:00 as a closing time)`,
      );
    return hours * 60 + mins;
  };
  const start = minutes(m[1]!, m[2], false);
  let end = minutes(m[3]!, m[4], true);
  if (end === start)
    throw new HoursError(
      `"${segment}": "${token}" opens and closes at the same time; for all day write "24 hours"`,
    );
  if (end < start) end += 1440; // past midnight: `22:00-02:00` ends the next morning
  return [start, end];
}

/** `Dec 29-Jan 3`, `29 Dec-3 Jan`, `12/29-1/3`, `Aug 13-15`, `Jan 1`; several with commas. */
function parseClosures(text: string): Closure[] {
  const help = 'write e.g. "closed Dec 29-Jan 3"';
  if (!text) throw new HoursError(`"closed" needs dates: ${help}`);
  return text.split(',').map((part) => {
    const [a, b, ...rest] = part.split('-').map((s) => s.trim());
    if (rest.length || !a)
      throw new HoursError(`"closed ${part.trim()}" is not a date range; ${help}`);
    const from = parseDate(a, null, help);
    return { from, to: b === undefined ? from : parseDate(b, from.month, help) };
  });
}

function parseDate(text: string, sameMonth: number | null, help: string): MonthDay {
  const month = (word: string) => MONTHS.indexOf(word.slice(0, 3)) + 1;
  let m: RegExpExecArray | null;
  let md: MonthDay | null = null;
  if ((m = /^([a-z]{3,})\.?\s*(\d{1,2})$/.exec(text))) md = { month: month(m[1]!), day: +m[2]! };
  else if ((m = /^(\d{1,2})\s*([a-z]{3,})\.?$/.exec(text)))
    md = { month: month(m[2]!), day: +m[1]! };
  else if ((m = /^(\d{1,2})\/(\d{1,2})$/.exec(text))) md = { month: +m[1]!, day: +m[2]! };
  else if ((m = /^(\d{1,2})$/.exec(text)) && sameMonth) md = { month: sameMonth, day: +m[1]! };
  if (!md || md.month < 1 || md.month > 12 || md.day < 1 || md.day > DAYS_IN_MONTH[md.month - 1]!)
    throw new HoursError(`"${text}" is not a date; ${help}`);
  return md;
}

/** The Japan calendar date and weekday of an instant, and the milliseconds since 00:00 JST. */
function jst(ms: number) {
  const shifted = new Date(ms + JST_MS);
  const intoDay = (((ms + JST_MS) % DAY_MS) + DAY_MS) % DAY_MS;
  return {
    weekday: ((shifted.getUTCDay() + 6) % 7) as Weekday,
    date: { month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() },
    intoDay,
    midnight: ms - intoDay,
  };
}

const key = (d: MonthDay) => d.month * 100 + d.day;
const closedOn = (schedule: Schedule, date: MonthDay) =>
  schedule.closures.some(({ from, to }) =>
    key(from) <= key(to)
      ? key(from) <= key(date) && key(date) <= key(to)
      : key(date) >= key(from) || key(date) <= key(to),
  );

/** Open at `at` (start included, end excluded), in Japan time. */
export function isOpen(schedule: Schedule, at: Date): boolean {
  const now = jst(at.getTime());
  const yesterday = jst(now.midnight - DAY_MS);
  return schedule.openings.some((o) => {
    if (o.day === now.weekday && !closedOn(schedule, now.date))
      return o.start * MINUTE_MS <= now.intoDay && now.intoDay < o.end * MINUTE_MS;
    // Yesterday's opening that runs past midnight belongs to yesterday's date.
    return (
      o.day === yesterday.weekday &&
      o.end > 1440 &&
      now.intoDay < (o.end - 1440) * MINUTE_MS &&
      !closedOn(schedule, yesterday.date)
    );
  });
}

/** `at` itself when open; else the start of the next opening; null when it never opens. */
export function nextOpening(schedule: Schedule, at: Date): Date | null {
  if (isOpen(schedule, at)) return at;
  const today = jst(at.getTime());
  // A little over a year: closures repeat yearly, so later days repeat what was seen.
  for (let k = 0; k <= 372; k++) {
    const day = jst(today.midnight + k * DAY_MS + DAY_MS / 2);
    if (closedOn(schedule, day.date)) continue;
    const starts = schedule.openings
      .filter((o) => o.day === day.weekday)
      .map((o) => day.midnight + o.start * MINUTE_MS)
      .filter((t) => t >= at.getTime())
      .sort((a, b) => a - b);
    if (starts.length) return new Date(starts[0]!);
  }
  return null;
}
