import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where the running server writes its process id, beside the database (for `cli reload`). */
export const pidFilePath = (databasePath: string): string =>
  join(databasePath === ':memory:' ? './data' : dirname(databasePath), 'hotline.pid');

export function writePidFile(databasePath: string): () => void {
  const path = pidFilePath(databasePath);
  writeFileSync(path, `${process.pid}\n`);
  return () => {
    // Only our own: a newer server may have taken the file over.
    if (existsSync(path) && readFileSync(path, 'utf8').trim() === String(process.pid))
      rmSync(path, { force: true });
  };
}

export function readPidFile(databasePath: string): number | null {
  const path = pidFilePath(databasePath);
  if (!existsSync(path)) return null;
  const pid = Number(readFileSync(path, 'utf8').trim());
  return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
}
