import "server-only";
import { randomUUID } from "node:crypto";
import { env } from "@/lib/env";
import { emailQueueDefinition, enqueueEmails, NOTICE_PRIORITY, workEmailQueue, type EmailJob, type EmailQueue } from "@/lib/jobs/email-queue";
import { errorFields, processQueue, startWorkerInBackground } from "@/lib/jobs/queue";
import { log } from "@/lib/log";
import { sendEmail, sendEmailBestEffort } from "./send";
import { chooseTransport } from "./transport";
import type { EmailMessage } from "./types";

export type { EmailJob };

/**
 * This process's email queue. One queue per transport ("email-resend",
 * "email-outbox"): an instance only takes the jobs it can deliver the way they
 * were meant to go, even while another instance on the same database is set
 * up differently (a demo beside production, the e2e suite's second server
 * whose provider is down).
 */
function emailQueue(): EmailQueue {
  return emailQueueDefinition(`email-${chooseTransport(env()) ?? "none"}`);
}

/**
 * Queues one email. `key` names this email for good (e.g.
 * `mfa-changed:<eventId>`, `policy:<companyId>:<since ISO>:<userId>`): the same
 * key is sent at most once, however often it is queued. Returns once the job
 * is stored in PostgreSQL; a worker sends it, retrying while the provider is down.
 */
export async function queueEmail(message: EmailMessage, options: { key: string; priority?: number }): Promise<void> {
  await queueEmails([{ message, key: options.key }], { priority: options.priority });
}

/**
 * Queues many emails (a fan-out to every staff member) in a few INSERTs; keys
 * as for queueEmail. Priority 0 unless given: notices (NOTICE_PRIORITY) go first.
 */
export async function queueEmails(jobs: EmailJob[], options: { priority?: number } = {}): Promise<void> {
  const queue = emailQueue();
  await enqueueEmails(await processQueue([queue]), queue, jobs, options);
}

/**
 * A security notice outside sign-in (MFA changed, lockout, password changed):
 * queued under a fresh key, so each call is one email. Never throws: if the
 * queue cannot take it, it is sent now, best effort.
 */
export async function queueNotice(message: EmailMessage): Promise<void> {
  try {
    await queueEmail(message, { key: `notice:${randomUUID()}`, priority: NOTICE_PRIORITY });
  } catch (error) {
    log.warn("notice not queued, sending it now", errorFields(error));
    await sendEmailBestEffort(message, message.subject);
  }
}

/** Starts this instance's email worker (instrumentation.ts), retried in the background while the database is away. */
export function startEmailWorker(): void {
  startWorkerInBackground("email worker", async () => {
    const queue = emailQueue();
    await workEmailQueue(await processQueue([queue]), queue, { send: sendEmail });
  });
}
