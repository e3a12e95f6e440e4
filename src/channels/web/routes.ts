import { Hono, type Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { AppError } from '../../errors';
import type { InboundEvent, OutboundMessage } from '../types';
import { chatPage, type PageTexts } from './page';

/** The built-in web chat: a third channel, for people without LINE and for trying the flows. */
export interface WebChatOptions {
  ingest(events: InboundEvent[]): Promise<void>;
  messages(
    visitorId: string,
    after: number,
  ): Promise<{ id: number; messages: OutboundMessage[] }[]>;
  secureCookies: boolean;
  /** The page's texts for a requested language (`?lang=`) or the browser's Accept-Language. */
  texts(requested: string | undefined, acceptLanguage: string | undefined): PageTexts;
  now: () => number;
  /** The address a request came from. */
  clientIp: (c: Context) => string;
}

const COOKIE = 'hotline_chat';
const eventSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8-64 letters, digits, _ or -'),
  type: z.enum(['start', 'text', 'postback']),
  text: z.string().min(1).max(2000).optional(),
  data: z.string().min(1).max(300).optional(),
});

const newVisitorId = () =>
  Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString('base64url');

export function webChatRoutes(opts: WebChatOptions) {
  const app = new Hono();
  const visitor = (c: Context, create: boolean): string | null => {
    const existing = getCookie(c, COOKIE);
    if (existing && /^[A-Za-z0-9_-]{24}$/.test(existing)) return existing;
    if (!create) return null;
    const id = newVisitorId();
    // No name, no account: the cookie is the only thing that ties a visitor to their chat.
    setCookie(c, COOKIE, id, {
      httpOnly: true,
      sameSite: 'Strict',
      secure: opts.secureCookies,
      path: '/chat',
      maxAge: 60 * 60 * 24 * 30,
    });
    return id;
  };

  app.get('/', (c) => {
    visitor(c, true);
    c.header('Cache-Control', 'no-store');
    return c.html(chatPage(opts.texts(c.req.query('lang'), c.req.header('accept-language'))));
  });

  app.post('/api/events', async (c) => {
    const id = visitor(c, false);
    if (!id) throw new AppError('unauthorized', 'open /chat first');
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw new AppError('invalid_json', 'the body is not valid JSON');
    }
    const parsed = eventSchema.safeParse(body);
    if (!parsed.success)
      throw new AppError(
        'bad_request',
        parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      );
    const e = parsed.data;
    const payload =
      e.type === 'start'
        ? ({ kind: 'follow' } as const)
        : e.type === 'text' && e.text
          ? ({ kind: 'text', text: e.text } as const)
          : e.type === 'postback' && e.data
            ? ({ kind: 'postback', data: e.data } as const)
            : null;
    if (!payload)
      throw new AppError('bad_request', `${e.type} needs ${e.type === 'text' ? 'text' : 'data'}`);
    // Event ids come from the browser: scope them to the visitor so no one can pre-empt another's.
    const scope = Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(id)))
      .toString('hex')
      .slice(0, 16);
    await opts.ingest([
      {
        channel: 'web',
        eventId: `${scope}:${e.id}`,
        userId: id,
        timestamp: opts.now(),
        replyToken: null,
        payload,
        raw: e,
        origin: opts.clientIp(c),
      },
    ]);
    return c.json({ ok: true }, 202);
  });

  app.get('/api/messages', async (c) => {
    const id = visitor(c, false);
    if (!id) return c.json({ messages: [] });
    const after = Number(c.req.query('after') ?? 0);
    if (!Number.isInteger(after) || after < 0)
      throw new AppError('invalid_query', 'after must be a whole number');
    c.header('Cache-Control', 'no-store');
    return c.json({ batches: await opts.messages(id, after) });
  });

  return app;
}
