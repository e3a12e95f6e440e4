import { asc, eq, min } from 'drizzle-orm';
import type { HostDeps } from '../conversation/deps';
import { deliverDue } from '../conversation/delivery';
import { drainInbox } from '../conversation/worker';
import { releaseLease, takeLease } from '../db/leases';
import { inbox, notifications, outbox } from '../db/schema';
import { errorCode } from '../log';
import { runRetention } from '../privacy/retention';
import { sendDueNotifications } from '../tickets/notifications';

/**
 * The conversation worker on Workers: no process lives on, so each webhook's `waitUntil` and the
 * cron trigger run a sweep that works off whatever is due, with the same functions as Node's
 * in-process loops (drainInbox, deliverDue, sendDueNotifications). Isolates run side by side, so
 * each queue is worked under a lease in the database: one holder at a time drains the inbox in
 * order and sends, and nothing is acted on twice. A sweep that finds the lease taken while work
 * is due looks again until the work is done or the lease is free, so an event stored just as the
 * holder lets go is not left for the cron. Whatever a sweep cannot finish in its budget (or an
 * evicted isolate left behind) the next sweep takes on; the cron runs one every minute.
 */
export interface SweepOptions {
  /** Stop taking on work after this long; the rest waits for the next sweep. */
  budgetMs: number;
  /** How long a lease lasts unless renewed (it is renewed every third of it while held). */
  leaseMs?: number;
  /** How often to look again while another holds the lease, or a retry is due soon. */
  pollMs?: number;
}

interface Queue {
  name: string;
  /** Ms until its next item is due (0: now), or null when nothing is pending. */
  next(deps: HostDeps): Promise<number | null>;
  /** One pass over what is due; `stop` says when to let go between items. */
  pass(deps: HostDeps, stop: () => boolean): Promise<void>;
}

class Stopped extends Error {}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const until = (at: number | null | undefined, now: number) =>
  at === null || at === undefined ? null : Math.max(0, at - now);

/** Inbox in order, then the answers: one holder, as on Node's single worker thread. */
const conversationQueue: Queue = {
  name: 'conversation',
  async next(deps) {
    const { db } = deps.database;
    const pending = await db
      .select({ id: inbox.id })
      .from(inbox)
      .where(eq(inbox.status, 'pending'))
      .limit(1);
    if (pending.length) return 0;
    // Only the oldest pending row of a conversation can go (see dueRows).
    const rows = await db
      .select({ conversationId: outbox.conversationId, at: outbox.nextAttemptAt })
      .from(outbox)
      .where(eq(outbox.status, 'pending'))
      .orderBy(asc(outbox.id))
      .limit(500);
    const heads = new Map<string, number>();
    for (const r of rows) if (!heads.has(r.conversationId)) heads.set(r.conversationId, r.at);
    return heads.size ? until(Math.min(...heads.values()), deps.now()) : null;
  },
  async pass(deps, stop) {
    try {
      await drainInbox(deps, () => {
        if (stop()) throw new Stopped();
      });
    } catch (err) {
      if (err instanceof Stopped) return;
      throw err;
    }
    if (!stop()) await deliverDue(deps);
  },
};

/** Partner notifications: a slow partner never holds up a reporter's answer. */
const notificationQueue: Queue = {
  name: 'notifications',
  async next(deps) {
    const [row] = await deps.database.db
      .select({ at: min(notifications.nextAttemptAt) })
      .from(notifications)
      .where(eq(notifications.status, 'pending'));
    return until(row?.at, deps.now());
  },
  async pass(deps) {
    await sendDueNotifications({
      db: deps.database.db,
      directory: deps.directory,
      notify: deps.notify,
      log: deps.log,
      now: deps.now,
    });
  },
};

export const QUEUES = [conversationQueue, notificationQueue];

/**
 * One isolate's sweeps: at most one at a time, so concurrent requests do not each poll the
 * database for the lease. A wake while a sweep runs asks it for one more round instead, unless
 * it is near the end of its budget; then the new request runs its own (which waits for the
 * lease), so an event is never left to the cron for want of time.
 */
export function createSweeper(deps: HostDeps, opts: Omit<SweepOptions, 'budgetMs'> = {}) {
  let running: { deadline: number } | null = null;
  let again = false;
  const MIN_LEFT_MS = 5_000;
  return {
    /** `waitUntil` keeps the request's sweep alive after its response. */
    wake(waitUntil: (work: Promise<unknown>) => void, budgetMs: number): void {
      if (running && running.deadline - Date.now() > MIN_LEFT_MS) {
        again = true;
        return;
      }
      const mine = { deadline: Date.now() + budgetMs };
      running = mine;
      const work = async () => {
        try {
          do {
            again = false;
            await sweep(deps, { ...opts, budgetMs: mine.deadline - Date.now() });
          } while (again && Date.now() < mine.deadline);
        } finally {
          if (running === mine) running = null;
        }
      };
      waitUntil(work());
    },
  };
}

/** Works every queue until nothing is due within the budget. Never throws. */
export async function sweep(deps: HostDeps, opts: SweepOptions): Promise<void> {
  const deadline = Date.now() + opts.budgetMs;
  await Promise.all(
    QUEUES.map((q) =>
      sweepQueue(deps, q, opts, deadline).catch((err) =>
        deps.log.error('sweep failed', { queue: q.name, code: errorCode(err) }),
      ),
    ),
  );
}

async function sweepQueue(
  deps: HostDeps,
  queue: Queue,
  opts: SweepOptions,
  deadline: number,
): Promise<void> {
  const { db } = deps.database;
  const leaseMs = opts.leaseMs ?? 30_000;
  const pollMs = opts.pollMs ?? 250;
  const holder = crypto.randomUUID();
  const dueInBudget = async () => {
    const wait = await queue.next(deps);
    return wait !== null && Date.now() + wait < deadline ? wait : null;
  };
  for (;;) {
    const wait = await dueInBudget();
    if (wait === null) return;
    if (wait > 0) {
      await sleep(Math.min(wait, pollMs));
      continue;
    }
    if (!(await takeLease(db, queue.name, holder, leaseMs))) {
      // Another sweep is at it; it looks again before letting go, but may run out of time.
      await sleep(pollMs);
      continue;
    }
    let lost = false;
    const renew = setInterval(() => {
      takeLease(db, queue.name, holder, leaseMs).then(
        (ok) => (lost ||= !ok),
        () => undefined,
      );
    }, leaseMs / 3);
    const stop = () => lost || Date.now() >= deadline;
    try {
      // Holding the lease: work, and keep looking while something is due soon.
      for (;;) {
        await queue.pass(deps, stop);
        if (stop()) break;
        const next = await dueInBudget();
        if (next === null) break;
        if (next > 0) await sleep(Math.min(next, pollMs));
      }
    } finally {
      clearInterval(renew);
      await releaseLease(db, queue.name, holder).catch(() => undefined);
    }
  }
}

const HOUR = 3_600_000;

/**
 * The retention pass at most once an hour, as on Node: a lease taken for an hour and never let
 * go, so whichever cron invocation finds it expired runs the pass. Never throws.
 */
export async function hourlyRetention(deps: HostDeps): Promise<void> {
  try {
    if (!(await takeLease(deps.database.db, 'retention', crypto.randomUUID(), HOUR))) return;
    await runRetention({
      database: deps.database,
      now: deps.now,
      log: deps.log,
      policy: deps.retention,
    });
  } catch (err) {
    deps.log.error('retention failed', { code: errorCode(err) });
  }
}
