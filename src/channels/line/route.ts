import type { Context } from 'hono';
import { AppError } from '../../errors';
import type { Logger } from '../../log';
import type { InboundEvent } from '../types';
import { LineParseError, parseLineWebhook, verifyLineSignature } from './webhook';

export interface LineWebhookOptions {
  channelSecret: string;
  /** Stores the events durably; the 200 is sent only after it resolves. */
  ingest(events: InboundEvent[]): Promise<void>;
  log: Logger;
}

/** POST /webhooks/line: signature on the raw bytes first, then parse, store, acknowledge. */
export function lineWebhookHandler(opts: LineWebhookOptions) {
  return async (c: Context) => {
    const raw = new Uint8Array(await c.req.arrayBuffer());
    if (!verifyLineSignature(raw, opts.channelSecret, c.req.header('x-line-signature'))) {
      opts.log.warn('line webhook rejected', { code: 'invalid_signature' });
      throw new AppError(
        'invalid_signature',
        'x-line-signature is missing or does not match the body',
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(new TextDecoder().decode(raw));
    } catch {
      throw new AppError('invalid_json', 'the body is not valid JSON');
    }
    let parsed;
    try {
      parsed = parseLineWebhook(body);
    } catch (err) {
      throw new AppError(
        'bad_request',
        err instanceof LineParseError ? err.message : 'malformed webhook body',
      );
    }
    for (const ignored of parsed.ignored)
      opts.log.info('line event ignored', { type: ignored.type, reason: ignored.reason });
    await opts.ingest(parsed.events);
    for (const e of parsed.events)
      opts.log.info('line event stored', { event: e.eventId, kind: e.payload.kind });
    return c.json({ ok: true });
  };
}
