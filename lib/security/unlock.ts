import type { Db } from "@/lib/db";
import { recordEvent } from "./events";
import { limitKey } from "./rate-limit";

export type UnlockResult = { ok: true; lifted: { password: boolean; otp: boolean } } | { ok: false; error: "UNKNOWN_USER" };

/**
 * Lifts what 100 failures in a row (or a running 15-minute lock) put on a
 * user's password step and OTP step, and records who did it in the user's
 * activity. Until the "getting back in" paths exist, `npm run user:unlock`
 * is how an operator does this.
 */
export async function unlockSignIn(db: Db, input: { email: string; by: string; now: Date }): Promise<UnlockResult> {
  const email = input.email.trim().toLowerCase();
  const user = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (!user) return { ok: false, error: "UNKNOWN_USER" };
  const lift = (scope: "PASSWORD_ACCOUNT" | "OTP_ACCOUNT", key: string) =>
    db.limitCounter.updateMany({
      where: { scope, key, OR: [{ streak: { gt: 0 } }, { lockedUntil: { gt: input.now } }] },
      data: { streak: 0, failures: 0, lockedUntil: null, lockedBy: null, updatedAt: input.now },
    });
  const password = await lift("PASSWORD_ACCOUNT", limitKey(email));
  const otp = await lift("OTP_ACCOUNT", limitKey(`user:${user.id}`));
  await recordEvent(db, { userId: user.id, type: "SIGN_IN_UNLOCKED", detail: input.by.slice(0, 100), now: input.now });
  return { ok: true, lifted: { password: password.count > 0, otp: otp.count > 0 } };
}
