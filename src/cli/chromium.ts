/**
 * Debian's Chromium (installed by .ci/run; playwright's own browser download cannot work here),
 * started so that it does not hang on a closed network (shared/toolchain.md).
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
