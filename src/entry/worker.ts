import type { D1Database, ExecutionContext, ScheduledController } from '@cloudflare/workers-types';
import bundled from 'hotline:content';
import { AsyncLocalStorage } from 'node:async_hooks';
import { createApp } from '../app';
import { ConfigError, loadConfig } from '../config';
import type { HostDeps } from '../conversation/deps';
import { createInboxWriter } from '../conversation/ingest';
import { deriveKeys } from '../crypto/keys';
import { openD1 } from '../db/d1';
import { createLogger, errorCode } from '../log';
import { buildAppDeps } from './app-deps';
import { contentFromTexts, logContentFindings } from './content';
import { buildHostDeps } from './host';
import { createSweeper, hourlyRetention, sweep } from './sweep';

/**
 * The composition root on Cloudflare Workers (wrangler.toml): D1 for the database, flows and
 * locales bundled at build time, secrets from `wrangler secret put`. A webhook's events are
 * stored in D1 before its 200; the conversation worker then runs in `waitUntil`, and the cron
 * trigger sweeps up whatever an evicted isolate left behind. No thread, no file system, no
 * native module: src/entry/server.ts is the Node counterpart.
 */

export interface Env {
  DB: D1Database;
  /** Variables of wrangler.toml and secrets: the same names as on Node (src/config.ts). */
  [variable: string]: unknown;
}

/** After a webhook's response, Workers keep `waitUntil` work alive for about 30 s. */
const REQUEST_SWEEP_MS = 20_000;
/** A cron invocation may run for minutes; one sweep a minute, finishing before the next. */
const CRON_SWEEP_MS = 50_000;

interface Isolate {
  host: HostDeps;
  /** Serves one request with the isolate's app (one per isolate: its in-memory state lasts). */
  serve(request: Request, ctx: ExecutionContext): Promise<Response>;
}

/** What belongs to the request being served: its `waitUntil`, and its inbox writer. */
interface RequestScope {
  ctx: ExecutionContext;
  /** Per request, so a group commit never waits on another request's I/O (workerd forbids it). */
  store: ReturnType<typeof createInboxWriter>;
}

/** Built on an isolate's first request and kept while it lives (by env, which bindings carry). */
const isolates = new WeakMap<object, Isolate>();

async function isolateFor(env: Env): Promise<Isolate> {
  const known = isolates.get(env);
  if (known) return known;
  const started = Date.now();
  // Only the string values are variables and secrets; bindings (DB) are objects.
  const vars = Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
  const config = loadConfig(vars);
  if (!config.hotlineSecret)
    throw new ConfigError(
      'HOTLINE_SECRET',
      'is required on Workers (there is no data directory to keep a generated one): wrangler secret put HOTLINE_SECRET',
    );
  const log = createLogger(config.logLevel, (line) => console.log(line));
  const keys = await deriveKeys(config.hotlineSecret);
  const content = await contentFromTexts(bundled);
  const database = openD1(env.DB);
  const host = buildHostDeps({ config, keys, content, database, log });
  const sweeper = createSweeper(host);
  const requests = new AsyncLocalStorage<RequestScope>();
  const scope = () => {
    const current = requests.getStore();
    if (!current) throw new Error('no request in scope');
    return current;
  };
  // After the response, `waitUntil` keeps the sweep going (see sweep.ts).
  const wake = () => sweeper.wake((work) => scope().ctx.waitUntil(work), REQUEST_SWEEP_MS);
  const app = createApp(
    buildAppDeps({
      config,
      content,
      database,
      keys,
      log,
      now: Date.now,
      async ingest(events) {
        await scope().store(events);
        if (events.length) wake();
      },
      kick: wake,
      clientIp: (c) => c.req.header('cf-connecting-ip') ?? 'unknown',
    }),
  );
  const built: Isolate = {
    host,
    serve: (request, ctx) =>
      requests.run({ ctx, store: createInboxWriter(database, keys) }, () =>
        Promise.resolve(app.fetch(request, env, ctx as never)),
      ),
  };
  // Two first requests at once both build; the first one kept wins.
  if (!isolates.has(env)) {
    isolates.set(env, built);
    logContentFindings(content, log);
    log.info('worker isolate ready', {
      languages: content.flow.languages.length,
      ms: Date.now() - started,
    });
  }
  return isolates.get(env)!;
}

/** A start that cannot work: the variable is named, its value never shown or logged. */
function cannotStart(err: unknown): Response {
  const variable = err instanceof ConfigError ? err.variable : null;
  console.log(
    JSON.stringify({
      time: new Date().toISOString(),
      level: 'error',
      msg: 'cannot start',
      code: errorCode(err),
      variable,
    }),
  );
  return Response.json(
    {
      error: {
        code: 'misconfigured',
        message: variable
          ? `the server is misconfigured: check ${variable}`
          : 'the server cannot start: see its log',
      },
    },
    { status: 500 },
  );
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    let isolate: Isolate;
    try {
      isolate = await isolateFor(env);
    } catch (err) {
      return cannotStart(err);
    }
    return isolate.serve(request, ctx);
  },

  async scheduled(_controller: ScheduledController, env: Env, _ctx: ExecutionContext) {
    const { host } = await isolateFor(env);
    await Promise.all([sweep(host, { budgetMs: CRON_SWEEP_MS }), hourlyRetention(host)]);
  },
};
