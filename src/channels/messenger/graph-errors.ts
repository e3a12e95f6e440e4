import type { SendResult } from '../types';

/**
 * Graph API errors, `{ error: { message, type, code, error_subcode, is_transient, fbtrace_id } }`,
 * to our SendResult. Codes only: the PSID and the text never go into a code.
 * https://developers.facebook.com/docs/graph-api/guides/error-handling
 * https://developers.facebook.com/docs/messenger-platform/error-codes
 * https://developers.facebook.com/docs/messenger-platform/reference/send-api/error-codes
 * https://developers.facebook.com/docs/graph-api/overview/rate-limiting
 */

export interface GraphError {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  is_transient?: boolean;
  fbtrace_id?: string;
}

type Failure = Extract<SendResult, { ok: false }>;

/**
 * Temporary: 1 unknown and 2 service ("wait and retry"), 4 app, 17 user, 32 page and 341
 * application request limits, 613 "calls to this API have exceeded the rate limit",
 * 1200 "temporary send message failure".
 */
const TEMPORARY = new Set([1, 2, 4, 17, 32, 341, 613, 1200]);

/**
 * Code 10 with these subcodes: "This message is sent outside of allowed window" (2018278, and
 * 2534022 for Instagram-linked threads), or outside it without the permission to do so (2018065).
 */
const OUTSIDE_WINDOW = new Set([2018278, 2534022, 2018065]);

/** "This person isn't available right now" (551 / 200 with 1545041); 10/2018108 "isn't receiving messages from you". */
const UNAVAILABLE_SUBCODES = new Set([1545041, 2018108]);

export function readGraphError(body: unknown): GraphError | null {
  if (!body || typeof body !== 'object') return null;
  const e = (body as { error?: unknown }).error;
  if (!e || typeof e !== 'object') return null;
  const o = e as Record<string, unknown>;
  const num = (v: unknown) =>
    typeof v === 'number' && Number.isFinite(v)
      ? v
      : typeof v === 'string' && /^\d+$/.test(v)
        ? Number(v)
        : undefined;
  const out: GraphError = {};
  if (typeof o.message === 'string') out.message = o.message;
  if (typeof o.type === 'string') out.type = o.type;
  const code = num(o.code);
  const subcode = num(o.error_subcode);
  if (code !== undefined) out.code = code;
  if (subcode !== undefined) out.error_subcode = subcode;
  if (typeof o.is_transient === 'boolean') out.is_transient = o.is_transient;
  if (typeof o.fbtrace_id === 'string') out.fbtrace_id = o.fbtrace_id;
  return out;
}

/** `Retry-After` in seconds or as an HTTP date, in milliseconds. */
function retryAfter(headers: Headers | undefined): number | undefined {
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds > 0) return seconds * 1000;
  const at = Date.parse(value);
  return Number.isFinite(at) && at > Date.now() ? at - Date.now() : undefined;
}

export function classifyGraphError(status: number, body: unknown, headers?: Headers): Failure {
  const e = readGraphError(body);
  const code = e?.code;
  const sub = e?.error_subcode;
  if (
    code === 10 &&
    ((sub !== undefined && OUTSIDE_WINDOW.has(sub)) ||
      (sub === undefined && /outside of (the )?allowed window/i.test(e?.message ?? '')))
  )
    return { ok: false, retryable: false, windowClosed: true, code: 'messenger_window_closed' };
  if (code === 551 || (sub !== undefined && UNAVAILABLE_SUBCODES.has(sub)))
    return { ok: false, retryable: false, code: 'messenger_user_unavailable' };
  if (code === 190) return { ok: false, retryable: false, code: 'messenger_invalid_token' };
  const temporary =
    (code !== undefined && TEMPORARY.has(code)) ||
    e?.is_transient === true ||
    status === 429 ||
    status >= 500;
  const name = `messenger_${code ?? status}`;
  if (!temporary) return { ok: false, retryable: false, code: name };
  const after = retryAfter(headers);
  return { ok: false, retryable: true, code: name, ...(after ? { retryAfterMs: after } : {}) };
}

/** No answer at all: refused connection, reset, DNS, or our own timeout. */
export function graphNetworkError(err: unknown): Failure {
  const timeout =
    err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
  return { ok: false, retryable: true, code: timeout ? 'messenger_timeout' : 'messenger_network' };
}
