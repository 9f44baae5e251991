import "server-only";
import { cache } from "react";
import { redirect } from "next/navigation";
import { auth } from "@/auth";
import { db } from "@/lib/db";
import { findUserById, type UserWithCompany } from "@/lib/users/store";

export type CurrentUser = { user: UserWithCompany; sessionId: string | undefined; amr: string[] };

/**
 * The signed-in user of this request, checked against the session table and
 * the database; null when there is none. Every page and action starts here.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) return null;
  const user = await findUserById(db, userId);
  return user ? { user, sessionId: session.sid, amr: session.amr } : null;
});

/** For pages: the current user, or a redirect to sign-in that comes back to `path`. */
export async function requireUser(path: string): Promise<CurrentUser> {
  const current = await getCurrentUser();
  if (!current) redirect(`/login?callbackUrl=${encodeURIComponent(path)}`);
  return current;
}
