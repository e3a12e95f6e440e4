import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { AppError } from '../../errors';
import type { Logger } from '../../log';
import type { InboundEvent } from '../types';
import { MessengerParseError, parseMessengerWebhook, verifyMessengerSignature } from './webhook';

/**
 * GET and POST /webhooks/messenger.
 * https://developers.facebook.com/docs/messenger-platform/webhooks#verification-requests
 * https://developers.facebook.com/docs/graph-api/webhooks/getting-started#event-notifications
 */

export interface MessengerWebhookOptions {
  appSecret: string;
  /** The string typed into the app dashboard when subscribing the webhook. */
  verifyToken: string;
  /** Stores the events durably; the 200 is sent only after it resolves. */
  ingest(events: InboundEvent[]): Promise<void>;
  log: Logger;
}

/** Equal strings, in time independent of where they differ (hashed first: lengths may differ). */
const sameSecret = (a: string, b: string): boolean =>
  timingSafeEqual(
    createHash('sha256').update(a).digest(),
    createHash('sha256').update(b).digest(),
  ) && a.length === b.length;

export function messengerWebhookHandlers(opts: MessengerWebhookOptions) {
  /** Subscription handshake: the raw `hub.challenge` back, or 403. */
  const verify = (c: Context): Response => {
    const mode = c.req.query('hub.mode');
    const token = c.req.query('hub.verify_token');
    const challenge = c.req.query('hub.challenge');
    if (
      mode === 'subscribe' &&
      token !== undefined &&
      challenge &&
      sameSecret(token, opts.verifyToken)
    ) {
      opts.log.info('messenger webhook verified');
      return c.text(challenge, 200, { 'content-type': 'text/plain; charset=utf-8' });
    }
    opts.log.warn('messenger webhook verification refused', { code: 'forbidden' });
    // errors.ts has no 403 code; the error JSON has the same shape as every other error.
    return c.json(
      { error: { code: 'forbidden', message: 'hub.mode or hub.verify_token does not match' } },
      403,
    );
  };

  /** POST: signature on the raw bytes first, then parse, store, acknowledge. */
  const receive = async (c: Context): Promise<Response> => {
    const raw = new Uint8Array(await c.req.arrayBuffer());
    if (!verifyMessengerSignature(raw, opts.appSecret, c.req.header('x-hub-signature-256'))) {
      opts.log.warn('messenger webhook rejected', { code: 'invalid_signature' });
      throw new AppError(
        'invalid_signature',
        'x-hub-signature-256 is missing or does not match the body',
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
      parsed = parseMessengerWebhook(body);
    } catch (err) {
      throw new AppError(
        'bad_request',
        err instanceof MessengerParseError ? err.message : 'malformed webhook body',
      );
    }
    for (const ignored of parsed.ignored)
      opts.log.info('messenger event ignored', { type: ignored.type, reason: ignored.reason });
    await opts.ingest(parsed.events);
    for (const e of parsed.events)
      opts.log.info('messenger event stored', { event: e.eventId, kind: e.payload.kind });
    return c.json({ ok: true });
  };

  return { verify, receive };
}
