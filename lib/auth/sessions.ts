import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db";

/** How often a session's "last seen" time is written (not on every request). */
export const SESSION_TOUCH_INTERVAL_MS = 5 * 60 * 1000;

/** Records a new signed-in browser and returns its id for the JWT. */
export async function createSession(
  db: Db,
  input: { userId: string; amr: string[]; userAgent?: string | null; ip?: string | null; now: Date },
): Promise<string> {
  const id = randomBytes(24).toString("base64url");
  await db.userSession.create({
    data: {
      id,
      userId: input.userId,
      amr: input.amr.join(" "),
      userAgent: input.userAgent?.slice(0, 512) ?? null,
      ip: input.ip?.slice(0, 64) ?? null,
      createdAt: input.now,
      lastSeenAt: input.now,
    },
  });
  return id;
}

/** True while the session exists and is not revoked; refreshes "last seen" now and then. */
export async function isSessionActive(db: Db, sessionId: unknown, now: Date): Promise<boolean> {
  if (typeof sessionId !== "string" || sessionId.length === 0) return false;
  const session = await db.userSession.findUnique({ where: { id: sessionId }, select: { revokedAt: true, lastSeenAt: true } });
  if (!session || session.revokedAt) return false;
  if (now.getTime() - session.lastSeenAt.getTime() > SESSION_TOUCH_INTERVAL_MS) {
    await db.userSession.updateMany({
      where: { id: sessionId, lastSeenAt: session.lastSeenAt },
      data: { lastSeenAt: now },
    });
  }
  return true;
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
