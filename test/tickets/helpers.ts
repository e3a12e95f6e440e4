import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse, stringify } from 'yaml';
import { nodeKeys } from '../../src/crypto/node-keys';
import { openSqlite } from '../../src/db/node-sqlite';
import type { Directory } from '../../src/routing/directory';
import type { TicketFacts } from '../../src/tickets/facts';
import { notifyKeys } from '../../src/tickets/signing';
import { load, PARTNERS } from '../routing/helpers';

export const SECRET = 'a-test-hotline-secret-of-at-least-32-chars';
export const keys = nodeKeys(SECRET);
export const openDb = () => openSqlite(':memory:', 'migrations');

export const ticketFacts = (f: Partial<TicketFacts> = {}): TicketFacts => ({
  categories: ['unpaid_wages'],
  dangerCategories: [],
  urgency: 'ongoing',
  flags: [],
  language: 'vi',
  residenceStatus: 'titp',
  prefecture: 'JP-23',
  industry: 'food_manufacturing',
  summary: 'Unpaid wages, Aichi, food manufacturing, TITP',
  answers: {},
  ...f,
});

/** The shipped directory, every partner given a notification URL on `base`, able to sign. */
export function notifyingDirectory(base: string) {
  const data = parse(PARTNERS) as { partners: { id: string; notificationUrl?: string }[] };
  for (const p of data.partners) p.notificationUrl = `${base}/${p.id}`;
  const partners = stringify(data);
  const directory: Directory = load(partners);
  return directory;
}

/** What signing needs: the test data key and the partners' secrets (derived unless overridden). */
export const notifyWith = (overrides: Record<string, string> = {}) => notifyKeys(keys, overrides);

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  status: number;
}

/** A partner's server that answers from a script (then 204), recording every request. */
export async function partnerServer() {
  const requests: Received[] = [];
  const script: { status: number; headers?: Record<string, string> }[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const answer = script.shift() ?? { status: 204 };
      requests.push({ path: req.url ?? '', headers: req.headers, raw, status: answer.status });
      res.writeHead(answer.status, answer.headers).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    script,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
