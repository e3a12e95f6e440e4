/**
 * The Worker's flows and locales: dist/worker/content.js, written at build time by
 * src/entry/bundle-content.ts (wrangler's `[build] command`) and found through `[alias]` in
 * wrangler.toml. Never committed, so never stale.
 */
declare module 'hotline:content' {
  import type { ContentTexts } from '../../src/entry/content';
  const texts: ContentTexts;
  export default texts;
}
