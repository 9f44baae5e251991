import "server-only";
import { hkdfSync } from "node:crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { sendEmail } from "@/lib/email/send";
import { chooseTransport } from "@/lib/email/transport";
import { EmailDeliveryError } from "@/lib/email/types";
import { processQueue, startWorkerInBackground, type QueueDefinition } from "@/lib/jobs/queue";
import { log } from "@/lib/log";
import { keyRingFrom } from "@/lib/mfa/secret-box";
import { sendResetLink, type ResetRequestJob } from "./password-reset";

/**
 * "Forgot your password?" requests: the form stores one job per request
 * (known email or not, so the answer takes the same time); a worker on every
 * instance turns it into a link and its email. Per transport, like the email
 * queues: an instance handles only the requests it can deliver as configured.
 * A link works for 30 minutes, so retries stop after a few minutes.
 */
const resetQueue = (): QueueDefinition => ({
  name: `password-reset-${chooseTransport(env()) ?? "none"}`,
  policy: "standard",
  // 5-10 s after a failed send, then twice as long each time: the last within about 10 minutes.
  retryLimit: 6,
  retryDelay: 5,
  retryBackoff: true,
  expireInSeconds: 120,
});

/** Stores one request's job (returns once it is in PostgreSQL). */
export async function queueResetRequest(job: ResetRequestJob): Promise<void> {
  const queue = resetQueue();
  const boss = await processQueue([queue]);
  await boss.send(queue.name, job);
}

let linkKey: Buffer | undefined;

/** The key the links' tokens are derived from: HKDF of the current MFA encryption key, for this purpose only. */
function resetLinkKey(): Buffer {
  if (linkKey) return linkKey;
  const config = env();
  const ring = keyRingFrom({ key: config.MFA_ENCRYPTION_KEY, keyId: config.MFA_ENCRYPTION_KEY_ID, previous: config.MFA_PREVIOUS_KEYS });
  linkKey = Buffer.from(hkdfSync("sha256", ring.keys[ring.currentId]!, Buffer.alloc(0), "staff-portal/password-reset-link", 32));
  return linkKey;
}

/** Works on reset requests in this instance (instrumentation.ts). A failed send throws: pg-boss retries the job. */
export async function workResetRequests(): Promise<void> {
  const queue = resetQueue();
  const boss = await processQueue([queue]);
  const worker: { id?: string } = {};
  worker.id = await boss.work<ResetRequestJob>(queue.name, { batchSize: 1 }, async ([job]) => {
    if (!job) return;
    // One job a fetch: fetch the next at once rather than after the polling interval (a burst of requests waits seconds, not minutes).
    if (worker.id) boss.notifyWorker(worker.id);
    const config = env();
    try {
      const outcome = await sendResetLink(
        { db, now: new Date(), appName: config.APP_NAME, appUrl: config.APP_URL, tokenKey: resetLinkKey(), send: sendEmail },
        { id: job.id, data: job.data },
      );
      if (outcome === "INVALID_JOB") log.error("password reset job dropped: not a request", { job: job.id });
    } catch (error) {
      // Never the job's data (an email address) or a query's values: the kind of failure only.
      const reason = error instanceof EmailDeliveryError ? error.message : `${(error as Error)?.name ?? "Error"} while handling`;
      log.warn("password reset link not sent, will retry", { job: job.id, reason });
      throw error;
    }
  });
}

/** Starts the reset worker of this instance, retried in the background while the database is away. */
export function startResetWorker(): void {
  startWorkerInBackground("password reset worker", workResetRequests);
}
