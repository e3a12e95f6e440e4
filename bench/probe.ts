import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * Preloaded into the servers under test (`--import ./bench/probe.ts`): measures how long their
 * event loop is held up, and answers the bench over IPC with the figures since the last ask.
 * 'exit' ends the process at once (a CPU profile is written on exit; a graceful stop would
 * first work off the whole backlog). `{ profile: 'start' }` and `{ profile: '<file>' }` take a
 * CPU profile of this (the webhook) thread over a window only (bench/closed-loop.ts).
 * Nothing in src/ knows about it.
 */
const h = monitorEventLoopDelay({ resolution: 5 });
h.enable();
let session: Session | null = null;
process.on('message', (m: unknown) => {
  if (m === 'exit') process.exit(0);
  if (m && typeof m === 'object' && 'profile' in m) {
    const what = String((m as { profile: string }).profile);
    if (what === 'start') {
      session = new Session();
      session.connect();
      session.post('Profiler.enable', () =>
        session!.post('Profiler.start', () => process.send?.({ profiling: true })),
      );
    } else
      session?.post('Profiler.stop', (err, res) => {
        if (!err) writeFileSync(what, JSON.stringify(res.profile));
        session?.disconnect();
        session = null;
        process.send?.({ profiled: what });
      });
    return;
  }
  if (m !== 'loop-delay') return;
  const ms = (ns: number) => Math.round(ns / 1e5) / 10;
  process.send?.({
    loopDelay: { p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max) },
  });
  h.reset();
});
process.channel?.unref();
