import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { lineWebhookHandler } from './channels/line/route';
import { messengerWebhookHandlers } from './channels/messenger/route';
import type { InboundEvent, OutboundMessage } from './channels/types';
import { webChatRoutes, type WebChatOptions } from './channels/web/routes';
import { ticketsApi } from './dashboard/api';
import { dashboardPages, type DashboardDeps } from './dashboard/pages';
import type { Database } from './db/types';
import { AppError } from './errors';
import { errorCode, type Logger } from './log';
import type { Directory } from './routing/directory';
import { webhookGuard } from './webhook-guard';

export interface AppDeps {
  database: Database;
  directory: Directory;
  log: Logger;
  adminApiToken: string | undefined;
  line: { channelSecret: string } | null;
  messenger: { appSecret: string; verifyToken: string } | null;
  production: boolean;
  /** Stores inbound events durably, then wakes the worker. */
  ingest(events: InboundEvent[]): Promise<void>;
  webMessages(
    visitorId: string,
    after: number,
  ): Promise<{ id: number; messages: OutboundMessage[] }[]>;
  now: () => number;
  /** The web chat page's own texts, in the visitor's language. */
  webTexts: WebChatOptions['texts'];
  /** The address a request came from (for rate limits). */
  clientIp(c: Context): string;
  /** The staff dashboard (pages under /dashboard). */
  dashboard: DashboardDeps;
}

/** LINE sends at most a few hundred KB; anything above 1 MiB is refused before it is read. */
export const WEBHOOK_MAX_BYTES = 1024 * 1024;

const tooLarge = () => {
  throw new AppError('payload_too_large', `the body is larger than ${WEBHOOK_MAX_BYTES} bytes`);
};

/** A `next` that does nothing: the middleware runs on a response already made. */
const noop = async () => undefined;

/**
 * JSON answers made with `secureHeaders`' headers already in them, for the webhooks' 200s. On
 * Node, secureHeaders setting a dozen headers one by one on a finished response turns
 * @hono/node-server's plain response into a web `Response` with a `Headers` object, then back
 * into Node headers: that costs more per webhook than verifying and storing it. The headers are
 * the middleware's own, read once at start by running it on an empty response.
 */
function presecured(secure: MiddlewareHandler) {
  const made = new WeakSet<Response>();
  let headers: Record<string, string> | null = null;
  const probe = { res: new Response(null) };
  void Promise.resolve(secure(probe as unknown as Context, noop)).then(() => {
    headers = Object.fromEntries(probe.res.headers);
  });
  return {
    made,
    /** A JSON answer as `c.json(value)` gives, secured; null until the headers are known. */
    json(value: unknown): Response | null {
      if (!headers) return null;
      const res = new Response(JSON.stringify(value), {
        status: 200,
        headers: { ...headers, 'content-type': 'application/json' },
      });
      made.add(res);
      return res;
    },
  };
}

/**
 * `bodyLimit` with the same answers, cheaper where it can be: a request that declares its length
 * (and is not chunked) is judged by that header alone, as `bodyLimit` does, but without touching
 * `c.req.raw.body`, which on Node turns the request into a full web `Request` with a stream (the
 * largest single cost of a webhook). The HTTP parser never delivers more than the declared length.
 * Anything else (chunked bodies) goes through `bodyLimit` itself, which counts as it reads.
 */
function sizeLimit(maxSize: number): MiddlewareHandler {
  const counting = bodyLimit({ maxSize, onError: tooLarge });
  return async (c, next) => {
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined)
      return counting(c, next);
    if (parseInt(length || '0', 10) > maxSize) tooLarge();
    await next();
  };
}

export function createApp(deps: AppDeps) {
  const app = new Hono();
  const secure = secureHeaders({ referrerPolicy: 'no-referrer' });
  const pre = presecured(secure);
  // The same as app.use('*', secure): secure's headers are set on every response after the
  // handler (secure does nothing before), except on a response made by `pre.json`, which carries
  // them already.
  app.use('*', async (c, next) => {
    await next();
    if (!pre.made.has(c.res)) await secure(c, noop);
  });

  app.onError((err, c) => {
    if (err instanceof AppError)
      return c.json({ error: { code: err.code, message: err.message } }, err.status as 400);
    if (err instanceof HTTPException) {
      const code =
        err.status === 413
          ? 'payload_too_large'
          : err.status === 401
            ? 'unauthorized'
            : 'bad_request';
      return c.json({ error: { code, message: err.message || code } }, err.status);
    }
    deps.log.error('request failed', { path: c.req.path, code: errorCode(err) });
    return c.json(
      { error: { code: 'internal', message: 'something went wrong on our side' } },
      500,
    );
  });
  app.notFound((c) =>
    c.json(
      { error: { code: 'not_found', message: `no route for ${c.req.method} ${c.req.path}` } },
      404,
    ),
  );

  app.get('/healthz', async (c) =>
    (await deps.database.ping())
      ? c.json({ status: 'ok' })
      : c.json({ status: 'unavailable' }, 503),
  );

  app.get('/', (c) =>
    c.html(
      '<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Hotline</title>' +
        '<main style="font-family:system-ui;max-width:40rem;margin:2rem auto;padding:0 1rem"><h1>Anonymous hotline for workers in Japan</h1>' +
        '<p><a href="/chat">Open the web chat</a> to talk to the intake flow in your browser.</p>' +
        '<p>Partners read tickets from <code>/api/v1/tickets</code> with their API token.</p>' +
        '<p>Staff of partner organisations: <a href="/dashboard">dashboard</a>.</p></main>',
    ),
  );

  const webhookLimit = sizeLimit(WEBHOOK_MAX_BYTES);
  app.use(
    '/webhooks/*',
    webhookGuard({
      limit: 20,
      windowMs: 60_000,
      now: deps.now,
      clientIp: deps.clientIp,
      signatureHeaders: ['x-line-signature', 'x-hub-signature-256'],
    }),
  );
  if (deps.line) {
    app.post(
      '/webhooks/line',
      webhookLimit,
      lineWebhookHandler({
        channelSecret: deps.line.channelSecret,
        ingest: deps.ingest,
        log: deps.log,
        ok: () => pre.json({ ok: true }),
      }),
    );
  }
  if (deps.messenger) {
    const messenger = messengerWebhookHandlers({
      appSecret: deps.messenger.appSecret,
      verifyToken: deps.messenger.verifyToken,
      ingest: deps.ingest,
      log: deps.log,
    });
    app.get('/webhooks/messenger', messenger.verify);
    app.post('/webhooks/messenger', webhookLimit, messenger.receive);
  }
  app.all('/webhooks/:channel', () => {
    throw new AppError('channel_disabled', 'this channel is not enabled on this server');
  });

  app.use('/chat/api/*', bodyLimit({ maxSize: 16 * 1024, onError: tooLarge }));
  app.route(
    '/chat',
    webChatRoutes({
      ingest: deps.ingest,
      messages: deps.webMessages,
      secureCookies: deps.production,
      texts: deps.webTexts,
      now: deps.now,
      clientIp: deps.clientIp,
    }),
  );

  // Staff forms are small: a reply or a note, never a file.
  app.use('/dashboard/*', bodyLimit({ maxSize: 64 * 1024, onError: tooLarge }));
  app.route('/dashboard', dashboardPages(deps.dashboard));

  app.route(
    '/api/v1',
    ticketsApi({
      database: deps.database,
      // Read per request: the partner directory can be reloaded while the server runs.
      get directory() {
        return deps.directory;
      },
      adminToken: deps.adminApiToken,
    }),
  );
  return app;
}
