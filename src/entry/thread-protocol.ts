/** Messages between the server's main thread and its worker thread. */
export type ToThread =
  { type: 'kick' } | { type: 'idle'; id: number } | { type: 'stop'; id: number };

export type FromThread =
  | { type: 'ready' }
  | { type: 'log'; line: string }
  | { type: 'idle'; id: number }
  | { type: 'stopped'; id: number }
  | { type: 'failed'; code: string; message: string };
