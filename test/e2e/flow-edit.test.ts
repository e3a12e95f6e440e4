import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  answerUntilFiled,
  askedIn,
  caseCodeIn,
  scriptedAnswers,
  type ChatTurn,
} from '../helpers/chat';
import { asChat, lineChat } from '../helpers/line-chat';
import { lineUserId } from '../helpers/line-events';
import { startSystem, type TestSystem } from '../helpers/server';

/**
 * Operators edit a flow while reporters are half-way through it: after the server picks up the
 * edit, every conversation completes, on the new version.
 */

const flowsDir = mkdtempSync(join(tmpdir(), 'hotline-flows-'));
let before: TestSystem;
let after: TestSystem;
const facts = { categories: ['unpaid_wages'], residence: 'titp', prefecture: 'JP-23' };
const reporters = { atRemovedNode: lineUserId(), atKeptNode: lineUserId() };
const reached: Record<string, ChatTurn> = {};

beforeAll(async () => {
  cpSync('flows', flowsDir, { recursive: true });
  before = await startSystem({ FLOWS_DIR: flowsDir });
  for (const [who, stopAt] of [
    ['atRemovedNode', 'industry'],
    ['atKeptNode', 'still_happening'],
  ] as const) {
    const chat = asChat(lineChat(before, reporters[who]));
    reached[who] = await answerUntilFiled(
      chat,
      await chat.follow(),
      scriptedAnswers(facts),
      stopAt,
    );
    expect(askedIn(reached[who]!)).toBe(stopAt);
  }
  await before.server.close();
  await before.line.stop();
  await before.messenger.stop();

  // The edit: a new version where the industry question has another node id.
  const file = join(flowsDir, 'intake.flow.yaml');
  const text = readFileSync(file, 'utf8');
  writeFileSync(
    file,
    text
      .replace(/^version: 4$/m, 'version: 5')
      .replace('    next: industry\n', '    next: sector\n')
      .replace(/^ {2}industry:$/m, '  sector:'),
  );
  after = await startSystem({ DATABASE_PATH: before.databasePath, FLOWS_DIR: flowsDir });
});
afterAll(async () => {
  await after?.stop();
  rmSync(before.dir, { recursive: true, force: true });
  rmSync(flowsDir, { recursive: true, force: true });
});

describe('a flow edited during open conversations', () => {
  it('lets a conversation whose question still exists go on, and files it under the new version', async () => {
    const chat = asChat(lineChat(after, reporters.atKeptNode));
    const done = await answerUntilFiled(
      chat,
      await chat.tap('q=still_happening&choice=yes'),
      scriptedAnswers(facts),
    );
    const { reference } = caseCodeIn(done.texts);
    const ticket = (await (await after.api(`/api/v1/tickets/${reference}`)).json()).ticket;
    expect(ticket.flow).toMatchObject({ id: 'intake', version: 5 });
    expect(ticket).toMatchObject({ categories: ['unpaid_wages'], industry: 'construction' });
  });

  it('moves a conversation whose question is gone safely, keeping its answers, and completes it', async () => {
    const chat = asChat(lineChat(after, reporters.atRemovedNode));
    // The reporter taps the button they still see: the question it belongs to no longer exists.
    const turn = await chat.tap('q=industry&choice=construction');
    expect(turn.texts.join('\n')).toContain('Our questions were updated');
    const done = await answerUntilFiled(chat, turn, scriptedAnswers(facts));
    const { reference } = caseCodeIn(done.texts);
    const ticket = (await (await after.api(`/api/v1/tickets/${reference}`)).json()).ticket;
    expect(ticket.flow).toMatchObject({ id: 'intake', version: 5 });
    expect(ticket).toMatchObject({
      categories: ['unpaid_wages'],
      prefecture: 'JP-23',
      residenceStatus: 'titp',
    });
  });
});
