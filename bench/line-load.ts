import { lineUserId, replyToken, sign, textEvent, webhookBody } from '../test/helpers/line-events';
import type { LineStandIn } from '../test/helpers/line-stand-in';
import type { Shot } from './load';

export const LINE_SECRET = 'bench-line-channel-secret';

/** First messages a worker might send; none is a command or a danger keyword. */
const FIRST_WORDS = ['Hello', 'こんにちは', 'Xin chào', 'Hi, I have a question', 'help me please'];

/**
 * Signed single-event text webhooks, each from a user never seen before (so every event is a
 * first message and gets an answer), with a unique webhookEventId and a reply token issued in
 * the stand-in just before the request leaves. Send times are kept to time the replies.
 */
export class LineLoad {
  private sentAt = new Map<string, number>();
  private replyMs = new Map<string, number>();
  private seen = 0;
  private loadingsAtMark = 0;
  private n = 0;

  constructor(private line: LineStandIn) {}

  /** A shot for the webhook; `batch` collects its token when given. */
  shot(batch?: string[]): Shot {
    const token = replyToken();
    const body = webhookBody([
      textEvent({ userId: lineUserId(), text: FIRST_WORDS[this.n++ % FIRST_WORDS.length]!, token }),
    ]);
    batch?.push(token);
    return {
      body,
      headers: { 'Content-Type': 'application/json', 'x-line-signature': sign(body, LINE_SECRET) },
      sent: () => {
        this.line.issueToken(token);
        this.sentAt.set(token, Date.now());
      },
    };
  }

  /** Matches replies the stand-in recorded since the last look to their events. */
  collect(): void {
    const replies = this.line.replies;
    for (; this.seen < replies.length; this.seen++) {
      const r = replies[this.seen]!;
      const at = this.sentAt.get(r.replyToken);
      if (at !== undefined) this.replyMs.set(r.replyToken, r.at - at);
    }
  }

  answered(tokens: string[]): number {
    this.collect();
    return tokens.reduce((n, t) => n + (this.replyMs.has(t) ? 1 : 0), 0);
  }

  /** Marks the start of a run: the worker's progress in drain() is counted from here. */
  mark(): void {
    this.loadingsAtMark = this.line.loadings.length;
  }

  /**
   * Waits until every token is answered, or `maxMs` has passed, or waiting is pointless: the
   * worker has gone quiet (no call reached the stand-in for `idleMs`), or, going by the pace of
   * its loading-indicator calls (one per event it takes on), it cannot finish within `maxMs`.
   * Replies can lag far behind that pace (they may wait for the backlog), so they are not used.
   */
  async drain(tokens: string[], maxMs: number, idleMs = 3_000): Promise<void> {
    const start = Date.now();
    const taken0 = this.line.loadings.length;
    let calls = this.line.calls.length;
    let lastChange = Date.now();
    while (this.answered(tokens) < tokens.length) {
      const waited = Date.now() - start;
      if (waited > maxMs || Date.now() - lastChange > idleMs) return;
      if (waited > 3_000) {
        const pace = (this.line.loadings.length - taken0) / waited;
        const left = tokens.length - (this.line.loadings.length - this.loadingsAtMark);
        if (pace > 0 && left / pace > 1.2 * (maxMs - waited)) return;
      }
      await new Promise((r) => setTimeout(r, 50));
      if (this.line.calls.length !== calls) {
        calls = this.line.calls.length;
        lastChange = Date.now();
      }
    }
  }

  /**
   * Event-to-reply times over all `tokens`. An event still unanswered has waited at least
   * `now - sent`; a percentile that depends on such events is given as that lower bound.
   */
  replyLatency(tokens: string[]): ReplyTimes {
    this.collect();
    const now = Date.now();
    const times = tokens.map((t) => {
      const ms = this.replyMs.get(t);
      return ms === undefined
        ? { ms: now - this.sentAt.get(t)!, exact: false }
        : { ms, exact: true };
    });
    times.sort((a, b) => a.ms - b.ms);
    const pick = (p: number): ReplyTime => {
      const k = Math.max(1, Math.ceil((p / 100) * times.length));
      const at = times[k - 1];
      if (!at) return { ms: NaN, exact: true };
      return { ms: at.ms, exact: times.slice(0, k).every((x) => x.exact) };
    };
    return { answered: times.filter((x) => x.exact).length, p50: pick(50), p99: pick(99) };
  }
}

/** Exact, or (not exact) the least the reply time can be: the event was never answered. */
export interface ReplyTime {
  ms: number;
  exact: boolean;
}

export interface ReplyTimes {
  answered: number;
  p50: ReplyTime;
  p99: ReplyTime;
}
