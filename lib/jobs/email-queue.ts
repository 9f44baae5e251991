// Email through the job queue: enqueueing (one email, or thousands in a few
// statements) and the worker that sends them. It takes pg-boss and the sender
// as arguments, so the tests and the restart fixture run it against their own
// database and transport; lib/email/queue.ts binds it to this process.
import { createHash } from "node:crypto";
import type PgBoss from "pg-boss";
import { z } from "zod";
import { EmailDeliveryError, type EmailMessage, type SendOptions } from "@/lib/email/types";
import { log } from "@/lib/log";
import type { QueueDefinition } from "./queue";

/** One email to send, and the key that makes it that email (see queueEmail). */
export type EmailJob = { message: EmailMessage; key: string };

export type EmailQueue = QueueDefinition & Required<Pick<QueueDefinition, "retryLimit" | "retryDelay" | "retryBackoff" | "expireInSeconds">>;

/**
 * Retries when the provider fails: 10 more attempts, the first 5-10 s later,
 * each wait twice the last (pg-boss adds up to 100 % jitter), so the last one
 * comes 85 to 170 minutes after the first; then the job is marked failed. A
 * job whose worker died goes back to the queue once it has been in hand for
 * 5 minutes (found by pg-boss's maintenance, every minute).
 */
export const EMAIL_RETRY = { retryLimit: 10, retryDelay: 5, retryBackoff: true, expireInSeconds: 300 } as const;

/** The definition of an email queue (name and retry policy); tests pass shorter delays. */
export function emailQueueDefinition(name: string, overrides: Partial<Omit<EmailQueue, "name">> = {}): EmailQueue {
  return { name, policy: "standard", ...EMAIL_RETRY, ...overrides };
}

/** Rows per INSERT when enqueueing many: one statement stays well under the statement timeout. */
const INSERT_CHUNK = 1_000;
/** Resend accepts Idempotency-Key values up to 256 characters. */
const MAX_KEY_LENGTH = 256;

const jobData = z.object({
  key: z.string().min(1).max(MAX_KEY_LENGTH),
  message: z.object({ to: z.string().min(1), subject: z.string(), text: z.string(), html: z.string() }),
});

/**
 * The job's id, derived from its key: pg-boss inserts with ON CONFLICT DO
 * NOTHING on (queue, id), so a second enqueue of the same key is dropped for as
 * long as the first job is kept (waiting, retrying, active, or finished and
 * not yet archived: 12 hours). A singletonKey would not do: in pg-boss 10 it
 * only deduplicates jobs in one state, depending on the queue's policy.
 */
export function emailJobId(queue: string, key: string): string {
  const bytes = createHash("sha256").update(`${queue}\n${key}`).digest().subarray(0, 16);
  // Shaped as a version-8 (custom) UUID, the form PostgreSQL's uuid type wants.
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Security notices go before announcements: a worker takes higher priorities first. */
export const NOTICE_PRIORITY = 10;

function jobInsert(queue: EmailQueue, job: EmailJob, priority: number): PgBoss.JobInsert<EmailJob> {
  if (!job.key || job.key.length > MAX_KEY_LENGTH) throw new Error(`An email job's key must have 1 to ${MAX_KEY_LENGTH} characters.`);
  return {
    id: emailJobId(queue.name, job.key),
    name: queue.name,
    data: { message: job.message, key: job.key },
    priority,
    // Not a constraint under the standard policy: it makes the job findable by key (pgboss.job.singleton_key).
    singletonKey: job.key,
    retryLimit: queue.retryLimit,
    retryDelay: queue.retryDelay,
    retryBackoff: queue.retryBackoff,
    expireInSeconds: queue.expireInSeconds,
  };
}

/**
 * Enqueues emails, `INSERT_CHUNK` to a statement; returns once they are stored,
 * long before they are sent. The same key is the same email: sent at most
 * once, however often it is enqueued (the job id above, and the transport's
 * idempotency key if a worker dies between sending and recording it). So a
 * fan-out that failed half-way can simply be run again with the same keys.
 */
export async function enqueueEmails(boss: PgBoss, queue: EmailQueue, jobs: EmailJob[], options: { priority?: number } = {}): Promise<void> {
  const inserts = jobs.map((job) => jobInsert(queue, job, options.priority ?? 0));
  for (let i = 0; i < inserts.length; i += INSERT_CHUNK) await boss.insert(inserts.slice(i, i + INSERT_CHUNK));
}

export type EmailWorkerOptions = {
  /** Sends one email; throws (EmailDeliveryError) when it was not sent, and the job is retried. */
  send: (message: EmailMessage, options: SendOptions) => Promise<void>;
  /** Jobs taken at once (default 25); a full batch fetches the next one at once. */
  batchSize?: number;
  /** How often an idle worker looks for jobs (default 2 s, pg-boss's minimum 0.5 s). */
  pollingIntervalSeconds?: number;
};

// pg-boss 10 takes (name, ids, data) at run time; its types only declare data for a single id.
const failJobs = (boss: PgBoss, name: string, ids: string[], output: object) =>
  (boss.fail as unknown as (name: string, ids: string[], data: object) => Promise<unknown>)(name, ids, output);

/** A reason fit for the log and the job's output: never the message itself. */
const safeReason = (error: unknown) => (error instanceof EmailDeliveryError ? error.message : `${(error as Error)?.name ?? "Error"} while sending`);

/**
 * Works on `queue` in this process until pg-boss stops: each email is sent
 * with its key as the idempotency key; those that fail go back to the queue
 * for a later attempt (EMAIL_RETRY), the others are marked done. Several
 * processes may work on one queue: each job is taken by one of them (SKIP LOCKED).
 */
export async function workEmailQueue(boss: PgBoss, queue: EmailQueue, options: EmailWorkerOptions): Promise<string> {
  const batchSize = options.batchSize ?? 25;
  const worker: { id?: string } = {};
  const handler = async (jobs: PgBoss.JobWithMetadata<unknown>[]) => {
    const failed: PgBoss.JobWithMetadata<unknown>[] = [];
    let reason = "";
    // pg-boss picks the batch by priority, but hands it over in no particular order.
    const ordered = [...jobs].sort((a, b) => b.priority - a.priority || a.createdOn.getTime() - b.createdOn.getTime());
    for (const job of ordered) {
      const data = jobData.safeParse(job.data);
      if (!data.success) {
        log.error("email job dropped: not an email", { job: job.id, queue: queue.name });
        continue;
      }
      try {
        await options.send(data.data.message, { idempotencyKey: data.data.key });
      } catch (error) {
        failed.push(job);
        reason ||= safeReason(error);
      }
    }
    if (failed.length) {
      const givenUp = failed.filter((job) => job.retryCount >= job.retryLimit).length;
      if (givenUp) log.error("emails not delivered, retries used up", { emails: givenUp, queue: queue.name, reason });
      if (failed.length > givenUp) log.warn("emails not delivered, will retry", { emails: failed.length - givenUp, queue: queue.name, reason });
      // Only these go back to the queue; pg-boss marks the rest of the batch done when this returns.
      // If this throws, pg-boss fails the whole batch: the sent ones are then retried, and dropped by their key.
      await failJobs(boss, queue.name, failed.map((job) => job.id), { message: reason });
    }
    if (jobs.length === batchSize && worker.id) boss.notifyWorker(worker.id);
  };
  worker.id = await boss.work<unknown>(
    queue.name,
    { batchSize, includeMetadata: true, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 },
    handler,
  );
  return worker.id;
}
