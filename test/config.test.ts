import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config';
import { readEnv } from '../src/entry/env';

const SECRET = 'x'.repeat(32);
const failure = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
};

describe('configuration', () => {
  it('has working defaults in development', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      databasePath: './data/hotline.sqlite',
      flowsDir: './flows',
      production: false,
      line: null,
      messenger: null,
    });
    expect(c.line).toBeNull();
  });

  it('ignores variables it does not know', () => {
    expect(() => loadConfig({ SOMETHING_ELSE: '1', PATH: '/bin' })).not.toThrow();
  });

  it('names the variable whose value is malformed', () => {
    expect(failure({ PORT: 'eighty' }).variable).toBe('PORT');
    expect(failure({ PORT: '70000' }).variable).toBe('PORT');
    expect(failure({ HOTLINE_SECRET: 'short' }).variable).toBe('HOTLINE_SECRET');
    expect(failure({ ADMIN_API_TOKEN: 'short' }).variable).toBe('ADMIN_API_TOKEN');
    expect(failure({ LINE_API_BASE_URL: 'not a url' }).variable).toBe('LINE_API_BASE_URL');
    expect(failure({ MESSENGER_API_VERSION: '25' }).variable).toBe('MESSENGER_API_VERSION');
  });

  it('refuses a half-configured channel, naming what is missing', () => {
    expect(failure({ LINE_CHANNEL_SECRET: 's' }).variable).toBe('LINE_CHANNEL_ACCESS_TOKEN');
    expect(failure({ LINE_CHANNEL_ACCESS_TOKEN: 't' }).variable).toBe('LINE_CHANNEL_SECRET');
    expect(failure({ MESSENGER_APP_SECRET: 's', MESSENGER_VERIFY_TOKEN: 'v' }).variable).toBe(
      'MESSENGER_PAGE_ACCESS_TOKEN',
    );
  });

  it('requires HOTLINE_SECRET in production', () => {
    expect(failure({ NODE_ENV: 'production' }).variable).toBe('HOTLINE_SECRET');
    expect(loadConfig({ NODE_ENV: 'production', HOTLINE_SECRET: SECRET }).production).toBe(true);
  });

  it('reads .env, with the process environment winning over it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hotline-env-'));
    writeFileSync(join(dir, '.env'), 'PORT=4000\nHOST=0.0.0.0\n# a comment\n');
    const env = readEnv(dir, { PORT: '5000' });
    rmSync(dir, { recursive: true });
    expect(loadConfig(env)).toMatchObject({ port: 5000, host: '0.0.0.0' });
  });
});

const start = (env: Record<string, string>) => {
  // Its own process group, so the test can stop npm and the server together.
  const proc = spawn('npm', ['start'], {
    env: { PATH: process.env.PATH!, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  proc.stdout.on('data', (d) => (output += d));
  proc.stderr.on('data', (d) => (output += d));
  return { proc, output: () => output };
};

describe('npm start', () => {
  it('stops at start with a message naming a malformed variable', async () => {
    const { proc, output } = start({ PORT: 'abc' });
    const code = await new Promise((r) => proc.once('exit', r));
    expect(code).not.toBe(0);
    expect(output()).toMatch(/PORT/);
  });

  it('refuses to start on a broken flow file, naming the file, the node and the problem', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hotline-flows-'));
    const flow = readFileSync('flows/intake.flow.yaml', 'utf8').replace(
      'next: consent_given',
      'next: nowhere',
    );
    writeFileSync(join(dir, 'intake.flow.yaml'), flow);
    writeFileSync(join(dir, 'partners.yaml'), readFileSync('flows/partners.yaml', 'utf8'));
    const { proc, output } = start({ FLOWS_DIR: dir, DATABASE_PATH: join(dir, 'db.sqlite') });
    const code = await new Promise((r) => proc.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
    expect(code).not.toBe(0);
    expect(output()).toMatch(/intake\.flow\.yaml:\d+ \(node "consent"\): next points to "nowhere"/);
  });

  it('answers /healthz in production with only HOTLINE_SECRET set (plus an isolated port and file)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hotline-prod-'));
    const port = String(20000 + Math.floor(Math.random() * 20000));
    const { proc } = start({
      NODE_ENV: 'production',
      HOTLINE_SECRET: SECRET,
      PORT: port,
      DATABASE_PATH: join(dir, 'db.sqlite'),
    });
    try {
      const started = Date.now();
      let ok = false;
      while (!ok && Date.now() - started < 30_000) {
        ok = (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null))?.status === 200;
        if (!ok) await new Promise((r) => setTimeout(r, 200));
      }
      expect(ok).toBe(true);
    } finally {
      const exited = new Promise((r) => proc.once('exit', r));
      process.kill(-proc.pid!, 'SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    }
  }, 40_000);
});
