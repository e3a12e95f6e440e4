import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { choicesOf, lineChat, walkToNotify } from '../helpers/line-chat';
import { lineUserId, replyToken, textEvent, unfollowEvent } from '../helpers/line-events';
import { startSystem, waitFor, type TestSystem } from '../helpers/server';

let sys: TestSystem;
beforeEach(async () => {
  sys = await startSystem();
});
afterEach(async () => {
  await sys.stop();
});

const replyCalls = () => sys.line.calls.filter((c) => c.path === '/v2/bot/message/reply');
const pushCalls = () => sys.line.calls.filter((c) => c.path === '/v2/bot/message/push');

describe('delivery on LINE', () => {
  it('retries a reply with backoff while the API answers 500 and 429, then delivers it once', async () => {
    const userId = lineUserId();
    sys.line.failNext(2, { status: 500 });
    sys.line.failNext(1, { status: 429, headers: { 'retry-after': '1' } });
    const token = sys.line.issueToken(replyToken());
    await sys.postLine([textEvent({ userId, text: 'hello', token })]);
    const reply = await waitFor(
      () => sys.line.replies.find((r) => r.replyToken === token),
      15_000,
      'the reply',
    );
    expect(choicesOf(reply.messages)).toContain('q=language&choice=en');
    await new Promise((r) => setTimeout(r, 500));
    expect(sys.line.replies).toHaveLength(1);
    expect(replyCalls().map((c) => c.status)).toEqual([500, 500, 429, 200]);
    expect(
      sys.logs.some((l) => l.includes('delivery will be retried') && l.includes('line_429')),
    ).toBe(true);
  });

  it('keeps an answer in the mailbox when its reply token is spent, and sends it with the next reply', async () => {
    const userId = lineUserId();
    const chat = lineChat(sys, userId);
    await chat.follow();
    // LINE says the token is no longer valid (used elsewhere or expired).
    const spent = sys.line.issueToken(replyToken(), Date.now() - 120_000);
    await sys.postLine([textEvent({ userId, text: 'English', token: spent })]);
    await waitFor(() => replyCalls().some((c) => c.status === 400), 10_000, 'the refused reply');
    await sys.server.worker.idle();
    expect(sys.line.pushes).toHaveLength(0); // the reporter never allowed notifications

    const next = await chat.tap('q=consent&choice=yes');
    expect(next[0]!.text).toMatch(/Before we start/); // the answer that waited comes first
    expect(choicesOf(next)).toContain('q=category&choice=group_pay');
    expect(next.length).toBeLessThanOrEqual(5);
  });

  it('skips the reply token of an event older than the reply window', async () => {
    const userId = lineUserId();
    const token = sys.line.issueToken(replyToken());
    await sys.postLine([
      textEvent({ userId, text: 'hello', token, timestamp: Date.now() - 55_000 }),
    ]);
    await sys.server.worker.idle();
    await new Promise((r) => setTimeout(r, 300));
    expect(replyCalls()).toHaveLength(0);
    expect(pushCalls()).toHaveLength(0);
  });

  it('pushes with one X-Line-Retry-Key across retries when the reporter allowed notifications', async () => {
    const userId = lineUserId();
    const chat = lineChat(sys, userId);
    await walkToNotify(chat);
    await chat.tap('q=notify&choice=yes');
    sys.line.failNext(1, { status: 400, body: { message: 'Invalid reply token' } });
    sys.line.failNext(2, { status: 503 });
    const token = sys.line.issueToken(replyToken());
    await sys.postLine([textEvent({ userId, text: 'help', token })]);
    const push = await waitFor(() => sys.line.pushes[0], 15_000, 'the push');
    expect(push.to).toBe(userId);
    expect(push.messages[0]!.text).toContain('110');
    const keys = pushCalls().map((c) => c.retryKey);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(sys.line.pushes).toHaveLength(1);
  });

  it('stops pushing after the reporter unfollows', async () => {
    const userId = lineUserId();
    const chat = lineChat(sys, userId);
    await walkToNotify(chat);
    await chat.tap('q=notify&choice=yes');
    await sys.postLine([unfollowEvent({ userId })]);
    await sys.server.worker.idle();
    sys.line.failNext(1, { status: 400, body: { message: 'Invalid reply token' } });
    const token = sys.line.issueToken(replyToken());
    await sys.postLine([textEvent({ userId, text: 'help', token })]);
    await waitFor(() => replyCalls().some((c) => c.status === 400));
    await sys.server.worker.idle();
    await new Promise((r) => setTimeout(r, 300));
    expect(sys.line.pushes).toHaveLength(0);
  });

  it('never pushes, and flags the case, once the reporter says someone may read the phone', async () => {
    const userId = lineUserId();
    const chat = lineChat(sys, userId);
    await chat.follow();
    for (const data of [
      'q=language&choice=en',
      'q=consent&choice=yes',
      'q=category&choice=housing',
      'q=category&choice=done',
      'q=words&choice=skip',
      'q=residence_status&choice=skip',
      'q=region&choice=skip',
      'q=industry&choice=skip',
      'q=still_happening&choice=yes',
      'q=safe_now&choice=yes',
    ]) {
      await chat.tap(data);
    }
    const tips = await chat.tap('q=phone_watched&choice=yes');
    expect(tips.map((m) => m.text).join('\n')).toMatch(/never send you a message first/);
    expect(choicesOf(tips)).toEqual([
      'q=share_words&choice=yes',
      'q=share_words&choice=no',
      'q=share_words&choice=skip',
    ]);
    await chat.tap('q=share_words&choice=no');
    await chat.tap('q=confirm&choice=yes');
    const { tickets } = await (await sys.api('/api/v1/tickets')).json();
    expect(tickets[0].flags).toContain('safe_mode');

    sys.line.failNext(1, { status: 400, body: { message: 'Invalid reply token' } });
    await sys.postLine([
      textEvent({ userId, text: 'any news?', token: sys.line.issueToken(replyToken()) }),
    ]);
    await waitFor(() => replyCalls().some((c) => c.status === 400));
    await sys.server.worker.idle();
    await new Promise((r) => setTimeout(r, 300));
    expect(sys.line.pushes).toHaveLength(0);
  });
});
