import "server-only";
import { cache } from "react";
import { redirect } from "next/navigation";
import { auth } from "@/auth";
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

/** For pages: the current user, or a redirect to sign-in that comes back to `path`. */
export async function requireUser(path: string): Promise<CurrentUser> {
  const current = await getCurrentUser();
  if (!current) redirect(`/login?callbackUrl=${encodeURIComponent(path)}`);
  return current;
}
