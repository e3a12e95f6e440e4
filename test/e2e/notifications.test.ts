import { createHmac } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { partnersCommand } from '../../src/cli/partners';
import { loadConfig } from '../../src/config';
import { nodeKeys } from '../../src/crypto/node-keys';
import { readDirectory } from '../../src/entry/files';
import { notifyKeys } from '../../src/tickets/signing';
import { askedOf, fileCase, lineChat } from '../helpers/line-chat';
import { lineUserId } from '../helpers/line-events';
import { startSystem, TEST_SECRET, waitFor, type TestSystem } from '../helpers/server';

/**
 * A partner's own server, receiving notifications. It is down at first (connection refused),
 * then answers 503 a few times, then recovers; it records every request it saw.
 */
interface Seen {
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  status: number;
}
const seen: Seen[] = [];
let failing = 0;
let partner: Server;
let port: number;
let sys: TestSystem;
let flowsDir: string;
const KANSAI_SECRET = 'the-kansai-groups-own-secret-0123456789';
const env = () => ({ FLOWS_DIR: flowsDir, PARTNER_SECRET_DEMO_NGO_KANSAI_VI: KANSAI_SECRET });

const listen = () => new Promise<void>((r) => partner.listen(port, '127.0.0.1', r));
const down = () => new Promise<void>((r) => partner.close(() => r()));

beforeAll(async () => {
  partner = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const status = failing-- > 0 ? 503 : 204;
      seen.push({ path: req.url ?? '', headers: req.headers, raw, status });
      res.writeHead(status, status === 503 ? { 'retry-after': '1' } : {}).end();
    });
  });
  port = 0;
  await listen();
  port = (partner.address() as AddressInfo).port;
  await down(); // the partner's server is down when the first case comes in

  flowsDir = mkdtempSync(join(tmpdir(), 'hotline-flows-'));
  cpSync('flows', flowsDir, { recursive: true });
  const path = join(flowsDir, 'partners.yaml');
  const data = parse(readFileSync(path, 'utf8')) as {
    partners: { id: string; notificationUrl?: string }[];
  };
  for (const p of data.partners) p.notificationUrl = `http://127.0.0.1:${port}/${p.id}`;
  writeFileSync(path, stringify(data));
  sys = await startSystem(env());
});
afterAll(async () => {
  await sys.stop();
  partner.close();
  rmSync(flowsDir, { recursive: true, force: true });
});

/** The secret exactly as `npm run --silent cli -- partners secret --partner <id>` prints it. */
async function cliSecret(id: string): Promise<string> {
  let out = '';
  const config = loadConfig(env());
  await partnersCommand(['secret', '--partner', id], {
    out: (s) => (out += s),
    directory: () => readDirectory(flowsDir),
    notify: () => notifyKeys(nodeKeys(TEST_SECRET), config.partnerSecrets),
  });
  expect(out).toMatch(/^\S+\n$/);
  return out.trim();
}

/** Files a case in Vietnamese, typing the reporter's own words at the words question. */
async function fileWithWords(words: string, prefecture: string): Promise<string> {
  const chat = lineChat(sys, lineUserId());
  const answers: Record<string, string[]> = {
    language: ['vi'],
    consent: ['yes'],
    category: ['unpaid_wages', 'done'],
    residence_status: ['titp'],
    region: [prefecture],
    prefecture: [prefecture],
    industry: ['construction'],
    still_happening: ['yes'],
    safe_now: ['yes'],
    phone_watched: ['no'],
    notify: ['no'],
    share_words: ['yes'],
  };
  let reply = await chat.follow();
  for (let i = 0; i < 40 && askedOf(reply) !== 'confirm'; i++) {
    const q = askedOf(reply);
    if (q === 'words') reply = await chat.type(words);
    else {
      const choice = answers[q ?? '']?.shift() ?? (q === 'category' ? 'done' : 'no');
      reply = await chat.tap(`q=${q === 'region' ? 'prefecture' : q}&choice=${choice}`);
    }
  }
  const done = await chat.tap('q=confirm&choice=yes');
  return /^(HT-[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5})$/m.exec(
    done.map((m) => m.text).join('\n'),
  )![1]!;
}

it('delivers every notification exactly once after the partner recovers, signed, with the same key on every retry, and the words only with consent', async () => {
  // 1. An emergency while the partner's server is down: the connection is refused.
  const userId = lineUserId();
  const chat = lineChat(sys, userId);
  await chat.follow();
  await chat.tap('q=language&choice=en');
  await chat.type('my boss hit me and locked the door');
  await waitFor(
    () =>
      sys.logs.find(
        (l) => l.includes('partner notification not delivered') && l.includes('"network"'),
      ),
    15_000,
    'a refused connection',
  );

  // 2. The server comes back but answers 503 three times before it recovers.
  failing = 3;
  await listen();
  const tokai = await fileCase(lineChat(sys, lineUserId()), {
    categories: ['unpaid_wages'],
    residence: 'titp',
    prefecture: 'JP-23',
    shareWords: 'no',
  });
  // A phone and a residence-card number in the words never reach the partner.
  const words =
    'They have not paid my salary for three months. Call 090-1234-5678, card AB12345678CD';
  const sent =
    'They have not paid my salary for three months. Call [phone], card [residence card no.]';
  const kansai = await fileWithWords(words, 'JP-27');

  // 3. Every notification arrives: one 2xx per notification.
  const expected = [
    ['ticket.emergency', '/demo-ngo-national'],
    ['ticket.filed', '/demo-ngo-tokai'],
    ['ticket.filed', '/demo-ngo-kansai-vi'],
  ];
  const delivered = () => seen.filter((s) => s.status === 204);
  await waitFor(() => delivered().length >= expected.length, 30_000, 'every notification');
  await sys.server.worker.idle();
  await new Promise((r) => setTimeout(r, 1500)); // room for a wrong extra retry to show up

  const parsed = seen.map((s) => ({ ...s, body: JSON.parse(s.raw) }));
  expect(parsed.filter((s) => s.status === 503)).toHaveLength(3);
  expect(
    delivered()
      .map((s) => [JSON.parse(s.raw).event, s.path])
      .sort(),
  ).toEqual(expected.sort());
  expect(delivered().find((s) => s.path === '/demo-ngo-tokai')!.raw).toContain(tokai);
  expect(delivered().find((s) => s.path === '/demo-ngo-kansai-vi')!.raw).toContain(kansai);

  // Same key on every retry of one notification, a different key for each notification, and
  // each key delivered once: a partner that drops repeated keys sees each case once.
  const byKey = new Map<string, typeof parsed>();
  for (const s of parsed) {
    const key = s.headers['idempotency-key'] as string;
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    byKey.set(key, [...(byKey.get(key) ?? []), s]);
  }
  expect(byKey.size).toBe(expected.length);
  for (const attempts of byKey.values()) {
    expect(
      new Set(attempts.map((a) => `${a.path} ${a.body.event} ${a.body.ticket.reference}`)).size,
    ).toBe(1);
    expect(attempts.filter((a) => a.status === 204)).toHaveLength(1);
  }
  expect(Math.max(...[...byKey.values()].map((a) => a.length))).toBeGreaterThan(1);

  // Every request is signed over its raw body with the secret the CLI prints (derived, or the
  // operator's PARTNER_SECRET_DEMO_NGO_KANSAI_VI), and dated.
  const secrets = new Map<string, string>();
  for (const s of parsed) {
    const id = s.path.slice(1);
    if (!secrets.has(id)) secrets.set(id, await cliSecret(id));
    const expectedSignature = `sha256=${createHmac('sha256', secrets.get(id)!).update(s.raw).digest('hex')}`;
    expect(s.headers['x-hotline-signature']).toBe(expectedSignature);
    expect(Math.abs(Number(s.headers['x-hotline-timestamp']) - Date.now() / 1000)).toBeLessThan(
      120,
    );
  }
  expect(secrets.get('demo-ngo-kansai-vi')).toBe(KANSAI_SECRET);
  expect(secrets.get('demo-ngo-tokai')).toMatch(/^[0-9a-f]{64}$/);

  // The reporter's words only where they said yes to share_words; never a platform id.
  for (const s of parsed) {
    if (s.path === '/demo-ngo-kansai-vi') {
      expect(s.body.words).toEqual([sent]);
      expect(s.body.redacted).toEqual(['phone', 'residence_card']);
    } else expect(s.body).not.toHaveProperty('words');
    expect(s.raw).not.toContain('1234-5678');
    expect(s.raw).not.toContain('AB12345678CD');
    expect(s.raw).not.toContain(userId);
    expect(s.raw).not.toContain('locked the door');
  }
  // And never in the JSON API.
  const api = await (await sys.api(`/api/v1/tickets/${kansai}`)).json();
  expect(api.ticket.routing).toEqual({
    rule: 'kansai-vietnamese',
    reason: "Vietnamese speakers in Kansai go to the Vietnamese workers' group there",
  });
  expect(JSON.stringify(api)).not.toContain(words);
  expect(
    sys.logs.some(
      (l) => l.includes('partner notification not delivered') && l.includes('http_503'),
    ),
  ).toBe(true);
}, 90_000);
