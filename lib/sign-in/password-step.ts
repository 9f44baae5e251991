import { verifyPassword } from "@/lib/auth/password";
import { newToken } from "@/lib/auth/tokens";
import type { Db } from "@/lib/db";
import type { MfaMethod } from "@/lib/generated/prisma/enums";
import { log } from "@/lib/log";
import type { RequestMeta } from "@/lib/security/events";
import { CHALLENGE_TTL_MS, LIMITS } from "@/lib/security/limits";
import { cancelAttempt, limitKey, retryAtFrom } from "@/lib/security/rate-limit";
import { beginPasswordStep, failPasswordStep, passPasswordStep } from "./statements";

export type PasswordStepResult =
  | { ok: true; token: string; mfaMethod: MfaMethod; userId: string }
  | { ok: false; error: "INVALID_CREDENTIALS" | "SSO_REQUIRED" }
  | { ok: false; error: "TOO_MANY_ATTEMPTS"; retryAt: Date };

/**
 * The first sign-in step. Limits are reserved before the password is checked
 * (so a locked account gets the same answer whether the password is right or
 * not); then one argon2id verification, also for unknown emails; then a
 * challenge in the database. No session is created here. Two statements
 * besides the hash: begin (limits and the user) and pass or fail.
 */
export async function passwordStep(
  db: Db,
  input: { email: string; password: string; callbackUrl: string; meta: RequestMeta; now: Date },
): Promise<PasswordStepResult> {
  const { now } = input;
  const email = input.email.trim().toLowerCase();
  const ipKey = limitKey(input.meta.ip ?? "unknown");
  const accountKey = limitKey(email);
  const limits = { ipKey, accountKey, ipLimit: LIMITS.passwordPerIp, accountLimit: LIMITS.passwordPerAccount };
  const begun = await beginPasswordStep(db, { email, ...limits, now });
  if (!begun.ipReserved) return { ok: false, error: "TOO_MANY_ATTEMPTS", retryAt: retryAtFrom(LIMITS.passwordPerIp, begun.ipState, now) };
  if (!begun.accountReserved) {
    await cancelAttempt(db, "PASSWORD_IP", ipKey);
    return { ok: false, error: "TOO_MANY_ATTEMPTS", retryAt: retryAtFrom(LIMITS.passwordPerAccount, begun.accountState, now) };
  }

  const { user } = begun;
  const valid = await verifyPassword(user?.passwordHash, input.password);
  const sso = user?.signInMethod === "SSO";
  if (!user || !valid || sso) {
    const { lockedUntil } = await failPasswordStep(db, { accountKey, accountLimit: LIMITS.passwordPerAccount, userId: sso ? null : (user?.id ?? null), meta: input.meta, now });
    if (sso) return { ok: false, error: "SSO_REQUIRED" };
    log.info("password step refused", { userId: user?.id ?? null, locked: lockedUntil !== null });
    return { ok: false, error: "INVALID_CREDENTIALS" };
  }
  const mfaRequired = user.mfaMethod !== "NONE";
  const { token, tokenHash } = newToken();
  const challenge = { tokenHash, userId: user.id, callbackUrl: input.callbackUrl, mfaRequired, expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS) };
  await passPasswordStep(db, { ...limits, challenge, now });
  log.info("password step passed", { userId: user.id, mfaRequired });
  return { ok: true, token, mfaMethod: user.mfaMethod, userId: user.id };
}
