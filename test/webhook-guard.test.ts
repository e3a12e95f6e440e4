import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lineUserId, sign, textEvent, webhookBody } from './helpers/line-events';
import { startSystem, LINE_SECRET, type TestSystem } from './helpers/server';

/** Forged or unsigned webhook traffic is rate limited per address; signed traffic never. */

let sys: TestSystem;
beforeAll(async () => {
  sys = await startSystem();
});
afterAll(async () => {
  await sys.stop();
});

const post = (path: string, body: string, headers: Record<string, string>) =>
  fetch(`${sys.server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });

describe('the webhook guard', () => {
  it('answers 429 after 20 failures a minute from one address, and still lets signed events in', async () => {
    const body = webhookBody([textEvent({ userId: lineUserId(), text: 'hi' })]);
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++)
      statuses.push((await post('/webhooks/line', body, { 'x-line-signature': 'forged' })).status);
    expect(statuses.every((s) => s === 401)).toBe(true);

    const forged = await post('/webhooks/line', body, { 'x-line-signature': 'forged' });
    expect(forged.status).toBe(429);
    expect(Number(forged.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await forged.json()).error.code).toBe('rate_limited');
    const unsigned = await post('/webhooks/messenger', '{}', {});
    expect(unsigned.status).toBe(429);

    // LINE's own traffic from the same address goes through, and is answered.
    const genuine = await post('/webhooks/line', body, {
      'x-line-signature': sign(body, LINE_SECRET),
    });
    expect(genuine.status).toBe(200);
    const empty = webhookBody([]);
    expect(
      (await post('/webhooks/line', empty, { 'x-line-signature': sign(empty, LINE_SECRET) }))
        .status,
    ).toBe(200);
    // Other endpoints are not affected.
    expect((await fetch(`${sys.server.url}/healthz`)).status).toBe(200);
  });
});
