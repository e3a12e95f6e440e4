import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { simulateCommand } from '../../src/cli/simulate';

/**
 * `cli simulate`: the golden transcripts of test/fixtures/golden replayed through the command
 * (their own `> …` lines are the script), a script written and compared, and the conversation in
 * a terminal driven through a stream.
 */
const GOLDEN = fileURLToPath(new URL('../fixtures/golden', import.meta.url));
const FLOWS = fileURLToPath(new URL('../../flows', import.meta.url));
const LOCALES = fileURLToPath(new URL('../../locales', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'hotline-simulate-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function run(args: string[], input?: string) {
  let out = '';
  const stream = input === undefined ? undefined : PassThrough.from([input]);
  const code = await simulateCommand(args, {
    out: (s) => (out += s),
    flowsDir: FLOWS,
    localesDir: LOCALES,
    ...(stream ? { input: stream } : {}),
  });
  return { code, out };
}

describe('cli simulate replays the golden transcripts', () => {
  const goldens = readdirSync(GOLDEN).filter((f) => f.endsWith('.txt'));

  it('has a golden transcript for each of the ten languages', () => {
    expect(goldens).toHaveLength(10);
  });

  it.each(goldens)('%s reads exactly as reviewed', async (name) => {
    const path = join(GOLDEN, name);
    const { code, out } = await run(['--golden', path]);
    expect(out).toBe(`${path}: 24 turns, as in the golden transcript\n`);
    expect(code).toBe(0);
  });

  it('a transcript that differs fails with the first differing line and a diff', async () => {
    const original = readFileSync(join(GOLDEN, 'intake.en.txt'), 'utf8');
    const lines = original.split('\n');
    const at = lines.findIndex((l) => l.startsWith('< Before we start'));
    const changed = [...lines];
    changed[at] = '< Before we begin: you can stay anonymous.';
    const path = join(tmp, 'intake.en.txt');
    writeFileSync(path, changed.join('\n'));
    const { code, out } = await run(['--golden', path]);
    expect(code).toBe(1);
    const report = out.split('\n');
    expect(report[0]).toBe(
      `${path}:${at + 1}: the conversation differs from the golden transcript`,
    );
    expect(report).toContain(`-${changed[at]}`);
    expect(report).toContain(`+${lines[at]}`);
    expect(out).toMatch(/--update/);

    // --update rewrites it, and then it matches again.
    expect((await run(['--golden', path, '--update'])).out).toBe(`${path}: updated\n`);
    expect(readFileSync(path, 'utf8')).toBe(original);
    expect((await run(['--golden', path])).code).toBe(0);
  });
});

describe('cli simulate with a script', () => {
  const script = join(tmp, 'decline.yaml');
  writeFileSync(
    script,
    [
      '# A reporter who does not want to go on.',
      'language: vi',
      'steps:',
      '  - follow',
      '  - tap q=consent&choice=no',
      '',
    ].join('\n'),
  );

  it('prints the transcript, and writes and then checks a golden one', async () => {
    const printed = await run(['--script', script]);
    expect(printed.code).toBe(0);
    expect(printed.out.startsWith('> follow\n< Xin chào')).toBe(true);
    expect(printed.out).toContain('> tap q=consent&choice=no\n');

    const golden = join(tmp, 'decline.vi.txt');
    expect((await run(['--script', script, '--golden', golden, '--update'])).code).toBe(0);
    expect(readFileSync(golden, 'utf8')).toBe(printed.out);
    expect(await run(['--script', script, '--golden', golden])).toEqual({
      code: 0,
      out: `${golden}: 2 turns, as in the golden transcript\n`,
    });
  });

  it('refuses a script whose steps are not actions', async () => {
    const bad = join(tmp, 'bad.yaml');
    writeFileSync(bad, '- follow\n- press yes\n');
    await expect(run(['--script', bad])).rejects.toThrow(/steps must be a list of "follow"/);
  });
});

describe('cli simulate in the terminal', () => {
  it('shows the texts and numbered buttons; numbers, labels, words and commands work', async () => {
    const { code, out } = await run(
      ['--language', 'en'],
      [
        '1',
        'Money and pay',
        '/tap q=category&choice=unpaid_wages',
        'help',
        '/answers',
        '/quit',
        '',
      ].join('\n'),
    );
    expect(code).toBe(0);
    expect(out).toContain('bot │ Hello. This is a free and anonymous help line');
    expect(out).toContain('    └ buttons: 1 Yes | 2 No\n');
    // "1" answered consent; the typed label opened the pay group; the tap picked unpaid wages.
    expect(out).toMatch(/buttons: 1 Unpaid wages \| 2 /);
    expect(out).toContain('"category": [\n    "unpaid_wages"\n  ]');
    expect(out).toMatch(/bot │ If you are in danger right now, call 110/);
  });

  it('refuses a language the flow is not offered in', async () => {
    await expect(run(['--language', 'xx'])).rejects.toThrow(/"xx" is not a language id/);
  });
});
