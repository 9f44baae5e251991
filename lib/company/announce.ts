import type PgBoss from "pg-boss";
import type { Db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { emailJobId } from "@/lib/jobs/email-queue";
import { announcementEmail } from "@/lib/email/templates";
import type { EmailMessage } from "@/lib/email/types";
import type { EmailJob } from "@/lib/jobs/email-queue";
import { mfaDeadline } from "./mfa-status";

/**
 * The announcement's emails: one to each staff member whose MFA does not yet
 * meet the policy turned on at `since` (exempt staff too are skipped), each
 * with their own deadline. The key makes each one email: running the fan-out
 * again sends nobody a second copy.
 */
export async function announcementJobs(db: Db, input: { companyId: string; since: Date; appName: string; appUrl: string; now: Date }): Promise<EmailJob[]> {
  const company = await db.company.findUnique({ where: { id: input.companyId } });
  // Turned off (or off and on again) since it was queued: that later change has its own announcement, if any.
  if (!company || !company.mfaRequired || company.mfaRequiredSince?.getTime() !== input.since.getTime() || company.signInMethod !== "PASSWORD") return [];
  const staff = await db.user.findMany({
    where: {
      companyId: company.id,
      OR: [{ mfaMethod: "NONE" }, ...(company.mfaAllowedMethods === "TOTP_ONLY" ? [{ mfaMethod: "EMAIL" as const }] : [])],
      AND: [{ OR: [{ mfaExemptUntil: null }, { mfaExemptUntil: { lte: input.now } }] }],
    },
    select: { id: true, email: true, createdAt: true, mfaMethod: true, mfaResetAt: true, mfaExemptUntil: true },
    orderBy: { id: "asc" },
  });
  // The body depends only on the deadline, which most staff share: rendered once per deadline, not once per person.
  const rendered = new Map<number, Promise<EmailMessage>>();
  const emailFor = (deadline: Date) => {
    let message = rendered.get(deadline.getTime());
    if (!message) {
      message = announcementEmail({ appName: input.appName, appUrl: input.appUrl, companyName: company.name, to: "", deadline, now: input.now });
      rendered.set(deadline.getTime(), message);
    }
    return message;
  };
  return Promise.all(
    staff.map(async (user) => ({
      key: `policy:${company.id}:${input.since.toISOString()}:${user.id}`,
      message: { ...(await emailFor(mfaDeadline(user, company)!)), to: user.email },
    })),
  );
}

/**
 * Stores the announcement's one job on `queue` through the transaction `tx`
 * (pg-boss runs its INSERT on the connection we give it). Its id comes from
 * the company and the moment, so it is stored once.
 */
export async function sendAnnouncement(boss: PgBoss, queue: string, input: { companyId: string; since: Date }, tx: Prisma.TransactionClient): Promise<void> {
  const key = `${input.companyId}:${input.since.toISOString()}`;
  const inTransaction = { executeSql: async (text: string, values: unknown[]) => ({ rows: await tx.$queryRawUnsafe<unknown[]>(text, ...values) }) };
  await boss.send(queue, { companyId: input.companyId, since: input.since.toISOString() }, { id: emailJobId(queue, key), db: inTransaction });
}
