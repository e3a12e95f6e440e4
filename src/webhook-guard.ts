import type { Context, MiddlewareHandler } from 'hono';

/**
 * Rate limit on webhook requests that fail (no or wrong signature, broken body), per address.
 * Signed requests always go through: LINE and Meta send from shared addresses, and an attacker
 * must never be able to get the genuine traffic of an address refused. Over the limit, an
 * unsigned request is refused before its body is read, and a failing one gets 429, not 401.
 * In memory, per process (per isolate on Workers): it protects the logs and the CPU, best effort.
 */
export interface GuardOptions {
  /** Failures allowed per address in the window. */
  limit: number;
  windowMs: number;
  now: () => number;
  clientIp: (c: Context) => string;
  /** Headers that carry a platform signature. */
  signatureHeaders: string[];
  /** Addresses remembered at most (oldest forgotten first). */
  maxAddresses?: number;
}

export function webhookGuard(opts: GuardOptions): MiddlewareHandler {
  const failures = new Map<string, number[]>();
  const max = opts.maxAddresses ?? 10_000;
  const none: number[] = [];
  const recent = (ip: string) => {
    const known = failures.get(ip);
    // The usual case, an address that never failed: nothing to forget, nothing allocated.
    if (!known) return none;
    const since = opts.now() - opts.windowMs;
    const times = known.filter((t) => t > since);
    if (times.length) failures.set(ip, times);
    else failures.delete(ip);
    return times;
  };
  const refuse = (c: Context, times: number[]) => {
    const retryAfter = Math.max(1, Math.ceil((times[0]! + opts.windowMs - opts.now()) / 1000));
    return c.json(
      {
        error: {
          code: 'rate_limited',
          message: 'too many webhook requests without a valid signature from this address',
        },
      },
      429,
      { 'retry-after': String(retryAfter) },
    );
  };
  return async (c, next) => {
    const ip = opts.clientIp(c);
    const before = recent(ip);
    const over = before.length >= opts.limit;
    if (over && !opts.signatureHeaders.some((h) => c.req.header(h))) {
      c.res = refuse(c, before);
      return;
    }
    await next();
    if (c.res.status !== 400 && c.res.status !== 401 && c.res.status !== 413) return;
    const times = [...before, opts.now()];
    failures.delete(ip);
    failures.set(ip, times);
    if (failures.size > max) failures.delete(failures.keys().next().value!);
    if (over) c.res = refuse(c, times);
  };
}
