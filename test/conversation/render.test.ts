import { describe, expect, it } from 'vitest';
import { render } from '../../src/conversation/render';
import { initialState } from '../../src/flow/engine';
import type { Flow, SessionState } from '../../src/flow/types';
import { createTranslator } from '../../src/i18n/translator';

const translator = await createTranslator({
  en: {
    intake: {
      next_steps: 'A support group will read your case and answer in this chat.',
      next_steps_short: 'We answer when you write.',
    },
    services: {
      intro: 'These can help:',
      line: '- {{name}}: {{phone}} ({{status}})',
      line_no_phone: '- {{name}} ({{status}})',
      open_now: 'open now',
      opens: 'opens {{day}} {{time}}',
      closed: 'closed',
      day: { thu: 'Thu', fri: 'Fri' },
      name: { otit: 'OTIT', hello_work: 'Hello Work' },
    },
  },
  vi: { intake: { next_steps: 'Một nhóm hỗ trợ sẽ trả lời.' } },
});
const flow = {
  id: 'intake',
  version: 1,
  hash: 'h',
  start: 'a',
  nodes: {},
  languages: ['en', 'vi'],
} as Flow;
const stateIn = (language: string, answers: SessionState['answers'] = {}): SessionState => ({
  ...initialState(flow, language),
  answers,
});
const ctx = (state: SessionState, referrals = []) => ({
  translator,
  flowLanguages: flow.languages,
  state,
  params: {},
  referrals,
});

describe('rendering for a reporter whose phone may be read', () => {
  it('uses the short text where there is one', () => {
    const say = [{ type: 'say' as const, text: 'intake:next_steps' }];
    expect(render(say, ctx(stateIn('en', { phone_watched: 'yes' })))[0]!.text).toBe(
      'We answer when you write.',
    );
    expect(render(say, ctx(stateIn('en', { phone_watched: 'no' })))[0]!.text).toBe(
      'A support group will read your case and answer in this chat.',
    );
  });

  it('keeps the reporter’s language when only English has a short text', () => {
    const say = [{ type: 'say' as const, text: 'intake:next_steps' }];
    expect(render(say, ctx(stateIn('vi', { phone_watched: 'unsure' })))[0]!.text).toBe(
      'Một nhóm hỗ trợ sẽ trả lời.',
    );
  });
});

describe('referrals', () => {
  it('lists each service with its number and whether it is open, in Japan time', () => {
    const out = render([{ type: 'services' }], {
      ...ctx(stateIn('en')),
      referrals: [
        { id: 'hello_work', phone: null, open: true, opens: null },
        // 02:00 UTC is 11:00 on Friday in Japan.
        { id: 'otit', phone: '0120-250-302', open: false, opens: new Date('2026-11-27T02:00:00Z') },
      ],
    });
    expect(out).toEqual([
      { text: 'These can help:\n- Hello Work (open now)\n- OTIT: 0120-250-302 (opens Fri 11:00)' },
    ]);
  });

  it('says nothing when no service fits', () => {
    expect(render([{ type: 'services' }], ctx(stateIn('en')))).toEqual([]);
  });
});
