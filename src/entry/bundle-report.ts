import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * `npm run worker:bundle`: after `wrangler deploy --dry-run --outdir <dir> --metafile`, one line
 * with the Worker's size, raw and gzipped (what Cloudflare counts against its limits), and exit
 * 1 above the budget or when a Node-only module reached the bundle.
 *
 *   tsx src/entry/bundle-report.ts <outdir>
 */
const BUDGET_GZIP = 1024 * 1024;
/** Modules that must never reach the Worker: native, file system, threads, the Node entry. */
const FORBIDDEN = [
  /node_modules\/better-sqlite3\//,
  /node_modules\/hash-wasm\//,
  /node_modules\/@hono\/node-server\//,
  /src\/db\/node-sqlite\.ts$/,
  /src\/crypto\/node-keys\.ts$/,
  /src\/entry\/(server|node|files|env|secret|thread-worker|worker-thread)\.ts$/,
];
const FORBIDDEN_IMPORTS = ['node:fs', 'node:worker_threads', 'node:child_process', 'node:os'];

const dir = process.argv[2];
if (!dir) throw new Error('usage: bundle-report.ts <wrangler --outdir>');
const modules = readdirSync(dir).filter((f) => /\.(m?js|wasm)$/.test(f));
let raw = 0;
let gzip = 0;
for (const f of modules) {
  const bytes = readFileSync(join(dir, f));
  raw += statSync(join(dir, f)).size;
  gzip += gzipSync(bytes, { level: 9 }).length;
}
const problems: string[] = [];
const metaPath = join(dir, 'meta.json');
try {
  const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as {
    outputs: Record<string, { inputs: Record<string, unknown>; imports?: { path: string }[] }>;
  };
  for (const out of Object.values(meta.outputs)) {
    for (const input of Object.keys(out.inputs))
      if (FORBIDDEN.some((re) => re.test(input))) problems.push(`${input} is in the bundle`);
    for (const i of out.imports ?? [])
      if (FORBIDDEN_IMPORTS.includes(i.path)) problems.push(`the bundle imports ${i.path}`);
  }
} catch {
  problems.push(`${metaPath}: no esbuild metafile (run wrangler with --metafile)`);
}
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
if (gzip > BUDGET_GZIP)
  problems.push(`${kib(gzip)} gzipped is over the budget of ${kib(BUDGET_GZIP)}`);
process.stdout.write(
  `worker bundle: ${kib(raw)} raw, ${kib(gzip)} gzipped (budget ${kib(BUDGET_GZIP)}), ${modules.length} module(s)\n`,
);
for (const p of problems) process.stdout.write(`worker bundle: ${p}\n`);
process.exit(problems.length ? 1 : 0);
