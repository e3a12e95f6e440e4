import type { OutboundMessage } from '../channels/types';
import { initialState, step, type Command, type Flow, type SessionState } from '../flow';
import type { Translator } from '../i18n/translator';
import { referralsFor } from '../referrals/pick';
import type { Service } from '../referrals/services';
import { factsFrom } from '../tickets/facts';
import { interpret } from './interpret';
import { render, reporterSummary } from './render';

/**
 * The conversation without I/O: the same interpretation, engine and rendering as the server, with
 * a fixed case code, for golden transcripts, the flow walker and the operators' simulator.
 */
export interface Simulation {
  /** One reporter action: `follow`, `tap <postback data>` or `type <text>`. */
  send(action: string): OutboundMessage[];
  state(): SessionState;
}

export const SIMULATED_REFERENCE = 'HT-22222-22222';
export const SIMULATED_SECRET = 'AAAA-AAAA';

/** A Thursday noon in Japan: referrals say "open now" or "opens …" the same on every run. */
export const SIMULATED_AT = new Date('2026-11-26T03:00:00Z');

export function simulate(
  flow: Flow,
  translator: Translator,
  commands: Map<string, Command>,
  start?: SessionState,
  opts: { services?: Service[]; at?: Date } = {},
): Simulation {
  let state = start ?? initialState(flow);
  let filed = false;
  return {
    state: () => state,
    send(action) {
      const [verb, ...rest] = action.split(' ');
      const arg = rest.join(' ');
      const payload =
        verb === 'follow'
          ? ({ kind: 'follow' } as const)
          : verb === 'tap'
            ? ({ kind: 'postback', data: arg } as const)
            : verb === 'type'
              ? ({ kind: 'text', text: arg } as const)
              : null;
      if (!payload)
        throw new Error(`unknown action "${action}": use follow, tap <data> or type <text>`);
      const { input, notice } = interpret(payload, flow, state, translator, commands);
      const result = step(flow, state, input);
      state = result.state;
      const language = state.language ?? 'en';
      const params: Record<string, string> = {
        summary: reporterSummary(state, translator.forLanguage(language)),
      };
      if (result.effects.some((e) => e.type === 'file_ticket')) filed = true;
      if (filed) {
        params.reference = SIMULATED_REFERENCE;
        params.secret = SIMULATED_SECRET;
        params.partner = factsFrom(state, language).categories.includes('job_change')
          ? 'Hello Work'
          : 'NGO';
      }
      const messages = render(result.effects, {
        translator,
        flowLanguages: flow.languages,
        state,
        params,
        referrals: result.effects.some((e) => e.type === 'services')
          ? referralsFor(opts.services ?? [], factsFrom(state, language), opts.at ?? SIMULATED_AT)
          : [],
      });
      return notice ? [{ text: translator.forLanguage(language)(notice) }, ...messages] : messages;
    },
  };
}

/** A turn as text: what the reporter did, then each message and its buttons. */
export function transcriptOf(action: string, messages: OutboundMessage[]): string {
  const lines = [`> ${action}`];
  for (const m of messages) {
    lines.push(...m.text.split('\n').map((l, i) => (i === 0 ? `< ${l}` : `  ${l}`)));
    for (const c of m.choices ?? []) lines.push(`  [${c.label}] ${c.data}`);
  }
  return lines.join('\n');
}
