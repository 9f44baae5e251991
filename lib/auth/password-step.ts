import type { Db } from "@/lib/db";
import type { MfaMethod } from "@/lib/generated/prisma/enums";
import { log } from "@/lib/log";
import { recordEvent, type RequestMeta } from "@/lib/security/events";
import { LIMITS } from "@/lib/security/limits";
import { beginAttempt, cancelAttempt, finishAttempt, limitKey } from "@/lib/security/rate-limit";
import { findUserByEmail } from "@/lib/users/store";
import { openChallenge } from "./challenge";
import { verifyPassword } from "./password";

export type PasswordStepResult =
  | { ok: true; token: string; mfaMethod: MfaMethod; userId: string }
  | { ok: false; error: "INVALID_CREDENTIALS" | "SSO_REQUIRED" }
  | { ok: false; error: "TOO_MANY_ATTEMPTS"; retryAt: Date };

/**
 * The first sign-in step. Limits are checked before the password (so a locked
 * account gets the same answer whether the password is right or not); then one
 * argon2id verification, also for unknown emails; then a challenge in the
 * database. No session is created here.
 */
export async function passwordStep(
  db: Db,
  input: { email: string; password: string; callbackUrl: string; meta: RequestMeta; now: Date },
): Promise<PasswordStepResult> {
  const { now } = input;
  const ipKey = limitKey(input.meta.ip ?? "unknown");
  const accountKey = limitKey(input.email);
  const byIp = await beginAttempt(db, "PASSWORD_IP", ipKey, LIMITS.passwordPerIp, now);
  if (!byIp.ok) return { ok: false, error: "TOO_MANY_ATTEMPTS", retryAt: byIp.retryAt };
  const byAccount = await beginAttempt(db, "PASSWORD_ACCOUNT", accountKey, LIMITS.passwordPerAccount, now);
  if (!byAccount.ok) {
    await cancelAttempt(db, "PASSWORD_IP", ipKey);
    return { ok: false, error: "TOO_MANY_ATTEMPTS", retryAt: byAccount.retryAt };
  }

  const user = await findUserByEmail(db, input.email);
  const valid = await verifyPassword(user?.passwordHash, input.password);
  const sso = user?.company.signInMethod === "SSO";
  const outcome = valid && !sso ? "OK" : "FAIL";
  await finishAttempt(db, "PASSWORD_IP", ipKey, LIMITS.passwordPerIp, outcome, now);
  const { lockedUntil } = await finishAttempt(db, "PASSWORD_ACCOUNT", accountKey, LIMITS.passwordPerAccount, outcome, now);

  if (sso) return { ok: false, error: "SSO_REQUIRED" };
  if (!user || !valid) {
    log.info("password step refused", { userId: user?.id ?? null, locked: lockedUntil !== null });
    if (user) {
      await recordEvent(db, { userId: user.id, type: "SIGN_IN_FAILURE", meta: input.meta, now });
      if (lockedUntil) await recordEvent(db, { userId: user.id, type: "LOCKOUT", detail: "password", meta: input.meta, now });
    }
    return { ok: false, error: "INVALID_CREDENTIALS" };
  }
  const mfaRequired = user.mfaMethod !== "NONE";
  const { token } = await openChallenge(db, { userId: user.id, callbackUrl: input.callbackUrl, mfaRequired, now });
  log.info("password step passed", { userId: user.id, mfaRequired });
  return { ok: true, token, mfaMethod: user.mfaMethod, userId: user.id };
}
