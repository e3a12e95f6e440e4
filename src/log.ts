/**
 * JSON-lines logger. Callers pass event ids, ticket references and error codes only: never
 * message text, names or platform user ids (see contract "Privacy promises").
 */
export type LogFields = Record<string, string | number | boolean | null | undefined>;
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A line already formatted by another logger (e.g. the worker thread's). */
  write(line: string): void;
}

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
type Level = (typeof LEVELS)[number];

export function createLogger(
  level: Level,
  write: (line: string) => void = (l) => process.stdout.write(l + '\n'),
): Logger {
  const min = LEVELS.indexOf(level);
  // Levels below the minimum are a no-op chosen once, not a check on every call.
  const off = () => undefined;
  const at = (lvl: Level) =>
    LEVELS.indexOf(lvl) < min
      ? off
      : (msg: string, fields?: LogFields) =>
          write(JSON.stringify({ time: new Date().toISOString(), level: lvl, msg, ...fields }));
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), write };
}

/** Error code of anything thrown, for logs: never the message, which might quote input. */
export const errorCode = (err: unknown): string =>
  err instanceof Error
    ? (('code' in err && typeof err.code === 'string' ? err.code : null) ?? err.name)
    : 'unknown';
