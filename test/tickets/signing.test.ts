import { createHmac } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, partnerSecretVariable } from '../../src/config';
import { deriveKeys } from '../../src/crypto/keys';
import { nodeKeys } from '../../src/crypto/node-keys';
import { openSqlite } from '../../src/db/node-sqlite';
import { notifyKeys, signatureOf } from '../../src/tickets/signing';
import { SECRET } from './helpers';

describe('partner signing secrets', () => {
  it('are derived from HOTLINE_SECRET, the same with Web Crypto and node:crypto', async () => {
    const web = await deriveKeys(SECRET);
    const node = nodeKeys(SECRET);
    const a = await node.notifySecret('demo-ngo-tokai');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(await web.notifySecret('demo-ngo-tokai')).toBe(a);
    expect(await node.notifySecret('demo-ngo-national')).not.toBe(a);
    expect(await nodeKeys(SECRET + 'x').notifySecret('demo-ngo-tokai')).not.toBe(a);
    // Not the pseudonym key in disguise.
    expect(await node.hmacHex('notify:demo-ngo-tokai')).not.toBe(a);
  });

  it('can be set per partner with PARTNER_SECRET_<ID> (upper case, - as _)', async () => {
    expect(partnerSecretVariable('demo-ngo-kansai-vi')).toBe('PARTNER_SECRET_DEMO_NGO_KANSAI_VI');
    const own = 'k'.repeat(40);
    const config = loadConfig({ PARTNER_SECRET_DEMO_NGO_TOKAI: own, PARTNER_SECRET_EMPTY: '' });
    expect(config.partnerSecrets).toEqual({ PARTNER_SECRET_DEMO_NGO_TOKAI: own });
    const secrets = notifyKeys(nodeKeys(SECRET), config.partnerSecrets);
    expect(await secrets.secretOf('demo-ngo-tokai')).toBe(own);
    expect(await secrets.secretOf('demo-ngo-national')).toBe(
      await nodeKeys(SECRET).notifySecret('demo-ngo-national'),
    );
    expect(loadConfig({}).partnerSecrets).toEqual({});
  });

  it('refuses a short or misspelt PARTNER_SECRET_ variable, naming it and never echoing it', () => {
    const failure = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (err) {
        if (err instanceof ConfigError) return err;
      }
      throw new Error('expected a ConfigError');
    };
    const short = failure({ PARTNER_SECRET_DEMO_NGO_TOKAI: 'hunter2' });
    expect(short.variable).toBe('PARTNER_SECRET_DEMO_NGO_TOKAI');
    expect(short.message).toMatch(/at least 32 characters/);
    expect(short.message).not.toContain('hunter2');
    expect(failure({ 'PARTNER_SECRET_demo-ngo': 'k'.repeat(40) }).variable).toBe(
      'PARTNER_SECRET_demo-ngo',
    );
  });

  it('sign with HMAC-SHA256 of the raw body, as any partner can check with node:crypto', async () => {
    const body = '{"event":"ticket.filed","ticket":{"reference":"HT-7KQ2M-9XDPA"}}';
    expect(await signatureOf('s3cret', body)).toBe(
      `sha256=${createHmac('sha256', 's3cret').update(body).digest('hex')}`,
    );
    expect(await signatureOf('s3cret', body + ' ')).not.toBe(await signatureOf('s3cret', body));
  });
});

describe('migration 0002', () => {
  it('gives notifications queued before it a key each, and older routed tickets a routing note', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hotline-migrate-'));
    try {
      // The database as the previous release left it: migrations 0000 and 0001 only.
      const old = join(dir, 'old-migrations');
      cpSync('migrations', old, { recursive: true });
      const journal = JSON.parse(readFileSync(join(old, 'meta/_journal.json'), 'utf8'));
      journal.entries = journal.entries.slice(0, 2);
      writeFileSync(join(old, 'meta/_journal.json'), JSON.stringify(journal));
      const path = join(dir, 'db.sqlite');
      openSqlite(path, old).close();
      const raw = new BetterSqlite3(path);
      const insert = raw.prepare(
        "insert into notifications (ticket_id, partner_id, event) values (?, 'p', 'ticket.filed')",
      );
      insert.run('t1');
      insert.run('t2');
      raw
        .prepare(
          `insert into tickets (id, reference, channel, channels, language, categories, danger_categories,
            urgency, flags, partner_id, flow_id, flow_version, flow_hash, summary, facts, created_at, updated_at)
           values ('t1', 'HT-22222-22222', 'line', '[]', 'vi', '[]', '[]', 'info', '[]', 'demo-ngo-national',
            'intake', 1, 'h', 's', '{}', 'x', 'x')`,
        )
        .run();
      raw.close();

      const db = openSqlite(path, 'migrations');
      db.close();
      const after = new BetterSqlite3(path, { readonly: true });
      const keys = after.prepare('select idempotency_key as k from notifications').all() as {
        k: string;
      }[];
      const ticket = after.prepare('select routing_rule, routing_reason from tickets').get();
      after.close();
      expect(keys.map((r) => r.k)).toEqual([
        expect.stringMatching(/^[0-9a-f]{32}$/),
        expect.stringMatching(/^[0-9a-f]{32}$/),
      ]);
      expect(keys[0]!.k).not.toBe(keys[1]!.k);
      expect(ticket).toEqual({
        routing_rule: 'before-rules',
        routing_reason: 'Routed before routing rules were recorded',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
