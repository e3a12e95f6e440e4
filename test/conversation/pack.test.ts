import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Choice, OutboundMessage } from '../../src/channels/types';
import { fit, pack } from '../../src/conversation/pack';

const EMERGENCY: OutboundMessage = { text: 'Call 110 (police) or 119 (ambulance).', first: true };
const YES_NO: Choice[] = [
  { label: 'Yes', data: 'q=safe_now&choice=yes' },
  { label: 'No', data: 'q=safe_now&choice=no' },
];
const ask = (text: string, choices: Choice[] = YES_NO): OutboundMessage => ({ text, choices });
const row = (id: number, ...texts: string[]) => ({ id, messages: texts.map((text) => ({ text })) });
/** A text too long to be merged with another long one (two exceed LINE's 5000 characters). */
const long = (marker: string) => `${marker} ${'.'.repeat(3000)}`;

const withChoices = (ms: OutboundMessage[]) => ms.filter((m) => m.choices?.length);
const allText = (ms: OutboundMessage[]) => ms.map((m) => m.text).join('\n\n');

describe('fit', () => {
  it('leaves a turn that fits alone', () => {
    const turn = [{ text: 'a' }, { text: 'b' }, ask('c?')];
    expect(fit(turn, 5)).toEqual(turn);
  });

  it('merges texts, in order, until there are at most `max` messages', () => {
    const turn = [...'abcdef'.split('').map((text) => ({ text })), ask('g?')];
    const out = fit(turn, 5)!;
    expect(out.length).toBeLessThanOrEqual(5);
    expect(allText(out)).toBe('a\n\nb\n\nc\n\nd\n\ne\n\nf\n\ng?');
    expect(withChoices(out)).toEqual([out.at(-1)]);
    expect(out.at(-1)!.choices).toEqual(YES_NO);
  });

  it('keeps emergency help first and marked as such when merged', () => {
    const out = fit([EMERGENCY, ...'abcde'.split('').map((text) => ({ text })), ask('q?')], 3)!;
    expect(out.length).toBeLessThanOrEqual(3);
    expect(out[0]!.text.startsWith(EMERGENCY.text)).toBe(true);
    expect(out[0]!.first).toBe(true);
  });

  it('gives up (null) rather than cut a text when nothing can be merged', () => {
    const turn = [1, 2, 3, 4, 5, 6].map((n) => ({ text: long(`#${n}`) }));
    expect(fit(turn, 5)).toBeNull();
  });
});

describe('pack', () => {
  it('sends emergency help first, then the mailbox, then this turn', () => {
    const out = pack(
      [EMERGENCY, { text: 'Thank you.' }, ask('Are you safe now?')],
      [row(7, 'Staff: we called your union.')],
      5,
    )!;
    expect(out.mailboxIds).toEqual([7]);
    expect(out.messages.map((m) => m.text)).toEqual([
      EMERGENCY.text,
      'Staff: we called your union.',
      'Thank you.',
      'Are you safe now?',
    ]);
    expect(out.messages[0]!.first).toBe(true);
  });

  it('keeps emergency help first even when the mailbox is full', () => {
    const mailbox = [row(1, 'm1', 'm2', 'm3'), row(2, 'm4', 'm5')];
    const out = pack([EMERGENCY, ask('Are you safe now?')], mailbox, 5)!;
    expect(out.messages.length).toBeLessThanOrEqual(5);
    expect(out.messages[0]!.text.startsWith(EMERGENCY.text)).toBe(true);
    expect(out.messages[0]!.first).toBe(true);
    expect(out.mailboxIds).toEqual([1, 2]);
  });

  it('sends the quick replies of this turn on the last message only', () => {
    const stale = ask('Is this still happening?', [
      { label: 'Yes', data: 'q=still_happening&choice=yes' },
    ]);
    const out = pack([ask('Are you safe now?')], [{ id: 3, messages: [stale] }], 5)!;
    expect(out.mailboxIds).toEqual([3]);
    expect(out.messages.map((m) => m.text)).toEqual([
      'Is this still happening?',
      'Are you safe now?',
    ]);
    expect(withChoices(out.messages)).toEqual([out.messages.at(-1)]);
    expect(out.messages.at(-1)!.choices).toEqual(YES_NO);
  });

  it('drops the old quick replies of mailbox messages even when nothing else has any', () => {
    const stale = ask('Old question', [{ label: 'Yes', data: 'q=notify&choice=yes' }]);
    const out = pack([{ text: 'Thank you.' }], [{ id: 4, messages: [stale] }], 5)!;
    expect(withChoices(out.messages)).toEqual([]);
  });

  it('leaves out, in order, mailbox rows that do not fit; they keep waiting', () => {
    const mailbox = [
      row(1, long('#1a'), long('#1b'), long('#1c')),
      row(2, long('#2a'), long('#2b'), long('#2c')),
    ];
    const out = pack([EMERGENCY, ask('Are you safe now?')], mailbox, 5)!;
    expect(out.messages.length).toBeLessThanOrEqual(5);
    expect(out.mailboxIds).toEqual([1]);
    const text = allText(out.messages);
    for (const m of ['#1a', '#1b', '#1c']) expect(text).toContain(m);
    for (const m of ['#2a', '#2b', '#2c']) expect(text).not.toContain(m);
    expect(out.messages[0]!.text.startsWith(EMERGENCY.text)).toBe(true);
    expect(out.messages.at(-1)).toMatchObject({ text: 'Are you safe now?', choices: YES_NO });
  });

  it('never takes a later mailbox row without the earlier ones', () => {
    const mailbox = [row(1, ...[1, 2, 3, 4, 5, 6].map((n) => long(`#${n}`))), row(2, 'short')];
    const out = pack([ask('Are you safe now?')], mailbox, 5)!;
    expect(out.mailboxIds).toEqual([]);
    expect(allText(out.messages)).not.toContain('short');
  });

  it('sends nothing (null) when this turn alone does not fit', () => {
    const turn = [1, 2, 3, 4, 5, 6].map((n) => ({ text: long(`#${n}`) }));
    expect(pack(turn, [row(1, 'waiting')], 5)).toBeNull();
  });

  it('holds for any turn and mailbox (property)', () => {
    const text = fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1000, max: 4000 }));
    const arb = fc.record({
      first: fc.boolean(),
      plain: fc.array(text, { maxLength: 4 }),
      question: fc.boolean(),
      mailbox: fc.array(
        fc.array(fc.record({ len: text, stale: fc.boolean() }), { minLength: 1, maxLength: 3 }),
        {
          maxLength: 4,
        },
      ),
      max: fc.integer({ min: 1, max: 5 }),
    });
    fc.assert(
      fc.property(arb, ({ first, plain, question, mailbox, max }) => {
        let n = 0;
        const mk = (len: number) => `#${n++}#${'x'.repeat(len)}`;
        const current: OutboundMessage[] = [
          ...(first ? [{ text: mk(10), first: true }] : []),
          ...plain.map((len) => ({ text: mk(len) })),
          ...(question ? [ask(mk(20))] : []),
        ];
        const rows = mailbox.map((ms, i) => ({
          id: i + 1,
          messages: ms.map(({ len, stale }) =>
            stale ? ask(mk(len), [{ label: 'old', data: 'q=x&choice=y' }]) : { text: mk(len) },
          ),
        }));
        const out = pack(current, rows, max);
        if (!out) {
          expect(fit(current, max)).toBeNull();
          return;
        }
        const { messages, mailboxIds } = out;
        if (current.length) expect(messages.length).toBeGreaterThan(0);
        expect(messages.length).toBeLessThanOrEqual(max);
        // Rows go oldest first: the ones sent are a prefix of the mailbox.
        expect(mailboxIds).toEqual(rows.slice(0, mailboxIds.length).map((r) => r.id));
        // Every text sent exactly once, in order: emergency, sent rows, this turn.
        const sent = rows.filter((r) => mailboxIds.includes(r.id));
        const expected = [
          ...current.filter((m) => m.first),
          ...sent.flatMap((r) => r.messages),
          ...current.filter((m) => !m.first),
        ].map((m) => m.text);
        expect(allText(messages)).toBe(expected.join('\n\n'));
        // Only this turn's quick replies, on the last message.
        const lastChoices = question ? current.at(-1)!.choices : undefined;
        messages.forEach((m, i) =>
          expect(m.choices).toEqual(i === messages.length - 1 ? lastChoices : undefined),
        );
        if (first) expect(messages[0]!.first).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
