import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { diagramCommand } from '../../src/cli/diagram';
import { hasChromium } from '../helpers/browser';

/**
 * `cli diagram`: the Mermaid text of a flow, kept as a golden file (regenerate with
 * `UPDATE_GOLDEN=1 npm test` after an intended change, and review the diff), and the image
 * Mermaid draws of it in Chromium.
 */
const BASE = fileURLToPath(new URL('../fixtures/operator/base', import.meta.url));
const GOLDEN = fileURLToPath(new URL('../fixtures/diagram/base.mmd', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'hotline-diagram-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function diagram(
  args: string[],
  flowsDir = join(BASE, 'flows'),
  localesDir = join(BASE, 'locales'),
) {
  let out = '';
  const code = await diagramCommand(args, { out: (s) => (out += s), flowsDir, localesDir });
  return { code, out };
}

describe('cli diagram', () => {
  it('prints the same Mermaid flowchart every time, as in the golden file', async () => {
    const { code, out } = await diagram([]);
    expect(code).toBe(0);
    expect((await diagram(['--flow', 'intake', '--language', 'en'])).out).toBe(out);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, out);
    expect(out).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('labels nodes with id, kind and English text, and edges with options and conditions', async () => {
    const lines = (await diagram([])).out.split('\n');
    expect(lines[0]).toBe('flowchart TD');
    expect(lines).toEqual(
      expect.arrayContaining([
        '  start --> n_welcome',
        '  danger -.-> n_safety',
        '  n_consent["<b>consent</b> · yesno<br/>You can stay anonymous. Do you want to …"]',
        '  n_consent_given{"<b>consent_given</b> · branch"}',
        '  n_consent -->|"yes · no"| n_consent_given',
        '  n_consent_given -->|"consent is yes"| n_category',
        '  n_consent_given -->|"otherwise"| n_declined',
        '  n_category -->|"group_pay (2), question · done · skip"| n_question_only',
        '  n_language -->|"vi, en"| n_consent',
        '  class n_declined,n_faq_end,n_next_steps ending',
        '  class danger,n_safety danger',
      ]),
    );
  });

  it('draws the texts of another language', async () => {
    expect((await diagram(['--language', 'vi'])).out).toContain(
      'n_safety["<b>safety</b> · yesno<br/>Bây giờ bạn có an toàn không?"]',
    );
  });

  it('writes the Mermaid text to a .mmd file, or inside a Markdown file', async () => {
    const mmd = join(tmp, 'flow.mmd');
    const md = join(tmp, 'flow.md');
    expect((await diagram(['--out', mmd])).out).toBe(`${mmd}\n`);
    await diagram(['--out', md]);
    expect(readFileSync(mmd, 'utf8')).toBe(readFileSync(GOLDEN, 'utf8'));
    expect(readFileSync(md, 'utf8')).toBe('```mermaid\n' + readFileSync(GOLDEN, 'utf8') + '```\n');
  });

  it('refuses an unknown flow and an output it cannot write', async () => {
    await expect(diagram(['--flow', 'nope'])).rejects.toThrow(/nope\.flow\.yaml: no such flow/);
    await expect(diagram(['--out', join(tmp, 'flow.pdf')])).rejects.toThrow(
      /--out must end in \.mmd, \.md, \.svg or \.png/,
    );
  });

  it.runIf(hasChromium)(
    'draws the flow as SVG and PNG with Mermaid in Chromium',
    async () => {
      const svg = join(tmp, 'flow.svg');
      const png = join(tmp, 'flow.png');
      expect((await diagram(['--out', svg])).code).toBe(0);
      const text = readFileSync(svg, 'utf8');
      expect(text.startsWith('<svg')).toBe(true);
      expect(text).toContain('consent_given');
      expect(text).toContain('danger word');
      expect((await diagram(['--out', png])).code).toBe(0);
      expect(existsSync(png)).toBe(true);
      expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
    },
    60_000,
  );
});
