import { watch, type FSWatcher } from 'node:fs';
import type { Config } from '../config';
import type { Logger } from '../log';

/** Development: edits under FLOWS_DIR or LOCALES_DIR trigger a reload, once they settle. */
export function watchContent(
  config: Pick<Config, 'flowsDir' | 'localesDir'>,
  onChange: () => void,
  log: Logger,
  settleMs = 300,
): FSWatcher[] {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const changed = () => {
    clearTimeout(timer);
    timer = setTimeout(onChange, settleMs);
    timer.unref?.();
  };
  const watchers: FSWatcher[] = [];
  for (const dir of [config.flowsDir, config.localesDir]) {
    try {
      const w = watch(dir, { recursive: true }, changed);
      w.on('error', () => undefined);
      w.unref();
      watchers.push(w);
    } catch {
      log.warn('cannot watch for edits: restart after changing files', { path: dir });
    }
  }
  return watchers;
}
