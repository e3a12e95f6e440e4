import { CHROMIUM, CHROMIUM_ARGS } from './chromium';
import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import { normaliseLanguage } from '../i18n/languages';
import { loadFlowFile } from './flow-files';
import { flowMermaid } from './mermaid';
import { parseOptions } from './options';
import { CliError } from './tokens';

/**
 * `diagram [--flow intake] [--language en] [--out file.mmd|file.svg|file.png]`: the flow as
 * Mermaid text on standard output or in a .mmd file, or drawn into an SVG or PNG by Mermaid in
 * a headless Chromium (the browser the end-to-end tests use).
 */
export async function diagramCommand(
  args: string[],
  io: { out: (s: string) => void; flowsDir: string; localesDir: string },
): Promise<number> {
  const { values } = parseOptions('diagram', args, {
    values: ['flow', 'language', 'out'],
    flags: [],
  });
  const language = normaliseLanguage(values.language ?? 'en');
  if (!language) throw new CliError(`diagram: "${values.language}" is not a language id`);
  const { flow, translator } = await loadFlowFile(
    io.flowsDir,
    io.localesDir,
    values.flow ?? 'intake',
  );
  const text = flowMermaid(flow, translator.forLanguage(language));
  const out = values.out;
  if (!out) {
    io.out(text);
    return 0;
  }
  const kind = extname(out).toLowerCase();
  if (kind === '.mmd' || kind === '.md') {
    writeFileSync(out, kind === '.md' ? '```mermaid\n' + text + '```\n' : text);
  } else if (kind === '.svg' || kind === '.png') {
    await renderImage(text, out, kind === '.svg' ? 'svg' : 'png');
  } else {
    throw new CliError(`diagram: --out must end in .mmd, .md, .svg or .png, not "${out}"`);
  }
  io.out(`${out}\n`);
  return 0;
}

/** Debian's Chromium, as in test/helpers/browser.ts; playwright's own download cannot work here. */

const NO_IMAGE = (why: string) =>
  new CliError(
    `diagram: cannot draw an image here: ${why}.\n` +
      'Write the Mermaid text instead (--out flow.mmd, or --out flow.md for a Markdown file): GitHub ' +
      'shows it as a diagram, and so does any Mermaid viewer.',
  );

async function renderImage(text: string, out: string, format: 'svg' | 'png'): Promise<void> {
  const require = createRequire(import.meta.url);
  let bundle: string;
  let chromium: typeof import('playwright-core').chromium;
  try {
    bundle = require.resolve('mermaid/dist/mermaid.min.js');
    ({ chromium } = await import('playwright-core'));
  } catch {
    throw NO_IMAGE(
      'the development packages mermaid and playwright-core are not installed (npm ci)',
    );
  }
  if (!existsSync(CHROMIUM))
    throw NO_IMAGE(`no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage({ deviceScaleFactor: 2 });
    await page.setContent(
      '<!doctype html><html><body style="margin:0;background:#fff"></body></html>',
    );
    await page.addScriptTag({ path: bundle });
    const svg = await page.evaluate(async (definition: string) => {
      const mermaid = (globalThis as unknown as { mermaid: MermaidApi }).mermaid;
      mermaid.initialize({
        startOnLoad: false,
        securityLevel: 'strict',
        theme: 'default',
        flowchart: { wrappingWidth: 320 },
      });
      return (await mermaid.render('diagram', definition)).svg;
    }, text);
    if (format === 'svg') {
      writeFileSync(out, svg);
      return;
    }
    await page.setContent(
      `<!doctype html><html><body style="margin:0;background:#fff">${svg}</body></html>`,
    );
    await page.locator('svg').first().screenshot({ path: out });
  } finally {
    await browser.close();
  }
}

interface MermaidApi {
  initialize(config: Record<string, unknown>): void;
  render(id: string, text: string): Promise<{ svg: string }>;
}
