import { asc, eq } from 'drizzle-orm';
import type { InboundEvent } from '../channels/types';
import { decrypt } from '../crypto/keys';
import { inbox } from '../db/schema';
import { errorCode } from '../log';
import type { HostDeps } from './deps';
import { runRetention } from '../privacy/retention';
import { sendDueNotifications } from '../tickets/notifications';
import { deliverRow, dueRows } from './delivery';
import { inboxContext, processInboxRow, type InboxRow } from './process';

const MAX_ATTEMPTS = 5;
const RETENTION_EVERY_MS = 60 * 60_000;

const yieldToIo = () =>
  new Promise<void>((resolve) =>
    typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0),
  );

/**
 * Takes pending inbox rows in order, strictly one at a time per conversation; a failing row is
 * retried a few times, then set aside with its error code, never blocking the others.
 */
export async function drainInbox(
  deps: HostDeps,
  afterEach: () => void = () => {},
): Promise<number> {
  const { db } = deps.database;
  let handled = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(inbox)
      .where(eq(inbox.status, 'pending'))
      .orderBy(asc(inbox.id))
      .limit(50);
    const blocked = new Set<string>();
    let progressed = false;
    for (const row of rows) {
      if (blocked.has(row.conversationId)) continue;
      // Let waiting webhooks in between rows: acknowledging fast matters more than a backlog.
      await yieldToIo();
      const ok = await handle(deps, row);
      if (ok) {
        progressed = true;
        handled++;
        afterEach();
      } else blocked.add(row.conversationId);
    }
    if (!progressed || rows.length < 50) return handled;
  }
}

async function handle(deps: HostDeps, row: InboxRow): Promise<boolean> {
  try {
    await showTyping(deps, row);
    await processInboxRow(deps, row);
    return true;
  } catch (err) {
    const attempts = row.attempts + 1;
    const code = errorCode(err);
    await deps.database.db
      .update(inbox)
      .set({ attempts, errorCode: code, status: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending' })
      .where(eq(inbox.id, row.id));
    deps.log.error('event processing failed', {
      inbox: row.id,
      channel: row.channel,
      code,
      attempt: attempts,
    });
    return attempts >= MAX_ATTEMPTS;
  }
}

/** LINE's loading animation while the bot works on a message; best effort, first attempt only. */
async function showTyping(deps: HostDeps, row: InboxRow): Promise<void> {
  const sender = deps.senders[row.channel as keyof HostDeps['senders']];
  if (!sender || row.attempts > 0) return;
  const event = JSON.parse(await decrypt(deps.keys, row.eventEnc, inboxContext)) as InboundEvent;
  if (event.payload.kind === 'text' || event.payload.kind === 'postback') {
    void sender.typing(event.userId).catch(() => undefined);
  }
}

export interface Worker {
  /** Ask for a pass soon (after a webhook stored events). */
  kick(): void;
  start(): void;
  stop(): Promise<void>;
  /** Resolves when nothing is left to do right now (for tests and shutdown). */
  idle(): Promise<void>;
}

/**
 * The in-process loops on Node: one drains the inbox in order; the other sends, one row per
 * conversation at a time but conversations in parallel, so a slow platform call never holds up
 * the processing of new messages or other reporters' answers. On Workers the same functions run
 * in waitUntil and the cron sweep.
 */
export function createWorker(deps: HostDeps, tickMs = 200): Worker {
  let timer: ReturnType<typeof setInterval> | null = null;
  const inFlight = new Map<string, Promise<void>>();

  const deliver = singleFlight(async () => {
    for (const row of await dueRows(deps)) {
      if (inFlight.has(row.conversationId)) continue;
      const sending = deliverRow(deps, row).finally(() => {
        inFlight.delete(row.conversationId);
        deliver.kick();
      });
      inFlight.set(row.conversationId, sending);
    }
  }, deps);
  // Partner notifications go out on their own, so a slow partner never delays a reporter.
  const notify = singleFlight(async () => {
    await sendDueNotifications({
      db: deps.database.db,
      directory: deps.directory,
      notify: deps.notify,
      log: deps.log,
      now: deps.now,
    });
  }, deps);
  // Retention once an hour (and soon after start): cheap when there is nothing to remove.
  const retention = singleFlight(async () => {
    await runRetention({
      database: deps.database,
      now: deps.now,
      log: deps.log,
      policy: deps.retention,
    });
  }, deps);
  let retentionAt = -Infinity;
  const retentionDue = () => {
    if (deps.now() - retentionAt < RETENTION_EVERY_MS) return;
    retentionAt = deps.now();
    retention.kick();
  };
  const processing = singleFlight(async () => {
    await drainInbox(deps, () => {
      deliver.kick();
      notify.kick();
    });
  }, deps);

  return {
    // New inbox rows, or an outbox row written elsewhere (a staff answer): both passes look.
    kick: () => {
      processing.kick();
      deliver.kick();
    },
    start() {
      if (timer) return;
      timer = setInterval(() => {
        processing.kick();
        deliver.kick();
        notify.kick();
        retentionDue();
      }, tickMs);
      timer.unref?.();
      processing.kick();
      deliver.kick();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await processing.idle();
      await deliver.idle();
      await notify.idle();
      await retention.idle();
      await Promise.all(inFlight.values());
    },
    async idle() {
      do {
        await processing.idle();
        await deliver.idle();
        await notify.idle();
        await Promise.all(inFlight.values());
      } while (processing.busy() || deliver.busy() || notify.busy() || inFlight.size > 0);
    },
  };
}

/** Runs `fn` one pass at a time; a kick during a pass asks for one more pass after it. */
function singleFlight(fn: () => Promise<void>, deps: HostDeps) {
  let running: Promise<void> | null = null;
  let again = false;
  const loop = async () => {
    do {
      again = false;
      try {
        await fn();
      } catch (err) {
        deps.log.error('worker pass failed', { code: errorCode(err) });
      }
    } while (again);
  };
  return {
    kick() {
      if (running) {
        again = true;
        return;
      }
      running = loop().finally(() => {
        running = null;
      });
    },
    busy: () => running !== null,
    async idle() {
      while (running) await running;
    },
  };
}
