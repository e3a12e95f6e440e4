import { describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../src/channels/types';
import { commandIndex } from '../../src/conversation/interpret';
import { fit } from '../../src/conversation/pack';
import { simulate } from '../../src/conversation/simulate';
import { loadContent } from '../../src/entry/files';
import { holds, type SessionState } from '../../src/flow';

/**
 * Walks every reachable question, sub-menu and page of the intake in every offered language,
 * trying every button, free text and the commands, and checks what a reporter would see.
 */
const content = await loadContent('flows', 'locales');
const commands = commandIndex(content.translator);
const KEY = /\b(common|intake|emergency|commands):[a-z_]+/;
/**
 * Branch conditions over multi-select answers (the problems picked): states that differ in them
 * lead to different questions later, so the walk tells them apart. Single answers need not be:
 * the node reached already shows them.
 */
const MULTI = new Set(
  Object.values(content.flow.nodes).flatMap((n) =>
    n.kind === 'choice' && n.multi ? [n.question] : [],
  ),
);
const CONDITIONS = Object.values(content.flow.nodes).flatMap((n) =>
  n.kind === 'branch'
    ? n.cases
        .map((c) => c.when)
        .filter((w) => ('newHints' in w ? MULTI.has(w.newHints) : MULTI.has(w.answer)))
    : [],
);

function problemsOf(messages: OutboundMessage[]): string[] {
  const out: string[] = [];
  if (messages.length === 0) out.push('no answer at all');
  if (!fit(messages, 5)) out.push(`${messages.length} messages do not fit one LINE reply`);
  messages.forEach((m, i) => {
    if (!m.text.trim()) out.push(`message ${i} is empty`);
    if (m.text.length > 5000) out.push(`message ${i} has ${m.text.length} characters`);
    if (/\{\{|\}\}/.test(m.text)) out.push(`message ${i} shows a placeholder: ${m.text}`);
    if (KEY.test(m.text) || /\bundefined\b/.test(m.text))
      out.push(`message ${i} shows a key: ${m.text}`);
    if (m.choices && i !== messages.length - 1)
      out.push(`quick replies on message ${i}, not the last`);
    for (const c of m.choices ?? []) {
      if (c.label.length < 1 || c.label.length > 20)
        out.push(`label "${c.label}" has ${c.label.length} characters`);
      if (KEY.test(c.label)) out.push(`label shows a key: ${c.label}`);
      if (c.data.length > 300) out.push(`postback data of ${c.data.length} characters`);
    }
    if ((m.choices?.length ?? 0) > 13) out.push(`${m.choices!.length} quick replies`);
  });
  return out;
}

describe('every node of the intake, in every language', () => {
  for (const language of content.flow.languages) {
    it(`${language}: every answer is non-empty, free of keys and placeholders, and fits LINE`, () => {
      const help = content.translator.list(language, 'commands:help')[0] ?? 'help';
      const extra = [
        'type I need help with my pay',
        'type my boss hit me',
        `type ${help}`,
        'tap cmd=language',
        'tap cmd=delete',
        'tap cmd=restart',
        'type 1',
      ];
      const seen = new Set<string>();
      const queue: SessionState[] = [];
      const first = simulate(content.flow, content.translator, commands, undefined, {
        services: content.services,
      });
      expect(problemsOf(first.send('follow'))).toEqual([]);
      first.send(`tap q=language&choice=${language}`);
      queue.push(first.state());
      const problems: string[] = [];
      let turns = 0;
      while (queue.length && turns < 20_000) {
        const state = queue.shift()!;
        const key = JSON.stringify([
          state.node,
          state.menu,
          state.pending,
          state.ended,
          state.ticketOpened,
          CONDITIONS.map((c) => holds(c, state)),
        ]);
        if (seen.has(key)) continue;
        seen.add(key);
        const probe = simulate(content.flow, content.translator, commands, state, {
          services: content.services,
        }).send('tap cmd=help');
        const buttons = probe.at(-1)?.choices?.map((c) => `tap ${c.data}`) ?? [];
        for (const action of [...buttons, ...extra]) {
          const sim = simulate(content.flow, content.translator, commands, state, {
            services: content.services,
          });
          const messages = sim.send(action);
          turns++;
          for (const p of problemsOf(messages)) problems.push(`${state.node} + "${action}": ${p}`);
          if (sim.state().language === language) queue.push(sim.state());
        }
      }
      expect(problems).toEqual([]);
      // Every question of the flow was reached.
      const questions = Object.values(content.flow.nodes).filter(
        (n) => n.kind === 'choice' || n.kind === 'yesno' || n.kind === 'text',
      );
      const reached = new Set([...seen].map((k) => JSON.parse(k)[0]));
      expect(questions.filter((q) => !reached.has(q.id)).map((q) => q.id)).toEqual([]);
    });
  }
});
