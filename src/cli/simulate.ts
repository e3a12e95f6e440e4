import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { parse } from 'yaml';
import type { OutboundMessage } from '../channels/types';
import { commandIndex } from '../conversation/interpret';
import { simulate, transcriptOf, type Simulation } from '../conversation/simulate';
import { initialState } from '../flow';
import { normaliseLanguage } from '../i18n/languages';
import { loadFlowFile } from './flow-files';
import { lineDiff } from './line-diff';
import { parseOptions } from './options';
import { CliError } from './tokens';

export interface SimulateIo {
  out: (s: string) => void;
  flowsDir: string;
  localesDir: string;
  /** What the operator types, in the interactive mode. */
  input?: Readable;
}

/**
 * `simulate [--flow intake] [--language vi] [--script file.yaml] [--golden file] [--update]`:
 * talk to a flow in the terminal, with the server's own interpretation, engine and rendering;
 * or replay a script (or the actions of a golden transcript) and compare with the golden one.
 */
export async function simulateCommand(args: string[], io: SimulateIo): Promise<number> {
  const { values, flags } = parseOptions('simulate', args, {
    values: ['flow', 'language', 'script', 'golden'],
    flags: ['update'],
  });
  const script = values.script ? readScript(values.script) : null;
  const flowId = values.flow ?? script?.flow ?? 'intake';
  const languageArg = values.language ?? script?.language;
  const language = languageArg ? normaliseLanguage(languageArg) : null;
  if (languageArg && !language)
    throw new CliError(`simulate: "${languageArg}" is not a language id`);
  if (flags.update && !values.golden)
    throw new CliError('simulate: --update needs --golden <file>');

  const { flow, translator, services } = await loadFlowFile(io.flowsDir, io.localesDir, flowId);
  if (language && !flow.languages.includes(language))
    throw new CliError(
      `simulate: ${flowId} is not offered in ${language} (it lacks texts: run validate); offered in ${flow.languages.join(', ')}`,
    );
  const start = () =>
    simulate(
      flow,
      translator,
      commandIndex(translator),
      language ? initialState(flow, language) : undefined,
      { services },
    );

  if (!script && !values.golden) return interactive(start(), io);

  const golden = values.golden;
  const goldenText = golden && existsSync(golden) ? readFileSync(golden, 'utf8') : null;
  const actions = script?.steps ?? (goldenText ? actionsOf(goldenText) : null);
  if (!actions)
    throw new CliError(
      `simulate: ${golden} does not exist; give --script to write it with --update`,
    );
  const sim = start();
  const transcript = actions.map((a) => transcriptOf(a, sendOrFail(sim, a))).join('\n\n') + '\n';
  if (!golden) {
    io.out(transcript);
    return 0;
  }
  if (flags.update) {
    writeFileSync(golden, transcript);
    io.out(`${golden}: ${goldenText === transcript ? 'unchanged' : 'updated'}\n`);
    return 0;
  }
  if (goldenText === transcript) {
    io.out(`${golden}: ${actions.length} turns, as in the golden transcript\n`);
    return 0;
  }
  const diff = lineDiff(goldenText ?? '', transcript, [golden, 'simulated now']);
  io.out(
    `${golden}:${diff.first}: the conversation differs from the golden transcript\n${diff.text}` +
      'If the change is intended, rewrite the golden transcript with --update and review its diff.\n',
  );
  return 1;
}

/** The reporter's actions of a golden transcript: its `> …` lines. */
export const actionsOf = (transcript: string): string[] =>
  transcript
    .split('\n')
    .filter((l) => l.startsWith('> '))
    .map((l) => l.slice(2));

interface Script {
  flow?: string;
  language?: string;
  steps: string[];
}

/** A list of actions, or `{ flow, language, steps }`; each `follow`, `tap <data>` or `type <text>`. */
function readScript(file: string): Script {
  if (!existsSync(file)) throw new CliError(`simulate: ${file} does not exist`);
  const data = parse(readFileSync(file, 'utf8')) as unknown;
  const script = (Array.isArray(data) ? { steps: data } : data) as Partial<Script> | null;
  const steps = script?.steps;
  if (!Array.isArray(steps) || !steps.every((s) => typeof s === 'string' && ACTION.test(s)))
    throw new CliError(
      `simulate: ${file}: steps must be a list of "follow", "tap <postback data>" or "type <text>"`,
    );
  return { ...script, steps };
}

const ACTION = /^(follow|tap \S+|type .+)$/;

function sendOrFail(sim: Simulation, action: string): OutboundMessage[] {
  try {
    return sim.send(action);
  } catch (err) {
    throw new CliError(
      `simulate: "${action}": ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

const HELP = `Type as a reporter would: a number or a label to choose, free words, or a command
(help, restart, language, delete, in any language). Also:
  /tap <postback data>   tap a button, e.g. /tap q=consent&choice=yes or /tap cmd=language
  /answers               what the conversation has recorded so far
  /quit                  stop (as does an empty input at the end, or Ctrl-D)
`;

/** The conversation in the terminal: the bot's messages and buttons, then a prompt. */
async function interactive(sim: Simulation, io: SimulateIo): Promise<number> {
  const input = io.input ?? process.stdin;
  const show = (messages: OutboundMessage[]) => {
    for (const m of messages) {
      io.out(`\nbot │ ${m.text.split('\n').join('\n    │ ')}\n`);
      // The quick replies, numbered as typing a number picks them (command buttons are not).
      let n = 0;
      const buttons = (m.choices ?? []).map((c) =>
        c.data.startsWith('cmd=') ? `${c.label} (${c.data})` : `${++n} ${c.label}`,
      );
      if (buttons.length) io.out(`    └ buttons: ${buttons.join(' | ')}\n`);
    }
  };
  io.out(HELP);
  show(sim.send('follow'));
  const lines = createInterface({ input, terminal: false });
  io.out('\nyou › ');
  for await (const raw of lines) {
    const line = raw.trim();
    if (line === '/quit') break;
    if (line === '/answers') io.out(`${JSON.stringify(sim.state().answers, null, 2)}\n`);
    else if (line.startsWith('/tap ')) show(sendOrFailSoft(sim, `tap ${line.slice(5).trim()}`, io));
    else if (line.startsWith('/')) io.out(HELP);
    else if (line) show(sendOrFailSoft(sim, `type ${line}`, io));
    if (sim.state().ended && !sim.state().ticketOpened) io.out('\n(the conversation has ended)\n');
    io.out('\nyou › ');
  }
  io.out('\n');
  lines.close();
  return 0;
}

function sendOrFailSoft(sim: Simulation, action: string, io: SimulateIo): OutboundMessage[] {
  try {
    return sim.send(action);
  } catch (err) {
    io.out(`(${err instanceof Error ? err.message : String(err)})\n`);
    return [];
  }
}
