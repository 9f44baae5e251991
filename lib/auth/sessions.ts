import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db";
import { recordEvent, type RequestMeta } from "@/lib/security/events";
import { SESSION_IDLE_MS, SESSION_MAX_AGE_MS } from "@/lib/security/limits";
import { liveDeviceWhere } from "@/lib/mobile/devices";


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
  await db.user.update({ where: { id: input.userId }, data: { lastSignInAt: input.now } });
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

/**
 * Where a session row is still live at `now`: not revoked, not past its
 * absolute or idle limit (a browser's 12 hours and 30 minutes; a mobile
 * device's 90 and 30 days, lib/mobile/devices.ts).
 */
export function liveSessionWhere(now: Date) {
  return {
    OR: [
      {
        kind: "WEB" as const,
        revokedAt: null,
        createdAt: { gt: new Date(now.getTime() - SESSION_MAX_AGE_MS) },
        lastSeenAt: { gt: new Date(now.getTime() - SESSION_IDLE_MS) },
      },
      liveDeviceWhere(now),
    ],
  };
}

/** The user's live sessions, most recently used first. */
export function listActiveSessions(db: Db, userId: string, now: Date) {
  return db.userSession.findMany({ where: { userId, ...liveSessionWhere(now) }, orderBy: { lastSeenAt: "desc" }, take: 50 });
}

/**
 * "Sign out" on one row of Active sessions: only the user's own live
 * session, with the event in their activity. False when there was none.
 */
export async function revokeOwnSession(db: Db, input: { userId: string; sessionId: string; meta?: RequestMeta; now: Date }): Promise<boolean> {
  const { count } = await db.userSession.updateMany({
    where: { id: input.sessionId, userId: input.userId, ...liveSessionWhere(input.now) },
    data: { revokedAt: input.now },
  });
  if (count === 0) return false;
  await recordEvent(db, { userId: input.userId, type: "SESSIONS_REVOKED", detail: "1", meta: input.meta, now: input.now });
  return true;
}
