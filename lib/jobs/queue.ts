// The job queue: pg-boss in the application's own PostgreSQL, in a schema of
// its own ("pgboss"). pg-boss creates (and upgrades) that schema itself when it
// starts, under an advisory lock, so several instances may start at once. The
// Prisma migrations never see it: they manage the "public" schema only, and
// the tests' template database (lib/testing/global-setup.ts) is never touched
// by pg-boss, so each test file's copy starts without it.
import pg from "pg";
import PgBoss from "pg-boss";
import { resolveDatabaseUrl } from "@/lib/database/url";
import { log } from "@/lib/log";

export const QUEUE_SCHEMA = "pgboss";

export type QueueDefinition = PgBoss.Queue;

export type QueueSettings = {
  /** Created unless they exist (pg-boss 10 needs a queue before send or work). */
  queues: QueueDefinition[];
  /** How often one instance expires stuck jobs and archives old ones (default 60 s). */
  maintenanceIntervalSeconds?: number;
  /** Connections of the queue's own pool (default 4). */
  poolSize?: number;
};

/** The fields of an error that are safe to log: never a query's values or a job's data. */
export function errorFields(error: unknown): { reason: string; sqlstate?: string } {
  const e = error as { name?: string; message?: string; code?: unknown };
  const sqlstate = typeof e?.code === "string" && /^[0-9A-Z]{5}$/.test(e.code) ? e.code : undefined;
  return { reason: `${e?.name ?? "Error"}: ${String(e?.message ?? "").slice(0, 200)}`, sqlstate };
}

/**
 * Starts pg-boss over a pool of its own on `url`: installs or upgrades its
 * schema, then creates the queues (a no-op for those that exist). Throws when
 * the database cannot be reached; the pool is closed again then.
 */
export async function openQueue(url: string, settings: QueueSettings): Promise<{ boss: PgBoss; close: () => Promise<void> }> {
  const pool = new pg.Pool({
    connectionString: url,
    max: settings.poolSize ?? 4,
    connectionTimeoutMillis: 3_000,
    // Longer than the application's 5 s: maintenance moves many rows at once.
    statement_timeout: 30_000,
    idleTimeoutMillis: 30_000,
    application_name: "pgboss",
  });
  // A connection dropped by the server (restart, failover) must not crash the process.
  pool.on("error", (error) => log.warn("queue connection lost", errorFields(error)));
  const boss = new PgBoss({
    db: { executeSql: (text, values) => pool.query(text, values) },
    schema: QUEUE_SCHEMA,
    // No cron jobs: that would add a queue, a worker and clock checks for nothing.
    schedule: false,
    maintenanceIntervalSeconds: settings.maintenanceIntervalSeconds ?? 60,
    // Jobs hold email addresses and texts: the archive keeps finished ones for a day, not pg-boss's 7.
    deleteAfterDays: 1,
  });
  boss.on("error", (error) => log.error("queue error", errorFields(error)));
  try {
    await boss.start();
    for (const queue of settings.queues) await boss.createQueue(queue.name, queue);
  } catch (error) {
    await boss.stop({ graceful: false, close: false }).catch(() => {});
    await pool.end().catch(() => {});
    throw error;
  }
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      // Graceful: jobs in hand get up to 10 s to finish; whatever is left goes back to the queue.
      await boss.stop({ graceful: true, wait: true, timeout: 10_000, close: false });
      await pool.end();
    })());
  return { boss, close };
}

type ProcessQueue = { opened: ReturnType<typeof openQueue>; created: Map<string, Promise<void>> };

// One pg-boss per process, shared by every bundle of the server (instrumentation,
// pages, actions) and kept across dev hot reloads, as lib/db.ts does for Prisma.
const globalForQueue = globalThis as unknown as { staffPortalQueue?: ProcessQueue };

/**
 * This process's queue, started on first use from DATABASE_URL (or the
 * embedded server's URL), with `queues` created once each. A failed start is
 * forgotten, so the next call tries again.
 */
export async function processQueue(queues: QueueDefinition[] = []): Promise<PgBoss> {
  if (!globalForQueue.staffPortalQueue) {
    const url = resolveDatabaseUrl(process.env);
    if (!url) throw new Error("DATABASE_URL is not set: the job queue has no database.");
    const entry: ProcessQueue = { opened: openQueue(url, { queues: [] }), created: new Map() };
    globalForQueue.staffPortalQueue = entry;
    entry.opened.catch(() => {
      if (globalForQueue.staffPortalQueue === entry) globalForQueue.staffPortalQueue = undefined;
    });
  }
  const entry = globalForQueue.staffPortalQueue;
  const { boss } = await entry.opened;
  for (const queue of queues) {
    if (!entry.created.has(queue.name)) {
      const creating = boss.createQueue(queue.name, queue);
      entry.created.set(queue.name, creating);
      creating.catch(() => entry.created.delete(queue.name));
    }
    await entry.created.get(queue.name);
  }
  return boss;
}

/**
 * Stops this process's queue (tests, scripts, a signal): jobs in hand finish
 * or go back to the queue. Resolves with whether one was running.
 */
export async function stopQueue(): Promise<boolean> {
  const entry = globalForQueue.staffPortalQueue;
  globalForQueue.staffPortalQueue = undefined;
  if (!entry) return false;
  const opened = await entry.opened.catch(() => null);
  await opened?.close();
  return !!opened;
}

const globalForWorkers = globalThis as unknown as { staffPortalWorkers?: Set<string>; staffPortalStopping?: boolean };

/**
 * Starts a worker of this instance (instrumentation.ts) once, in the
 * background: while the database cannot be reached it logs and tries again,
 * 5 s, then twice as long each time up to a minute, and never throws. Once
 * the process is stopping (stopQueueOnSignals) no attempt starts one.
 */
export function startWorkerInBackground(name: string, start: () => Promise<void>): void {
  const started = (globalForWorkers.staffPortalWorkers ??= new Set());
  if (started.has(name)) return;
  started.add(name);
  let waitMs = 5_000;
  const attempt = async () => {
    if (globalForWorkers.staffPortalStopping) return;
    try {
      await start();
      log.info(`${name} started`);
    } catch (error) {
      log.error(`${name} not started, will try again`, { ...errorFields(error), inSeconds: waitMs / 1000 });
      setTimeout(() => void attempt(), waitMs).unref();
      waitMs = Math.min(waitMs * 2, 60_000);
    }
  };
  void attempt();
}

/** How long a signal waits for the queue to stop before the process goes on ending. */
export const STOP_ON_SIGNAL_MS = 15_000;

const globalForSignals = globalThis as unknown as { staffPortalStopOnSignals?: boolean };

/**
 * Makes SIGTERM and SIGINT stop this process's queue (`stop`: stopQueue)
 * before the handlers the process already had for them run. `next start`
 * exits on either signal as soon as its HTTP server has closed (milliseconds
 * when idle), and a batch of jobs a worker held then stayed "active" until
 * pg-boss expired it: an email queued by a user waited 5 minutes, however
 * many other instances were up.
 *
 * At the first signal the workers stop fetching (a fetch already under way
 * still delivers its batch) and no worker starts any more; the jobs in hand
 * get up to 10 s to finish (openQueue's close), and pg-boss fails those still
 * in hand after that, so they are retried by any instance 5-10 s later (one
 * attempt used). Meanwhile the server keeps answering, and further signals
 * are absorbed: npm forwards Ctrl-C's SIGINT a second time, Playwright and a
 * supervisor may both send SIGTERM, and the wait is bounded anyway
 * (STOP_ON_SIGNAL_MS). Then the earlier handlers are put back and the first
 * signal is raised again, so the process ends as it would have (Next's
 * cleanup under `next start`, or the default action). Installed once per
 * process (instrumentation.ts) after Next's handlers; `next dev` kills its
 * server 100 ms after a signal, so there the stop is cut short.
 */
export function stopQueueOnSignals(stop: () => Promise<boolean> = stopQueue, signals: NodeJS.Signals[] = ["SIGTERM", "SIGINT"]): void {
  if (globalForSignals.staffPortalStopOnSignals) return;
  globalForSignals.staffPortalStopOnSignals = true;
  const earlier = new Map(signals.map((signal) => [signal, process.listeners(signal)]));
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    globalForWorkers.staffPortalStopping = true;
    log.info("stopping the job queue before exit", { signal });
    const stopped = stop().then(
      (running) => log.info(running ? "job queue stopped" : "no job queue was running", { signal }),
      (error) => log.error("job queue not stopped cleanly", errorFields(error)),
    );
    // Bounded, whatever the database does: an orchestrator's grace period is often 30 s.
    const bound = new Promise<void>((resolve) => setTimeout(resolve, STOP_ON_SIGNAL_MS).unref());
    void Promise.race([stopped, bound]).then(() => {
      for (const [name, listeners] of earlier) {
        process.removeListener(name, onSignal);
        for (const listener of listeners) process.on(name, listener);
      }
      process.kill(process.pid, signal);
    });
  };
  for (const [signal, listeners] of earlier) {
    for (const listener of listeners) process.removeListener(signal, listener);
    process.on(signal, onSignal);
  }
}
