import "server-only";
import { cache } from "react";
import { notFound, redirect } from "next/navigation";
import { auth } from "@/auth";
import { mfaStatus } from "@/lib/company/mfa-status";
import { db } from "@/lib/db";
import { readSession, type SessionUser } from "@/lib/sign-in/statements";

export type CurrentUser = { user: SessionUser["user"]; sessionId: string; amr: string[] };

/**
 * The signed-in user of this request: the JWT names a session row, and one
 * statement reads that row (unrevoked) with its user and company, which then
 * serves the whole page. Null when there is none. Every page and action starts here.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await auth();
  const sid = session?.sid;
  if (!sid || !session.user?.id) return null;
  const found = await readSession(db, sid, new Date());
  if (!found || found.user.id !== session.user.id) return null;
  return { user: found.user, sessionId: sid, amr: found.amr };
});

/** Where a staff member past their company's MFA deadline is sent: the MFA section of Account settings. */
export const MFA_SETUP_PATH = "/settings/account";

/** Whether the company's MFA requirement blocks this user now (past the deadline, not exempt). */
export function blockedByMfaRequirement(current: CurrentUser, now = new Date()): boolean {
  return mfaStatus(current.user, current.user.company, now).kind === "overdue";
}

/**
 * For pages: the current user, or a redirect to sign-in that comes back to
 * `path`. Past the company's MFA deadline every page but the MFA set-up
 * (`mfaSetup`) redirects there.
 */
export async function requireUser(path: string, options: { mfaSetup?: boolean } = {}): Promise<CurrentUser> {
  const current = await getCurrentUser();
  if (!current) redirect(`/login?callbackUrl=${encodeURIComponent(path)}`);
  if (!options.mfaSetup && blockedByMfaRequirement(current)) redirect(MFA_SETUP_PATH);
  return current;
}

/**
 * For Company settings pages: an administrator of a company, or a 404 for
 * anyone else (never a hint that the page exists).
 */
export async function requireAdmin(path: string): Promise<CurrentUser> {
  const current = await requireUser(path);
  if (current.user.role !== "ADMIN") notFound();
  return current;
}
