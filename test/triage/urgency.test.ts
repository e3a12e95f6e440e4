import { describe, expect, it } from 'vitest';
import { triage } from '../../src/triage/urgency';

const base = { picked: [], danger: [], stillHappening: null, safeNow: null };

describe('urgency (contract rules)', () => {
  it('takes the highest category default', () => {
    expect(triage({ ...base, picked: ['unpaid_wages'] }).urgency).toBe('ongoing');
    expect(triage({ ...base, picked: ['job_change', 'injury'] }).urgency).toBe('urgent');
    expect(triage({ ...base, picked: ['self_harm'] }).urgency).toBe('emergency');
    expect(triage({ ...base, picked: ['question'] }).urgency).toBe('info');
  });

  it('treats a problem that is no longer happening as past', () => {
    expect(triage({ ...base, picked: ['injury'], stillHappening: 'no' }).urgency).toBe('past');
  });

  it('raises two forced-labour indicators one level, never above urgent by that rule alone', () => {
    const two = triage({ ...base, picked: ['unpaid_wages', 'excessive_hours'] });
    expect(two.flags).toEqual(['forced_labour_indicators']);
    expect(two.urgency).toBe('urgent');
    expect(triage({ ...base, picked: ['violence', 'forced_return'] }).urgency).toBe('urgent');
    expect(
      triage({ ...base, picked: ['unpaid_wages', 'housing'], stillHappening: 'no' }).urgency,
    ).toBe('ongoing');
    expect(triage({ ...base, picked: ['unpaid_wages', 'injury'] }).flags).toEqual([]);
  });

  it('lets the safety answer decide', () => {
    expect(triage({ ...base, picked: ['unpaid_wages'], safeNow: 'no' }).urgency).toBe('emergency');
    expect(triage({ ...base, picked: ['unpaid_wages'], safeNow: 'unsure' }).urgency).toBe('urgent');
  });

  it('keeps a danger word as an emergency until the reporter says they are safe', () => {
    const alarm = triage({ ...base, picked: ['unpaid_wages'], danger: ['violence'] });
    expect(alarm.categories).toEqual(['unpaid_wages', 'violence']);
    expect(alarm.urgency).toBe('emergency');
    const safe = triage({
      ...base,
      picked: ['unpaid_wages'],
      danger: ['violence'],
      safeNow: 'yes',
    });
    expect(safe.categories).toEqual(['unpaid_wages']);
    expect(safe.urgency).toBe('ongoing');
  });

  it('keeps a category the reporter picked even if a danger word also added it', () => {
    const r = triage({ ...base, picked: ['violence'], danger: ['violence'], safeNow: 'yes' });
    expect(r.categories).toEqual(['violence']);
    expect(r.urgency).toBe('urgent');
  });
});
