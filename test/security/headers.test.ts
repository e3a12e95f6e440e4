import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSystem, type TestSystem } from '../helpers/server';

/**
 * What every answer tells the browser, whoever asks and however it ends (a page, JSON, an error,
 * a refusal), and the body sizes past which a request is refused before it is read.
 */

let sys: TestSystem;
beforeAll(async () => {
  sys = await startSystem();
});
afterAll(async () => {
  await sys?.stop();
});

const ROUTES: { what: string; path: string; init?: RequestInit; status: number }[] = [
  { what: 'home page', path: '/', status: 200 },
  { what: 'web chat page', path: '/chat', status: 200 },
  { what: 'web chat messages', path: '/chat/api/messages?after=0', status: 200 },
  { what: 'health check', path: '/healthz', status: 200 },
  { what: 'dashboard login page', path: '/dashboard/login', status: 200 },
  { what: 'dashboard without session', path: '/dashboard', status: 303 },
  { what: 'API without token', path: '/api/v1/tickets', status: 401 },
  { what: 'unknown route', path: '/no-such-page', status: 404 },
  {
    what: 'forged LINE webhook',
    path: '/webhooks/line',
    init: { method: 'POST', body: '{}', headers: { 'x-line-signature': 'forged' } },
    status: 401,
  },
  {
    what: 'unsigned Messenger webhook',
    path: '/webhooks/messenger',
    init: { method: 'POST', body: '{}' },
    status: 401,
  },
];

describe('every answer', () => {
  it.each(ROUTES)('$what carries the security headers', async ({ path, init, status }) => {
    const res = await fetch(`${sys.server.url}${path}`, { redirect: 'manual', ...init });
    await res.arrayBuffer();
    expect(res.status).toBe(status);
    const h = res.headers;
    expect(h.get('x-content-type-options')).toBe('nosniff');
    expect(h.get('x-frame-options')).toMatch(/^(DENY|SAMEORIGIN)$/);
    expect(h.get('referrer-policy')).toBe('no-referrer');
    expect(h.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
    expect(h.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(h.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(h.get('x-powered-by')).toBeNull();
  });

  it('never lets a browser keep a dashboard page or a chat', async () => {
    const cookie = 'hotline_chat=headersVisitor0000000001';
    for (const path of ['/dashboard/login', '/chat', '/chat/api/messages?after=0']) {
      const res = await fetch(`${sys.server.url}${path}`, { headers: { cookie } });
      expect(res.headers.get('cache-control'), path).toBe('no-store');
    }
    const login = await fetch(`${sys.server.url}/dashboard/login`);
    expect(login.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(login.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });
});

describe('body limits', () => {
  const post = (path: string, bytes: number, type = 'application/json') =>
    fetch(`${sys.server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': type, cookie: 'hotline_chat=headersVisitor0000000002' },
      body: 'x'.repeat(bytes),
      redirect: 'manual',
    });

  // The webhooks' 1 MiB: test/e2e/line-intake.test.ts.
  it('refuse a chat event over 16 KiB and a dashboard form over 64 KiB with 413', async () => {
    expect((await post('/chat/api/events', 16 * 1024 + 1)).status).toBe(413);
    expect(
      (await post('/dashboard/login', 64 * 1024 + 1, 'application/x-www-form-urlencoded')).status,
    ).toBe(413);
    // Just under each limit the request is read (and refused for what it says instead).
    expect((await post('/chat/api/events', 16 * 1024)).status).not.toBe(413);
    expect(
      (await post('/dashboard/login', 64 * 1024, 'application/x-www-form-urlencoded')).status,
    ).not.toBe(413);
  });
});
