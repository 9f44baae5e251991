import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { queueEmails } from "@/lib/email/queue";
import { emailJobId } from "@/lib/jobs/email-queue";
import { processQueue, startWorkerInBackground, type QueueDefinition } from "@/lib/jobs/queue";
import { log } from "@/lib/log";
import { announcementJobs } from "./announce";

/**
 * The fan-out of "your company now requires MFA": the administrator's save
 * stores one job here (one row, whatever the number of staff); a worker turns
 * it into one queued email per affected staff member. Retried if it fails
 * half-way: the emails' keys make a second run send nobody a second copy.
 */
const announcementQueue: QueueDefinition = { name: "policy-announcement", policy: "standard", retryLimit: 10, retryDelay: 10, retryBackoff: true, expireInSeconds: 600 };

type AnnouncementData = { companyId: string; since: string };

/** Queues the announcement of a requirement turned on at `since` (at most once per company and moment). */
export async function queuePolicyAnnouncement(input: { companyId: string; since: Date }): Promise<void> {
  const boss = await processQueue([announcementQueue]);
  const key = `${input.companyId}:${input.since.toISOString()}`;
  await boss.send(announcementQueue.name, { companyId: input.companyId, since: input.since.toISOString() } satisfies AnnouncementData, { id: emailJobId(announcementQueue.name, key) });
}

/** Works on announcements in this instance (instrumentation.ts), like the email worker. */
export async function workPolicyAnnouncements(): Promise<void> {
  const boss = await processQueue([announcementQueue]);
  await boss.work<AnnouncementData>(announcementQueue.name, { batchSize: 1 }, async ([job]) => {
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
