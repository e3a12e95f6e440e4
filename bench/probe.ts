import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * Preloaded into the servers under test (`--import ./bench/probe.ts`): measures how long their
 * event loop is held up, and answers the bench over IPC with the figures since the last ask.
 * 'exit' ends the process at once (a CPU profile is written on exit; a graceful stop would
 * first work off the whole backlog). Nothing in src/ knows about it.
 */
const h = monitorEventLoopDelay({ resolution: 5 });
h.enable();
process.on('message', (m) => {
  if (m === 'exit') process.exit(0);
  if (m !== 'loop-delay') return;
  const ms = (ns: number) => Math.round(ns / 1e5) / 10;
  process.send?.({
    loopDelay: { p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max) },
  });
  h.reset();
});
process.channel?.unref();
