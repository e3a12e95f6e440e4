import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { nodeKeys } from '../../src/crypto/node-keys';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'hotline-cli-partners-'));
const SECRET = 'a-cli-test-hotline-secret-0123456789abcdef';
const cli = (args: string[], env: Record<string, string> = {}) =>
  run('npm', ['run', '--silent', 'cli', '--', 'partners', ...args], {
    env: { PATH: process.env.PATH, DATABASE_PATH: join(dir, 'hotline.sqlite'), ...env },
  });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('prints the partner’s signing secret alone on standard output', async () => {
  const { stdout } = await cli(['secret', '--partner', 'demo-ngo-tokai'], {
    HOTLINE_SECRET: SECRET,
  });
  expect(stdout).toBe((await nodeKeys(SECRET).notifySecret('demo-ngo-tokai')) + '\n');
  // The operator's own choice wins.
  const own = 'the-tokai-groups-own-secret-0123456789';
  const overridden = await cli(['secret', '--partner', 'demo-ngo-tokai'], {
    HOTLINE_SECRET: SECRET,
    PARTNER_SECRET_DEMO_NGO_TOKAI: own,
  });
  expect(overridden.stdout).toBe(own + '\n');
});

it('uses the generated development secret when HOTLINE_SECRET is unset, as the server does', async () => {
  const { stdout } = await cli(['secret', '--partner', 'demo-ngo-national']);
  const dev = readFileSync(join(dir, '.hotline-secret'), 'utf8').trim();
  expect(stdout).toBe((await nodeKeys(dev).notifySecret('demo-ngo-national')) + '\n');
});

it('refuses an unknown partner with exit code 2, naming the known ones', async () => {
  const err = await cli(['secret', '--partner', 'no-such-ngo'], { HOTLINE_SECRET: SECRET }).catch(
    (e) => e,
  );
  expect(err.code).toBe(2);
  expect(err.stdout).toBe('');
  expect(err.stderr).toMatch(
    /no partner "no-such-ngo" in the directory \(known: demo-ngo-national/,
  );
});

it('says which partner and rule would take a case', async () => {
  const { stdout } = await cli(['route', '--category', 'job_change', '--residence', 'esd']);
  expect(stdout).toBe(
    'demo-hello-work (hello_work): rule job-change-hello-work: A job change alone, for SSW or ESD workers, goes to Hello Work (contract rule)\n',
  );
});
