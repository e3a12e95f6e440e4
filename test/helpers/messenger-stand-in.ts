import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in of the Graph API on loopback, speaking the Messenger Platform's real paths
 * and shapes: POST /{version}/me/messages (messages and sender actions) and
 * /{version}/me/messenger_profile. It checks the page token, appsecret_proof, the version, the
 * limits of the Send API and the messaging windows, and refuses with Graph's own error JSON.
 * https://developers.facebook.com/docs/messenger-platform/reference/send-api
 * https://developers.facebook.com/docs/messenger-platform/error-codes
 */

export interface SentMessage {
  text: string;
  quick_replies?: { content_type: string; title: string; payload: string }[];
}
export interface RecordedSend {
  recipient: string;
  messaging_type: string;
  tag: string | undefined;
  message: SentMessage;
  at: number;
}
export interface RecordedAction {
  recipient: string;
  sender_action: string;
  at: number;
}

type Failure = { status: number; body?: unknown; headers?: Record<string, string> } | 'hang';

const HOUR = 60 * 60 * 1000;
const MESSAGING_TYPES = ['RESPONSE', 'UPDATE', 'MESSAGE_TAG'];
const TAGS = [
  'HUMAN_AGENT',
  'ACCOUNT_UPDATE',
  'CONFIRMED_EVENT_UPDATE',
  'POST_PURCHASE_UPDATE',
  'CUSTOMER_FEEDBACK',
];
const SENDER_ACTIONS = ['typing_on', 'typing_off', 'mark_seen'];

/** Graph's error envelope. */
const graphError = (
  message: string,
  code: number,
  extra: { type?: string; error_subcode?: number } = {},
) => ({
  error: {
    message,
    type: extra.type ?? 'OAuthException',
    code,
    ...(extra.error_subcode ? { error_subcode: extra.error_subcode } : {}),
    fbtrace_id: `A${Math.random().toString(36).slice(2, 12)}`,
  },
});

export const OUTSIDE_WINDOW_ERROR = graphError(
  '(#10) This message is sent outside of allowed window. Learn more about the new policy here: https://developers.facebook.com/docs/messenger-platform/policy-overview',
  10,
  { error_subcode: 2018278 },
);

export class MessengerStandIn {
  readonly pageAccessToken = 'test-page-access-token';
  readonly appSecret = 'test-messenger-app-secret';
  readonly apiVersion: string;
  readonly sent: RecordedSend[] = [];
  readonly actions: RecordedAction[] = [];
  /** Bodies accepted at /me/messenger_profile. */
  readonly profiles: unknown[] = [];
  /** Every call as it arrived, including refused ones (the path without the query). */
  readonly calls: { method: string; path: string; status: number }[] = [];
  /** Requests refused for their shape or credentials (a bug in our code). */
  readonly invalid: string[] = [];
  /** When the person last wrote to the page: the start of both messaging windows. */
  readonly lastInboundAt = new Map<string, number>();
  /** Refuse messages to a PSID never noted (as Graph would: no conversation); off by default. */
  strictWindow = false;
  /** The stand-in's clock, so tests can move past a window without waiting. */
  now: () => number = Date.now;
  private failures: Failure[] = [];
  private hanging: ServerResponse[] = [];
  private server: Server | null = null;
  private counter = 0;
  url = '';

  constructor(opts: { apiVersion?: string } = {}) {
    this.apiVersion = opts.apiVersion ?? 'v25.0';
  }

  get appSecretProof(): string {
    return createHmac('sha256', this.appSecret).update(this.pageAccessToken).digest('hex');
  }

  /** The person wrote to the page at `at` (call it for every inbound event a test sends). */
  noteInbound(psid: string, at = this.now()): void {
    this.lastInboundAt.set(psid, Math.max(at, this.lastInboundAt.get(psid) ?? 0));
  }

  /** The next `n` message or profile calls answer with this failure instead. */
  failNext(n: number, failure: Failure): void {
    for (let i = 0; i < n; i++) this.failures.push(failure);
  }

  /** Forget queued failures and drop requests left hanging (as if Graph never got them). */
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

  /** All texts sent so far, in order. */
  texts(): string[] {
    return this.sent.map((s) => s.message.text);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      this.calls.push({ method: req.method ?? '', path: url.pathname, status });
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const refuse = (problem: string, body: unknown, status = 400, headers = {}) => {
      this.invalid.push(problem);
      send(status, body, headers);
    };

    const token = url.searchParams.get('access_token');
    if (token !== this.pageAccessToken)
      return refuse(
        'access_token: missing or wrong',
        graphError('Invalid OAuth access token - Cannot parse access token', 190),
        400,
        {
          'www-authenticate':
            'OAuth "Facebook Platform" "invalid_token" "Invalid OAuth access token"',
        },
      );
    const proof = url.searchParams.get('appsecret_proof');
    if (!proof)
      return refuse(
        'appsecret_proof: missing',
        graphError('API calls from the server require an appsecret_proof argument', 100, {
          type: 'GraphMethodException',
        }),
      );
    if (proof !== this.appSecretProof)
      return refuse(
        'appsecret_proof: wrong',
        graphError('Invalid appsecret_proof provided in the API argument', 100, {
          type: 'GraphMethodException',
        }),
      );

    const messages = `/${this.apiVersion}/me/messages`;
    const profile = `/${this.apiVersion}/me/messenger_profile`;
    if (req.method !== 'POST' || (url.pathname !== messages && url.pathname !== profile))
      return refuse(
        `path: ${req.method} ${url.pathname} (expected POST ${messages} or ${profile})`,
        graphError(`Unknown path components: ${url.pathname}`, 2500),
      );
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      if (!body || typeof body !== 'object') throw new Error('not an object');
    } catch {
      return refuse('body: not a JSON object', graphError('(#100) Invalid JSON', 100));
    }

    if (url.pathname === profile) {
      const problem = checkProfile(body);
      if (problem) return refuse(problem, graphError(`(#100) ${problem}`, 100));
      const failure = this.takeFailure(res);
      if (failure === 'hung') return;
      if (failure)
        return send(failure.status, failure.body ?? graphError('error', 2), failure.headers);
      this.profiles.push(body);
      return send(200, { result: 'success' });
    }

    const recipient = (body.recipient as { id?: unknown } | undefined)?.id;
    if (typeof recipient !== 'string' || !/^\d+$/.test(recipient))
      return refuse(
        'recipient.id: a PSID is required',
        graphError('(#100) The parameter recipient is required', 100),
      );
    if (body.sender_action !== undefined) {
      if (body.message !== undefined)
        return refuse(
          'sender_action: cannot be sent with a message',
          graphError('(#100) Cannot send both message and state at the same time.', 100, {
            error_subcode: 2018015,
          }),
        );
      if (!SENDER_ACTIONS.includes(String(body.sender_action)))
        return refuse(
          `sender_action: unknown ${String(body.sender_action)}`,
          graphError(
            '(#100) Param sender_action must be one of {typing_on, typing_off, mark_seen}',
            100,
          ),
        );
      this.actions.push({ recipient, sender_action: String(body.sender_action), at: this.now() });
      return send(200, { recipient_id: recipient });
    }

    const problem = checkMessage(body);
    if (problem) return refuse(problem, graphError(`(#100) ${problem}`, 100));
    const failure = this.takeFailure(res);
    if (failure === 'hung') return;
    if (failure)
      return send(failure.status, failure.body ?? graphError('error', 2), failure.headers);

    // The messaging windows, measured from the person's last message.
    const last = this.lastInboundAt.get(recipient);
    if (last === undefined && this.strictWindow)
      return send(
        400,
        graphError('(#100) No matching user found', 100, { error_subcode: 2018001 }),
      );
    if (last !== undefined) {
      const since = this.now() - last;
      const window = body.messaging_type === 'MESSAGE_TAG' ? 7 * 24 * HOUR : 24 * HOUR;
      if (since > window) return send(400, OUTSIDE_WINDOW_ERROR);
    }
    this.sent.push({
      recipient,
      messaging_type: String(body.messaging_type),
      tag: typeof body.tag === 'string' ? body.tag : undefined,
      message: body.message as SentMessage,
      at: this.now(),
    });
    return send(200, { recipient_id: recipient, message_id: `m_standin${++this.counter}` });
  }

  private takeFailure(res: ServerResponse): Exclude<Failure, 'hang'> | 'hung' | undefined {
    const failure = this.failures.shift();
    if (failure !== 'hang') return failure;
    this.hanging.push(res);
    return 'hung';
  }
}

/** The Send API's limits that Graph would refuse with (#100). */
function checkMessage(body: Record<string, unknown>): string | null {
  const type = body.messaging_type;
  if (typeof type !== 'string' || !MESSAGING_TYPES.includes(type))
    return 'messaging_type: must be RESPONSE, UPDATE or MESSAGE_TAG';
  if (type === 'MESSAGE_TAG' && (typeof body.tag !== 'string' || !TAGS.includes(body.tag)))
    return 'tag: a valid tag is required with MESSAGE_TAG';
  if (type !== 'MESSAGE_TAG' && body.tag !== undefined) return 'tag: only with MESSAGE_TAG';
  const m = body.message as Partial<SentMessage> | undefined;
  if (!m || typeof m !== 'object') return 'message: required';
  if (typeof m.text !== 'string' || m.text.length < 1 || m.text.length > 2000)
    return 'message.text: 1 to 2000 characters';
  if (m.quick_replies !== undefined) {
    const items = m.quick_replies;
    if (!Array.isArray(items) || items.length < 1 || items.length > 13)
      return 'message.quick_replies: 1 to 13';
    for (const q of items) {
      if (q.content_type !== 'text') return 'quick_reply.content_type: must be text';
      if (typeof q.title !== 'string' || q.title.length < 1 || [...q.title].length > 20)
        return 'quick_reply.title: 1 to 20 characters';
      if (typeof q.payload !== 'string' || q.payload.length < 1 || q.payload.length > 1000)
        return 'quick_reply.payload: 1 to 1000 characters';
    }
  }
  return null;
}

/** The Messenger Profile's rules: a default locale, greeting ≤ 160, menu titles ≤ 30. */
function checkProfile(body: Record<string, unknown>): string | null {
  const started = body.get_started as { payload?: unknown } | undefined;
  if (started !== undefined && (typeof started.payload !== 'string' || !started.payload))
    return 'get_started.payload: required';
  const greeting = body.greeting as { locale?: unknown; text?: unknown }[] | undefined;
  if (greeting !== undefined) {
    if (!Array.isArray(greeting) || !greeting.some((g) => g.locale === 'default'))
      return 'greeting: a default locale is required';
    for (const g of greeting)
      if (typeof g.text !== 'string' || g.text.length < 1 || g.text.length > 160)
        return `greeting ${String(g.locale)}: 1 to 160 characters`;
  }
  const menu = body.persistent_menu as
    | {
        locale?: unknown;
        call_to_actions?: { type?: unknown; title?: unknown; payload?: unknown }[];
      }[]
    | undefined;
  if (menu !== undefined) {
    if (!started) return 'persistent_menu: requires get_started';
    if (!Array.isArray(menu) || !menu.some((m) => m.locale === 'default'))
      return 'persistent_menu: a default locale is required';
    for (const m of menu) {
      const items = m.call_to_actions;
      if (!Array.isArray(items) || items.length < 1 || items.length > 20)
        return 'persistent_menu.call_to_actions: 1 to 20';
      for (const b of items) {
        if (b.type !== 'postback') return 'persistent_menu button: only postback is used';
        if (typeof b.title !== 'string' || b.title.length < 1 || b.title.length > 30)
          return `persistent_menu ${String(m.locale)}: title 1 to 30 characters`;
        if (typeof b.payload !== 'string' || b.payload.length < 1 || b.payload.length > 1000)
          return 'persistent_menu: payload 1 to 1000 characters';
      }
    }
  }
  return null;
}
