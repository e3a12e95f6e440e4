import { CliError } from './tokens';
import { validateCommand } from './validate';

export interface ReloadIo {
  out: (s: string) => void;
  flowsDir: string;
  localesDir: string;
  /** The running server's process id (from its pid file), or null. */
  serverPid: () => number | null;
  signal: (pid: number) => void;
}

/**
 * `reload`: validates every flow, partner and locale file, and only when there is no error asks
 * the running server to read them again (SIGHUP). The server checks them once more and logs
 * "content reloaded" with the new flow version, or keeps running on the old files.
 */
export async function reloadCommand(args: string[], io: ReloadIo): Promise<number> {
  if (args.length) throw new CliError('usage: reload');
  let report = '';
  const code = await validateCommand([], { ...io, out: (s) => (report += s) });
  if (code !== 0) {
    io.out(report + 'Nothing was reloaded: fix the errors above first.\n');
    return 1;
  }
  const pid = io.serverPid();
  if (pid === null)
    throw new CliError('reload: no running server found (no hotline.pid beside DATABASE_PATH)');
  try {
    io.signal(pid);
  } catch {
    throw new CliError(`reload: no server runs as process ${pid} (a stale hotline.pid?)`);
  }
  io.out(
    `${report.trim().split('\n').at(-1)}\nAsked the server (process ${pid}) to reload; it logs "content reloaded" with the new version.\n`,
  );
  return 0;
}
