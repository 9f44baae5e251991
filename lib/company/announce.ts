import type PgBoss from "pg-boss";
import type { Db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { emailJobId } from "@/lib/jobs/email-queue";
import type { EmailMessage } from "@/lib/email/types";
import type { EmailJob } from "@/lib/jobs/email-queue";
import { formatDay, mfaDeadline } from "./mfa-status";

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** "Acme Ltd now requires multi-factor authentication", with the recipient's own deadline. */
export function announcementEmail(input: { appName: string; appUrl: string; companyName: string; to: string; deadline: Date; now: Date }): EmailMessage {
  const due = input.deadline.getTime() <= input.now.getTime() ? "before your next visit to the portal" : `by ${formatDay(input.deadline)}`;
  const link = `${input.appUrl.replace(/\/$/, "")}/settings/account`;
  const paragraphs = [
    `${input.companyName} now requires multi-factor authentication for ${input.appName}.`,
    `Set it up ${due}: sign in, open your name menu, then My details / settings, Account settings, Multi-factor Authentication. After that date you can only set it up before using the portal.`,
    `Go to Account settings: ${link}`,
    "You get this email because your company's administrator changed its sign-in security. If you have questions, ask them.",
  ];
  return {
    to: input.to,
    subject: `${input.companyName} requires multi-factor authentication`,
    text: paragraphs.join("\n\n"),
    html: `<!doctype html><html><body style="font-family:sans-serif">${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n")}</body></html>`,
  };
}

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
  return staff.map((user) => ({
    key: `policy:${company.id}:${input.since.toISOString()}:${user.id}`,
    message: announcementEmail({ appName: input.appName, appUrl: input.appUrl, companyName: company.name, to: user.email, deadline: mfaDeadline(user, company)!, now: input.now }),
  }));
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
