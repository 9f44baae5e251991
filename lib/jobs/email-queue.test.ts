import { spawn, type ChildProcess } from "node:child_process";
import type PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outboxTransport } from "@/lib/email/outbox";
import { EmailDeliveryError, type EmailMessage } from "@/lib/email/types";
import { createTestDbFile } from "@/lib/testing/test-db";
import { emailJobId, emailQueueDefinition, enqueueEmails, NOTICE_PRIORITY, workEmailQueue, type EmailJob, type EmailQueue } from "./email-queue";
import { openQueue } from "./queue";

const { db, url } = createTestDbFile();
const outbox = outboxTransport(db);
let boss: PgBoss;
let close: () => Promise<void>;

beforeAll(async () => {
  // Maintenance every second: jobs whose worker died are handed out again quickly.
  ({ boss, close } = await openQueue(url, { queues: [], maintenanceIntervalSeconds: 1 }));
});
// Registered after createTestDbFile's hooks, so it runs before the database is dropped.
afterAll(() => close());

const message = (to: string): EmailMessage => ({ to, subject: "Security notice", text: "Something changed.", html: "<p>Something changed.</p>" });
/** `n` emails to distinct addresses at `domain`, keyed `<domain>:<i>`. */
const emails = (n: number, domain: string): EmailJob[] => Array.from({ length: n }, (_, i) => ({ key: `${domain}:${i}`, message: message(`staff${i}@${domain}`) }));

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const delivered = (domain: string) => db.outboxEmail.findMany({ where: { to: { endsWith: `@${domain}` } } });
const deliveredCount = (domain: string) => db.outboxEmail.count({ where: { to: { endsWith: `@${domain}` } } });

type JobRow = { id: string; state: string; retry_count: number; singleton_key: string };
const jobs = (queue: string) => db.$queryRawUnsafe<JobRow[]>(`SELECT id::text, state::text, retry_count, singleton_key FROM pgboss.job WHERE name = $1`, queue);
/** Every job of the queue is done, and none waits, retries or is in hand. */
const allCompleted = async (queue: string, n: number) => {
  const rows = await jobs(queue);
  return rows.length === n && rows.every((r) => r.state === "completed");
};

/** Asserts that `domain` received exactly the emails `keys`, one row each. */
async function expectDeliveredOnce(domain: string, n: number) {
  const rows = await delivered(domain);
  expect(rows).toHaveLength(n);
  expect(new Set(rows.map((r) => r.idempotencyKey))).toEqual(new Set(emails(n, domain).map((e) => e.key)));
  expect(new Set(rows.map((r) => r.to)).size).toBe(n);
}

async function newQueue(name: string, overrides: Partial<Omit<EmailQueue, "name">> = {}) {
  const queue = emailQueueDefinition(name, overrides);
  await boss.createQueue(queue.name, queue);
  return queue;
}

/** A worker process on `queue` (lib/jobs/restart-fixture.ts); `env` sets its STALL_AFTER, SEND_MS, SHUTDOWN. */
function workerProcess(queue: EmailQueue, options: object, env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", "lib/jobs/restart-fixture.ts"], {
    env: { ...process.env, DATABASE_URL: url, QUEUE: queue.name, QUEUE_OPTIONS: JSON.stringify(options), ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | string | null>((resolve) => child.on("exit", (code, signal) => resolve(code ?? signal)));
  return { child, exited, stderr: () => stderr };
}

const stop = async (w: { child: ChildProcess; exited: Promise<unknown> }, signal: NodeJS.Signals) => {
  w.child.kill(signal);
  return w.exited;
};

/** A worker process on `queue`, once it holds a job (killed if it takes none). */
async function workerWithJobInHand(queue: EmailQueue, env: Record<string, string>) {
  const worker = workerProcess(queue, {}, env);
  try {
    await waitFor(async () => (await jobs(queue.name)).some((j) => j.state === "active"));
  } catch (error) {
    worker.child.kill("SIGKILL");
    throw new Error(`the worker took no job: ${worker.stderr()}`, { cause: error });
  }
  return worker;
}

describe("the email queue", () => {
  it("takes 500 emails in one call that returns before any is sent, then delivers each exactly once", async () => {
    const queue = await newQueue("t-fanout");
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    await workEmailQueue(boss, queue, {
      pollingIntervalSeconds: 0.5,
      send: async (m, options) => {
        await gate;
        await outbox.send(m, options);
      },
    });

    await enqueueEmails(boss, queue, emails(500, "fanout.test"));
    // Returned while no email could be sent yet: the caller never waits for delivery.
    expect(await deliveredCount("fanout.test")).toBe(0);
    expect(await jobs(queue.name)).toHaveLength(500);
    // Enqueued twice (a retried save): still one job per key.
    await enqueueEmails(boss, queue, emails(500, "fanout.test").slice(0, 100));
    expect(await jobs(queue.name)).toHaveLength(500);

    open();
    await waitFor(() => allCompleted(queue.name, 500));
    await expectDeliveredOnce("fanout.test", 500);
  });

  it("retries with backoff while the provider is down and delivers everything once it is back", async () => {
    const queue = await newQueue("t-down", { retryDelay: 1 });
    const state = { down: true, refused: 0 };
    await workEmailQueue(boss, queue, {
      pollingIntervalSeconds: 0.5,
      send: async (m, options) => {
        if (state.down) {
          state.refused++;
          throw new EmailDeliveryError("Resend request failed: FetchError");
        }
        await outbox.send(m, options);
      },
    });

    await enqueueEmails(boss, queue, emails(20, "down.test"));
    // Every email refused twice on average, then the provider comes back.
    await waitFor(async () => state.refused >= 40);
    expect(await deliveredCount("down.test")).toBe(0);
    expect((await jobs(queue.name)).every((j) => j.state !== "completed" && j.state !== "failed")).toBe(true);
    state.down = false;

    await waitFor(() => allCompleted(queue.name, 20));
    await expectDeliveredOnce("down.test", 20);
    expect((await jobs(queue.name)).every((j) => j.retry_count >= 1)).toBe(true);
    const [row] = await db.$queryRawUnsafe<{ retry_backoff: boolean; retry_limit: number }[]>(
      `SELECT retry_backoff, retry_limit FROM pgboss.job WHERE name = $1 LIMIT 1`,
      queue.name,
    );
    expect(row).toEqual({ retry_backoff: true, retry_limit: 10 });
  });

  it("sends a security notice before an announcement queued earlier", async () => {
    const queue = await newQueue("t-priority");
    await enqueueEmails(boss, queue, emails(60, "announce.test"));
    await enqueueEmails(boss, queue, emails(1, "notice.test"), { priority: NOTICE_PRIORITY });
    const order: string[] = [];
    await workEmailQueue(boss, queue, {
      pollingIntervalSeconds: 0.5,
      send: async (m, options) => {
        order.push(m.to);
        await outbox.send(m, options);
      },
    });
    await waitFor(() => allCompleted(queue.name, 61));
    expect(order[0]).toBe("staff0@notice.test");
    expect(order).toHaveLength(61);
  });

  it("gives an email up after its retries, instead of trying for ever", async () => {
    const queue = await newQueue("t-give-up", { retryLimit: 2, retryDelay: 1, retryBackoff: false });
    let attempts = 0;
    await workEmailQueue(boss, queue, {
      pollingIntervalSeconds: 0.5,
      send: async () => {
        attempts++;
        throw new EmailDeliveryError("Resend refused the message: validation_error");
      },
    });
    await enqueueEmails(boss, queue, emails(1, "give-up.test"));
    await waitFor(async () => (await jobs(queue.name))[0]?.state === "failed");
    expect(attempts).toBe(3);
  });

  it("loses none and sends none twice when its worker process is killed mid-way: another process finishes", { timeout: 90_000 }, async () => {
    // Short expiry: a job whose worker died goes back to the queue 3 s after it was taken.
    const options = { expireInSeconds: 3, retryDelay: 1, retryBackoff: false };
    const queue = await newQueue("t-restart", options);
    await enqueueEmails(boss, queue, emails(200, "restart.test"));

    const worker = (env: Record<string, string>) => workerProcess(queue, options, env);

    // The first process hangs right after its 55th delivery (in its 6th batch of 10) and is killed there.
    const first = worker({ STALL_AFTER: "55" });
    try {
      await waitFor(async () => (await deliveredCount("restart.test")) >= 55, 60_000);
    } catch (error) {
      throw new Error(`the first worker did not deliver: ${first.stderr()}`, { cause: error });
    } finally {
      expect(await stop(first, "SIGKILL")).toBe("SIGKILL");
    }
    const killedAt = new Date();
    expect(await deliveredCount("restart.test")).toBe(55);
    // Its batch in hand: sent (up to the 55th) or not, none recorded as done.
    expect((await jobs(queue.name)).filter((j) => j.state === "active")).toHaveLength(10);

    const second = worker({});
    try {
      await waitFor(() => allCompleted(queue.name, 200), 60_000);
    } finally {
      expect(await stop(second, "SIGTERM")).toBe(0);
    }

    await expectDeliveredOnce("restart.test", 200);
    // The emails sent just before the kill were handed out again, and not stored twice.
    const sentBeforeKill = new Set((await delivered("restart.test")).filter((r) => r.createdAt < killedAt).map((r) => emailJobId(queue.name, r.idempotencyKey!)));
    const retried = (await jobs(queue.name)).filter((j) => j.retry_count >= 1);
    expect(retried).toHaveLength(10);
    expect(retried.filter((j) => sentBeforeKill.has(j.id)).length).toBeGreaterThan(0);
  });

  it("`next start` alone, on SIGTERM, exits with the batch in hand still active: those emails wait for pg-boss to expire them (5 minutes)", { timeout: 60_000 }, async () => {
    const queue = await newQueue("t-sigterm-next");
    await enqueueEmails(boss, queue, emails(3, "sigterm-next.test"));
    const worker = await workerWithJobInHand(queue, { SHUTDOWN: "next", SEND_MS: "1000" });
    expect(await stop(worker, "SIGTERM")).toBe(143);
    expect((await jobs(queue.name)).map((j) => j.state)).toEqual(["active", "active", "active"]);
    expect(await deliveredCount("sigterm-next.test")).toBeLessThan(3);
  });

  it("with stopQueueOnSignals, SIGTERM (sent twice, as npm or Playwright may) first lets the batch in hand finish and takes no new job; then Next's handler ends the process", { timeout: 60_000 }, async () => {
    const queue = await newQueue("t-sigterm-stop");
    await enqueueEmails(boss, queue, emails(3, "sigterm-stop.test"));
    // Each email takes 1.5 s: the signals come while the batch is being sent.
    const worker = await workerWithJobInHand(queue, { SHUTDOWN: "next+stop", SEND_MS: "1500" });
    const signalled = new Date();
    worker.child.kill("SIGTERM");
    // Queued after the signal, while the batch is still being sent: left for another instance.
    const late = emails(2, "sigterm-late.test");
    await enqueueEmails(boss, queue, late);
    worker.child.kill("SIGTERM");
    expect(await worker.exited, worker.stderr()).toBe(143);

    await expectDeliveredOnce("sigterm-stop.test", 3);
    expect((await delivered("sigterm-stop.test")).filter((row) => row.createdAt > signalled).length).toBeGreaterThan(0);
    expect(await deliveredCount("sigterm-late.test")).toBe(0);
    const states = new Map((await jobs(queue.name)).map((j) => [j.singleton_key, j.state]));
    expect([...states].filter(([key]) => key.startsWith("sigterm-stop")).map(([, state]) => state)).toEqual(["completed", "completed", "completed"]);
    expect(late.map((job) => states.get(job.key))).toEqual(["created", "created"]);
  });

  it("with stopQueueOnSignals and no other handler, the signal then ends the process as it would have", { timeout: 60_000 }, async () => {
    const queue = await newQueue("t-sigterm-default");
    await enqueueEmails(boss, queue, emails(1, "sigterm-default.test"));
    const worker = await workerWithJobInHand(queue, { SHUTDOWN: "stop", SEND_MS: "2000" });
    const signalled = new Date();
    expect(await stop(worker, "SIGTERM")).toBe("SIGTERM");
    await expectDeliveredOnce("sigterm-default.test", 1);
    // Sent after the signal: the process waited for it.
    expect((await delivered("sigterm-default.test"))[0]!.createdAt.getTime()).toBeGreaterThan(signalled.getTime());
  });
});
