import type { Context } from 'hono';
import { AppError } from '../../errors';
import type { Logger } from '../../log';
import type { InboundEvent } from '../types';
import { LineParseError, lineSignatureVerifier, parseLineWebhook } from './webhook';

export interface LineWebhookOptions {
  channelSecret: string;
  /** Stores the events durably; the 200 is sent only after it resolves. */
  ingest(events: InboundEvent[]): Promise<void>;
  log: Logger;
  /** The 200 `{"ok":true}`, when the app makes it itself (see `presecured` in src/app.ts). */
  ok?: () => Response | null;
}

const utf8 = new TextDecoder();

/** POST /webhooks/line: signature on the raw bytes first, then parse, store, acknowledge. */
export function lineWebhookHandler(opts: LineWebhookOptions) {
  const verify = lineSignatureVerifier(opts.channelSecret);
  return async (c: Context) => {
    const raw = new Uint8Array(await c.req.arrayBuffer());
    if (!verify(raw, c.req.header('x-line-signature'))) {
      opts.log.warn('line webhook rejected', { code: 'invalid_signature' });
      throw new AppError(
        'invalid_signature',
        'x-line-signature is missing or does not match the body',
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(utf8.decode(raw));
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
    const { events } = parsed;
    await opts.ingest(events);
    // One line per request, with every event's id and kind (LINE sends one event per request
    // most of the time, and then the line is the same as one per event).
    if (events.length === 1)
      opts.log.info('line event stored', {
        event: events[0]!.eventId,
        kind: events[0]!.payload.kind,
      });
    else if (events.length > 1)
      opts.log.info('line events stored', {
        events: events.map((e) => e.eventId).join(','),
        kinds: events.map((e) => e.payload.kind).join(','),
      });
    return opts.ok?.() ?? c.json({ ok: true });
  };
}
