import "server-only";
import { blockedByMfaRequirement, getCurrentUser, type CurrentUser } from "@/lib/auth/current-user";
import { headers } from "next/headers";
import { db } from "@/lib/db";
import { requestMeta } from "@/lib/request-meta";
import { isAdmin, type AdminDeps } from "./admin";
import { queuePolicyAnnouncement } from "./announce-queue";

/** For Company settings route handlers (CSV): the administrator, or null for anyone else (answered 404). */
export async function adminForRoute(): Promise<CurrentUser | null> {
  const current = await getCurrentUser();
  if (!current || !isAdmin(current.user) || blockedByMfaRequirement(current)) return null;
  return current;
}

export const notFoundResponse = () => new Response("Not found.", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });

/** A CSV download that no cache keeps. */
export function csvResponse(filename: string, body: string): Response {
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "no-store",
    },
  });
}

/** What the Company settings actions pass to lib/company/admin.ts for this request. */
export async function adminContext(): Promise<AdminDeps> {
  return { db, now: new Date(), meta: requestMeta(await headers()), announce: queuePolicyAnnouncement };
}
