import type { Db } from "@/lib/db";
import { DEVICE_MAX_AGE_MS, REFRESH_IDLE_MS } from "@/lib/mobile/devices";

const DAY = 24 * 60 * 60 * 1000;
/** Rows older than this after they stopped mattering are deleted. */
export const KEEP_EXPIRED_MS = DAY;
/** Counters idle for longer than every limit's window (and not locked). */
export const KEEP_ATTEMPTS_MS = 2 * 60 * 60 * 1000;

/**
 * Deletes what no check can use any more: limit counters idle for longer than every window,
 * challenges, email codes and password reset links a day after they expired, and sessions a day
 * after they were revoked or last seen beyond their lifetime. The security
 * activity list is kept. Called now and then from the attempt limiter.
 */
export async function pruneExpired(db: Db, now: Date, sessionMaxAgeMs: number): Promise<void> {
  const dayAgo = new Date(now.getTime() - KEEP_EXPIRED_MS);
  const idle = new Date(now.getTime() - KEEP_ATTEMPTS_MS);
  // A counter with failures in a row is kept: the hard ceiling outlives every window.
  await db.limitCounter.deleteMany({ where: { updatedAt: { lt: idle }, streak: 0, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] } });
  await db.loginChallenge.deleteMany({ where: { expiresAt: { lt: dayAgo } } });
  await db.emailCode.deleteMany({ where: { expiresAt: { lt: dayAgo } } });
  // Reset links a day after they expired (a challenge that names one goes with it); access codes stay, as the audit log's evidence.
  await db.passwordResetToken.deleteMany({ where: { expiresAt: { lt: dayAgo } } });
  // A mobile device lives up to 90 days, 30 unused (lib/mobile/devices.ts); its tokens go with it.
  await db.userSession.deleteMany({
    where: {
      OR: [
        { revokedAt: { lt: dayAgo } },
        { kind: "WEB", lastSeenAt: { lt: new Date(dayAgo.getTime() - sessionMaxAgeMs) } },
        { kind: "MOBILE", OR: [{ lastSeenAt: { lt: new Date(dayAgo.getTime() - REFRESH_IDLE_MS) } }, { createdAt: { lt: new Date(dayAgo.getTime() - DEVICE_MAX_AGE_MS) } }] },
      ],
    },
  });
  await db.mobileToken.deleteMany({ where: { expiresAt: { lt: dayAgo } } });
  await db.mobileAuthorization.deleteMany({ where: { expiresAt: { lt: dayAgo } } });
}
