import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in of the LINE Messaging API on loopback, speaking its real paths and shapes:
 * POST /v2/bot/message/reply, /v2/bot/message/push, /v2/bot/chat/loading/start.
 * Reply tokens behave as LINE's do: issued by an event, single use, valid about a minute.
 */

export interface RecordedReply {
  replyToken: string;
  messages: LineMessage[];
  at: number;
}
export interface RecordedPush {
  to: string;
  messages: LineMessage[];
  retryKey: string | undefined;
  at: number;
}
export interface LineMessage {
  type: string;
  text: string;
  quickReply?: {
    items: {
      type: string;
      action: { type: string; label: string; data: string; displayText?: string };
    }[];
  };
}

type Failure = { status: number; body?: unknown; headers?: Record<string, string> } | 'hang';

export class LineStandIn {
  readonly accessToken = 'test-channel-access-token';
  readonly replies: RecordedReply[] = [];
  readonly pushes: RecordedPush[] = [];
  readonly loadings: string[] = [];
  /** Every call as it arrived, including failed ones. */
  readonly calls: { path: string; status: number; retryKey?: string }[] = [];
  /** Requests refused with a problem in their shape (a bug in our code). */
  readonly invalid: string[] = [];
  private tokens = new Map<string, { issuedAt: number; used: boolean }>();
  private acceptedRetryKeys = new Set<string>();
  private failures: Failure[] = [];
  private hanging: ServerResponse[] = [];
  tokenLifetimeMs = 60_000;
  private server: Server | null = null;
  url = '';

  /** A reply token as LINE puts in an event; valid from `issuedAt`. */
  issueToken(token: string, issuedAt = Date.now()): string {
    this.tokens.set(token, { issuedAt, used: false });
    return token;
  }

  /** The next `n` reply/push calls answer with this failure instead. */
  failNext(n: number, failure: Failure): void {
    for (let i = 0; i < n; i++) this.failures.push(failure);
  }

  /** Forget queued failures and drop requests left hanging (as if LINE never got them). */
  reset(): void {
    this.failures = [];
    for (const res of this.hanging) res.destroy();
    this.hanging = [];
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** All texts sent so far, replies and pushes, in order. */
  texts(): string[] {
    return [
      ...this.replies.map((r) => ({ at: r.at, m: r.messages })),
      ...this.pushes.map((p) => ({ at: p.at, m: p.messages })),
    ]
      .sort((a, b) => a.at - b.at)
      .flatMap((x) => x.m.map((m) => m.text));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      this.calls.push({
        path: req.url ?? '',
        status,
        ...(req.headers['x-line-retry-key']
          ? { retryKey: String(req.headers['x-line-retry-key']) }
          : {}),
      });
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${this.accessToken}`)
      return send(401, { message: 'Authentication failed' });
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return send(400, { message: 'The request body has 1 error(s)' });
    }
    const path = req.url ?? '';
    if (path === '/v2/bot/chat/loading/start') {
      this.loadings.push(String(body.chatId));
      return send(202, {});
    }
    if (path !== '/v2/bot/message/reply' && path !== '/v2/bot/message/push')
      return send(404, { message: 'Not found' });

    const problem = checkMessages(body.messages);
    if (problem) {
      this.invalid.push(problem);
      return send(400, {
        message: 'The request body has 1 error(s)',
        details: [{ message: problem, property: 'messages' }],
      });
    }
    const failure = this.failures.shift();
    if (failure === 'hang') {
      this.hanging.push(res);
      return;
    }
    if (failure) return send(failure.status, failure.body ?? { message: 'error' }, failure.headers);

    const messages = body.messages as LineMessage[];
    if (path === '/v2/bot/message/reply') {
      const token = String(body.replyToken);
      const known = this.tokens.get(token);
      if (!known || known.used || Date.now() - known.issuedAt > this.tokenLifetimeMs) {
        return send(400, { message: 'Invalid reply token' });
      }
      known.used = true;
      this.replies.push({ replyToken: token, messages, at: Date.now() });
      return send(200, {
        sentMessages: messages.map((_, i) => ({ id: String(i), quoteToken: 'q' })),
      });
    }
    const retryKey = req.headers['x-line-retry-key']
      ? String(req.headers['x-line-retry-key'])
      : undefined;
    if (retryKey && this.acceptedRetryKeys.has(retryKey)) {
      return send(
        409,
        { message: 'The retry key is already accepted' },
        { 'x-line-accepted-request-id': 'accepted' },
      );
    }
    if (retryKey) this.acceptedRetryKeys.add(retryKey);
    this.pushes.push({ to: String(body.to), messages, retryKey, at: Date.now() });
    return send(200, {
      sentMessages: messages.map((_, i) => ({ id: String(i), quoteToken: 'q' })),
    });
  }
}

/** The limits of the Messaging API that a real channel would refuse with 400. */
function checkMessages(messages: unknown): string | null {
  if (!Array.isArray(messages) || messages.length < 1 || messages.length > 5)
    return 'messages: 1 to 5 required';
  for (const m of messages as LineMessage[]) {
    if (
      m.type !== 'text' ||
      typeof m.text !== 'string' ||
      m.text.length < 1 ||
      m.text.length > 5000
    )
      return 'text: 1 to 5000 characters';
    const items = m.quickReply?.items;
    if (items) {
      if (items.length < 1 || items.length > 13) return 'quickReply.items: 1 to 13';
      for (const it of items) {
        if (it.type !== 'action') return 'quickReply item type must be action';
        const a = it.action;
        if (a.type !== 'postback' || !a.label || a.label.length > 20)
          return 'postback label: 1 to 20 characters';
        if (!a.data || a.data.length > 300) return 'postback data: 1 to 300 characters';
        if (a.displayText !== undefined && (a.displayText.length < 1 || a.displayText.length > 300))
          return 'displayText: 1 to 300';
      }
    }
  }
  return null;
}
