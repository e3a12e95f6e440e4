import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { validateCommand } from '../../src/cli/validate';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hotline-validate-'));
  cpSync('flows', join(dir, 'flows'), { recursive: true });
  cpSync('locales', join(dir, 'locales'), { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const run = async () => {
  let out = '';
  const code = await validateCommand([], {
    out: (s) => (out += s),
    flowsDir: join(dir, 'flows'),
    localesDir: join(dir, 'locales'),
  });
  return { code, out };
};
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- locale JSON of any shape
const edit = (file: string, change: (json: Record<string, any>) => void) => {
  const path = join(dir, 'locales', file);
  const json = JSON.parse(readFileSync(path, 'utf8'));
  change(json);
  writeFileSync(path, JSON.stringify(json, null, 2));
};

it('passes the shipped flows, partners and locales with zero errors', async () => {
  const { code, out } = await run();
  expect(out).toMatch(/ 0 errors/);
  expect(code).toBe(0);
});

it('names the file and key of each translation mistake, and fails', async () => {
  edit('vi/intake.json', (j) => {
    delete j.words;
    j.confirm = 'Kiểm tra: {{summry}}';
  });
  edit('ja/common.json', (j) => {
    j.control.skip = 'この しつもんには こたえないで つぎへ いきます';
  });
  edit('vi/commands.json', (j) => {
    j.help.push(j.delete[0]);
  });
  const { code, out } = await run();
  expect(code).toBe(1);
  expect(out).toContain(
    'error  ' +
      join(dir, 'locales/vi/intake.json') +
      ':1: intake:words: missing, so vi is not offered',
  );
  expect(out).toMatch(
    /vi\/intake\.json:\d+: intake:confirm: placeholders \{\{summry\}\} differ from English \{\{summary\}\}/,
  );
  expect(out).toMatch(
    /ja\/common\.json:\d+: common:control\.skip: button label is \d+ characters, at most 20/,
  );
  expect(out).toMatch(
    /vi\/commands\.json:\d+: commands:(help|delete): keyword ".+" is also a keyword of/,
  );
  expect(out).toMatch(/ 4 errors/);
  // A language lacking a text of the flow is not offered at all.
  expect(out).toMatch(/intake v\d+: offered in id, ja, en/);
});

it('reports a broken flow file before anything else', async () => {
  const path = join(dir, 'flows', 'intake.flow.yaml');
  writeFileSync(path, readFileSync(path, 'utf8').replace('kind: ticket', 'kind: tikcet'));
  const { code, out } = await run();
  expect(code).toBe(1);
  expect(out).toMatch(/intake\.flow\.yaml:\d+ \(node "file"\)/);
});

it('lists safety-critical texts not yet reviewed, and stops once they are', async () => {
  expect((await run()).out).toMatch(/vi\/emergency\.json:\d+: emergency:card: SAFETY-CRITICAL/);
  writeFileSync(
    join(dir, 'locales/vi/_review.json'),
    JSON.stringify({ reviewed: ['emergency:card'] }),
  );
  expect((await run()).out).not.toMatch(/vi\/emergency\.json:\d+: emergency:card: SAFETY-CRITICAL/);
});

it('names the line of a partner’s unreadable hours, and stops there', async () => {
  const path = join(dir, 'flows', 'partners.yaml');
  writeFileSync(
    path,
    readFileSync(path, 'utf8').replace(
      'hours: Mon-Fri 8:30-17:15\n',
      'hours: Mon-Fri 8:30-17:75\n',
    ),
  );
  const { code, out } = await run();
  expect(code).toBe(1);
  expect(out).toMatch(/partners\.yaml:\d+: partners\.3\.hours: .*"17:75" is not a time/);
});

it('reports a phone number that does not look Japanese as an error, at its line', async () => {
  const path = join(dir, 'flows', 'partners.yaml');
  const text = readFileSync(path, 'utf8').replace(
    '    hours: Mon-Fri 8:30-17:15\n',
    '    hours: Mon-Fri 8:30-17:15\n    phone: +1 555 0100\n',
  );
  writeFileSync(path, text);
  const line = text.split('\n').findIndex((l) => l.includes('+1 555')) + 1;
  const { code, out } = await run();
  expect(code).toBe(1);
  expect(out).toContain(
    `error  ${path}:${line}: partners.3.phone: "+1 555 0100" does not look like a Japanese phone number`,
  );
});

it('names the line of a routing rule that points at no partner, and warns about rules that never apply', async () => {
  const path = join(dir, 'flows', 'routing.yaml');
  const shipped = readFileSync(path, 'utf8');
  writeFileSync(path, shipped.replace('partner: demo-ngo-tokai', 'partner: tokai'));
  const broken = await run();
  expect(broken.code).toBe(1);
  expect(broken.out).toMatch(
    /routing\.yaml:\d+: rule "tokai-trainee-support" names partner "tokai", which is not in the directory/,
  );

  writeFileSync(
    path,
    shipped.replace('    kind: hello_work\n', '    partner: demo-ngo-national\n'),
  );
  const never = await run();
  expect(never.code).toBe(0);
  expect(never.out).toMatch(
    /warn {3}.*routing\.yaml:\d+: rule "job-change-hello-work" can never apply: it matches only a job change alone, for SSW or ESD, which the contract sends to Hello Work/,
  );
});
