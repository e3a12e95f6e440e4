/** Messages between the server's main thread and its worker thread. */
export type ToThread =
  | { type: 'kick' }
  | { type: 'idle'; id: number }
  | { type: 'stop'; id: number }
  /** Read flows and locales again (they were validated by the main thread just before). */
  | { type: 'reload'; id: number };

export type FromThread =
  | { type: 'ready' }
  | { type: 'log'; line: string }
  | { type: 'idle'; id: number }
  | { type: 'stopped'; id: number }
  | { type: 'reloaded'; id: number; ok: boolean; message?: string }
  | { type: 'failed'; code: string; message: string };
