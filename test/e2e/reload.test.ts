import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reloadCommand } from '../../src/cli/reload';
import { answerUntilFiled, askedIn, caseCodeIn, scriptedAnswers } from '../helpers/chat';
import { asChat, lineChat } from '../helpers/line-chat';
import { lineUserId } from '../helpers/line-events';
import { startSystem, waitFor, type TestSystem } from '../helpers/server';

/** Edited files reach the running server: at once in development, on `cli reload` in production. */

const flowsDir = mkdtempSync(join(tmpdir(), 'hotline-reload-'));
const flowFile = join(flowsDir, 'intake.flow.yaml');
const original = readFileSync('flows/intake.flow.yaml', 'utf8');
const facts = { categories: ['unpaid_wages'], residence: 'titp', prefecture: 'JP-23' };
let sys: TestSystem;

beforeAll(async () => {
  cpSync('flows', flowsDir, { recursive: true });
  sys = await startSystem({ FLOWS_DIR: flowsDir });
});
afterAll(async () => {
  await sys.stop();
  rmSync(flowsDir, { recursive: true, force: true });
});

const logged = (msg: string, after: number) =>
  waitFor(
    () => sys.logs.slice(after).find((l) => JSON.parse(l).msg === msg),
    10_000,
    `"${msg}" in the log`,
  );
const ticketOf = async (reference: string) =>
  (await (await sys.api(`/api/v1/tickets/${reference}`)).json()).ticket;

describe('reloading flows while the server runs', () => {
  it('picks up an edited flow in development; an open conversation completes on the new version', async () => {
    const chat = asChat(lineChat(sys, lineUserId()));
    const halfway = await answerUntilFiled(
      chat,
      await chat.follow(),
      scriptedAnswers(facts),
      'still_happening',
    );
    expect(askedIn(halfway)).toBe('still_happening');

    const mark = sys.logs.length;
    writeFileSync(flowFile, original.replace(/^version: 4$/m, 'version: 5'));
    const line = JSON.parse(await logged('content reloaded', mark));
    expect(line).toMatchObject({ flow: 'intake', version: 5 });

    const done = await answerUntilFiled(
      chat,
      await chat.tap('q=still_happening&choice=yes'),
      scriptedAnswers(facts),
    );
    expect((await ticketOf(caseCodeIn(done.texts).reference)).flow).toMatchObject({ version: 5 });
  });

  it('keeps running on the last good files when an edit does not load, and says why', async () => {
    const mark = sys.logs.length;
    writeFileSync(
      flowFile,
      original.replace(/^version: 4$/m, 'version: 6').replace('kind: say', 'kind: sya'),
    );
    const refused = JSON.parse(await logged('content reload refused: the files do not load', mark));
    expect(refused.problem).toContain('intake.flow.yaml');
    const { reference } = await (async () => {
      const chat = asChat(lineChat(sys, lineUserId()));
      return caseCodeIn(
        (await answerUntilFiled(chat, await chat.follow(), scriptedAnswers(facts))).texts,
      );
    })();
    expect((await ticketOf(reference)).flow).toMatchObject({ version: 5 });
  });

  it('cli reload validates first and signals the server only when the files are right', async () => {
    const signalled: number[] = [];
    const io = (pid: number | null) => {
      let out = '';
      return {
        io: {
          out: (s: string) => (out += s),
          flowsDir,
          localesDir: 'locales',
          serverPid: () => pid,
          signal: (p: number) => void signalled.push(p),
        },
        out: () => out,
      };
    };
    const broken = io(4242);
    expect(await reloadCommand([], broken.io)).toBe(1);
    expect(broken.out()).toContain('intake.flow.yaml');
    expect(broken.out()).toContain('Nothing was reloaded');
    expect(signalled).toEqual([]);

    writeFileSync(flowFile, original.replace(/^version: 4$/m, 'version: 7'));
    const good = io(4242);
    expect(await reloadCommand([], good.io)).toBe(0);
    expect(signalled).toEqual([4242]);
    expect(good.out()).toContain('Asked the server (process 4242) to reload');
    // What the signal does in the server: the same validated reload.
    expect(await sys.server.reload()).toEqual({ ok: true });
    await expect(reloadCommand([], io(null).io)).rejects.toThrow(/no running server/);
  });
});
