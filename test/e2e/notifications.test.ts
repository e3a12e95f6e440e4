import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fileCase, lineChat } from '../helpers/line-chat';
import { lineUserId } from '../helpers/line-events';
import { startSystem, waitFor, type TestSystem } from '../helpers/server';

/** A partner's own server, receiving notifications; it fails the first call to prove retries. */
let partner: Server;
const received: {
  path: string;
  body: { event: string; ticket: { reference: string; partner: { id: string } } };
  raw: string;
}[] = [];
let failures = 1;
let sys: TestSystem;
let flowsDir: string;

beforeAll(async () => {
  partner = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      if (failures-- > 0) {
        res.writeHead(503).end();
        return;
      }
      received.push({ path: req.url ?? '', body: JSON.parse(raw), raw });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => partner.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(partner.address() as AddressInfo).port}`;
  flowsDir = mkdtempSync(join(tmpdir(), 'hotline-flows-'));
  cpSync('flows', flowsDir, { recursive: true });
  const partners = readFileSync(join(flowsDir, 'partners.yaml'), 'utf8')
    .replace('    hours: 24 hours\n', `    hours: 24 hours\n    notificationUrl: ${url}/national\n`)
    .replace(
      '    hours: Mon-Sat 10:00-20:00\n',
      `    hours: Mon-Sat 10:00-20:00\n    notificationUrl: ${url}/tokai\n`,
    );
  writeFileSync(join(flowsDir, 'partners.yaml'), partners);
  sys = await startSystem({ FLOWS_DIR: flowsDir });
});
afterAll(async () => {
  await sys.stop();
  partner.close();
  rmSync(flowsDir, { recursive: true, force: true });
});

it('tells the on-call partner of an emergency at once, and the routed partner of a filed case, retrying failures', async () => {
  const userId = lineUserId();
  const chat = lineChat(sys, userId);
  await chat.follow();
  await chat.tap('q=language&choice=en');
  await chat.type('my boss hit me and locked the door');
  const emergency = await waitFor(
    () => received.find((r) => r.body.event === 'ticket.emergency'),
    15_000,
    'the emergency notification',
  );
  expect(emergency.path).toBe('/national');
  expect(emergency.body.ticket).toMatchObject({ urgency: 'emergency', categories: ['violence'] });

  const reference = await fileCase(lineChat(sys, lineUserId()), {
    categories: ['unpaid_wages'],
    residence: 'titp',
    prefecture: 'JP-23',
  });
  const filed = await waitFor(
    () => received.find((r) => r.body.event === 'ticket.filed'),
    15_000,
    'the filed notification',
  );
  expect(filed.path).toBe('/tokai');
  expect(filed.body.ticket.reference).toBe(reference);

  await sys.server.worker.idle();
  expect(received.filter((r) => r.body.event === 'ticket.emergency')).toHaveLength(1);
  // Facts only: no platform id and no words ever leave in a notification.
  const all = received.map((r) => r.raw).join('\n');
  expect(all).not.toContain(userId);
  expect(all).not.toContain('locked the door');
  expect(
    sys.logs.some(
      (l) => l.includes('partner notification not delivered') && l.includes('http_503'),
    ),
  ).toBe(true);
});
