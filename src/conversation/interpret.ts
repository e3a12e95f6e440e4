import type { InboundPayload } from '../channels/types';
import {
  asChoice,
  currentNode,
  hintedOf,
  presentMenu,
  type Command,
  type DangerCategory,
  type Flow,
  type Input,
  type SessionState,
} from '../flow';
import { normaliseLanguage } from '../i18n/languages';
import type { Translator } from '../i18n/translator';
import { suggestCategories, textFlags } from '../triage/categories';
import { detectDanger } from '../triage/danger';
import { detectLanguage } from '../triage/language';
import { keywordForm } from '../triage/normalise';

const COMMANDS: Command[] = ['restart', 'language', 'help', 'delete', 'case', 'human', 'safety'];

export interface Interpreted {
  input: Input;
  /** A notice to show before the engine's answer (e.g. "I can only read text"). */
  notice?: string;
}

/** Whole-message command keywords of every language, in keyword form. */
export function commandIndex(translator: Translator): Map<string, Command> {
  const index = new Map<string, Command>();
  for (const lng of translator.languages()) {
    for (const cmd of COMMANDS) {
      for (const word of [cmd, ...translator.list(lng, `commands:${cmd}`)])
        index.set(keywordForm(word), cmd);
    }
  }
  return index;
}

/** Postback data of the contract: `q=<question>&choice=<option>` or `cmd=<command>`. */
export function parsePostback(data: string): Input {
  const params = new URLSearchParams(data);
  const cmd = params.get('cmd');
  if (cmd && (COMMANDS as string[]).includes(cmd))
    return { type: 'command', command: cmd as Command };
  const question = params.get('q') ?? '';
  const choice = params.get('choice') ?? '';
  // Language ids also arrive as their common aliases (tl, zh, zh-CN).
  if (question === 'language')
    return { type: 'choice', question, choice: normaliseLanguage(choice) ?? choice };
  return { type: 'choice', question, choice };
}

/** A typed option label or its 1-based number (ASCII or full-width digits) counts as a tap. */
export function typedChoice(
  flow: Flow,
  state: SessionState,
  text: string,
  translator: Translator,
): Input | null {
  const typed = keywordForm(text);
  if (!typed) return null;
  // A language id or alias typed at the language question ("tl", "zh-CN").
  const lang = normaliseLanguage(text);
  const node = currentNode(flow, state);
  if (
    lang &&
    node &&
    !state.pending &&
    node.kind === 'choice' &&
    node.question === 'language' &&
    flow.languages.includes(lang)
  ) {
    return { type: 'choice', question: 'language', choice: lang };
  }
  let options: { question: string; id: string; label: string }[];
  if (state.pending === 'delete') {
    options = ['yes', 'no'].map((id) => ({ question: 'delete', id, label: `common:answer.${id}` }));
  } else {
    const node = currentNode(flow, state);
    const menu = node && !state.ended ? asChoice(node) : null;
    if (!menu) return null;
    options = presentMenu(menu, state.menu, hintedOf(state, menu)).options;
  }
  if (/^\d{1,2}$/.test(typed)) {
    const hit = options[Number(typed) - 1];
    return hit ? { type: 'choice', question: hit.question, choice: hit.id } : null;
  }
  const languages = [
    ...new Set([state.language ?? 'en', 'en', ...(state.language ? [] : translator.languages())]),
  ];
  for (const o of options) {
    for (const lng of languages) {
      if (keywordForm(translator.forLanguage(lng)(o.label)) === typed)
        return { type: 'choice', question: o.question, choice: o.id };
    }
    if (keywordForm(o.id) === typed) return { type: 'choice', question: o.question, choice: o.id };
  }
  return null;
}

export function interpret(
  payload: Exclude<InboundPayload, { kind: 'unfollow' }>,
  flow: Flow,
  state: SessionState,
  translator: Translator,
  commands: Map<string, Command>,
): Interpreted {
  switch (payload.kind) {
    case 'follow':
      return { input: { type: 'start' } };
    case 'media':
      return { input: { type: 'start' }, notice: 'common:system.media_not_supported' };
    case 'postback':
      return { input: parsePostback(payload.data) };
    case 'text': {
      // The language of the first words, so the answer comes in it (a hint until one is chosen).
      const guess = state.language === null ? detectLanguage(payload.text, flow.languages) : null;
      const language = guess ? { language: guess } : {};
      // Danger first: a danger word is never swallowed as a command or a menu answer.
      const danger: DangerCategory | null = detectDanger(payload.text);
      const hints = suggestCategories(payload.text);
      const flags = textFlags(payload.text);
      const reading = { ...(hints.length ? { hints } : {}), ...(flags.length ? { flags } : {}) };
      if (danger)
        return { input: { type: 'text', text: payload.text, danger, ...language, ...reading } };
      const command = commands.get(keywordForm(payload.text));
      if (command) return { input: { type: 'command', command } };
      return {
        input: typedChoice(flow, state, payload.text, translator) ?? {
          type: 'text',
          text: payload.text,
          ...language,
          ...reading,
        },
      };
    }
  }
}
