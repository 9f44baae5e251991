import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { queueEmails } from "@/lib/email/queue";
import { chooseTransport } from "@/lib/email/transport";
import type { Prisma } from "@/lib/generated/prisma/client";
import { processQueue, startWorkerInBackground, type QueueDefinition } from "@/lib/jobs/queue";
import { log } from "@/lib/log";
import { announcementJobs, sendAnnouncement } from "./announce";

/**
 * The fan-out of "your company now requires MFA": the administrator's save
 * stores one job here (one row, whatever the number of staff); a worker turns
 * it into one queued email per affected staff member. Retried if it fails
 * half-way: the emails' keys make a second run send nobody a second copy.
 */
const announcementQueue = (): QueueDefinition => ({
  // Per transport, like the email queues: an instance fans out only what its own email worker can deliver.
  name: `policy-announcement-${chooseTransport(env()) ?? "none"}`,
  policy: "standard",
  retryLimit: 10,
  retryDelay: 10,
  retryBackoff: true,
  expireInSeconds: 600,
});

type AnnouncementData = { companyId: string; since: string };

/**
 * Queues the announcement of a requirement turned on at `since` (at most once
 * per company and moment), in the caller's transaction: the policy and its
 * announcement are saved together or not at all.
 */
export async function queuePolicyAnnouncement(input: { companyId: string; since: Date }, tx: Prisma.TransactionClient): Promise<void> {
  const queue = announcementQueue();
  await sendAnnouncement(await processQueue([queue]), queue.name, input, tx);
}

/** Works on announcements in this instance (instrumentation.ts), like the email worker. */
export async function workPolicyAnnouncements(): Promise<void> {
  const queue = announcementQueue();
  const boss = await processQueue([queue]);
  await boss.work<AnnouncementData>(queue.name, { batchSize: 1 }, async ([job]) => {
    if (!job) return;
    const config = env();
    const emails = await announcementJobs(db, { companyId: job.data.companyId, since: new Date(job.data.since), appName: config.APP_NAME, appUrl: config.APP_URL, now: new Date() });
    await queueEmails(emails);
    log.info("policy announcement queued", { companyId: job.data.companyId, emails: emails.length });
  });
}

/** Starts the announcement worker of this instance, retried in the background while the database is away. */
export function startAnnouncementWorker(): void {
  startWorkerInBackground("announcement worker", workPolicyAnnouncements);
}
