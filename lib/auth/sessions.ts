import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db";
import { recordEvent, type RequestMeta } from "@/lib/security/events";

/** How often a session's "last seen" time is written (not on every request). */
export const SESSION_TOUCH_INTERVAL_MS = 5 * 60 * 1000;

/**
 * Starts a session for a sign-in that did not go through a challenge (single
 * sign-on): the session row and the sign-in event. Password sign-ins get
 * theirs from the challenge's redemption (lib/sign-in/redeem.ts).
 */
export async function startSession(db: Db, input: { userId: string; amr: string[]; meta?: RequestMeta; now: Date }): Promise<string> {
  const id = randomBytes(24).toString("base64url");
  await db.userSession.create({
    data: {
      id,
      userId: input.userId,
      amr: input.amr.join(" "),
      userAgent: input.meta?.userAgent?.slice(0, 512) ?? null,
      ip: input.meta?.ip?.slice(0, 64) ?? null,
      createdAt: input.now,
      lastSeenAt: input.now,
    },
  });
  const detail = input.amr.includes("ext") ? "ext" : input.amr.includes("otp") ? "otp" : "pwd";
  await recordEvent(db, { userId: input.userId, type: "SIGN_IN_SUCCESS", detail, meta: input.meta, now: input.now });
  return id;
}

export async function revokeSession(db: Db, sessionId: string, now: Date): Promise<void> {
  await db.userSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: now } });
}

/** Signs out every other browser of the user (after a password or MFA change). */
export async function revokeOtherSessions(db: Db, userId: string, keepSessionId: string | undefined, now: Date) {
  const { count } = await db.userSession.updateMany({
    where: { userId, revokedAt: null, ...(keepSessionId ? { id: { not: keepSessionId } } : {}) },
    data: { revokedAt: now },
  });
  return count;
}

/** The user's live sessions, most recently used first. */
export function listActiveSessions(db: Db, userId: string, now: Date, maxAgeMs: number) {
  return db.userSession.findMany({
    where: { userId, revokedAt: null, lastSeenAt: { gt: new Date(now.getTime() - maxAgeMs) } },
    orderBy: { lastSeenAt: "desc" },
    take: 50,
  });
}
