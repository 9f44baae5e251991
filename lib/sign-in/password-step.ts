import { verifyPassword } from "@/lib/auth/password";
import { newToken } from "@/lib/auth/tokens";
import type { Db } from "@/lib/db";
import type { MfaMethod } from "@/lib/generated/prisma/enums";
import { log } from "@/lib/log";
import type { RequestMeta } from "@/lib/security/events";
import type { EmailMessage } from "@/lib/email/types";
import { emailContextOf } from "@/lib/email/origin";
import { failureStreakEmail } from "@/lib/email/templates";
import { CEILING_NOTICES, CHALLENGE_TTL_MS, FAILURE_CEILING, LIMITS } from "@/lib/security/limits";
import { cancelAttempt, limitKey, retryAtFrom } from "@/lib/security/rate-limit";
import { beginPasswordStep, failPasswordStep, passPasswordStep } from "./statements";

export type PasswordStepResult =
  | { ok: true; token: string; mfaMethod: MfaMethod; userId: string }
  | {
      ok: false;
      error: "INVALID_CREDENTIALS" | "SSO_REQUIRED" | "SIGN_IN_DISABLED";
      /** This failure locked the (account, client) pair (its 10th): counted by the metrics, never shown differently. */
      lockedNow?: true;
    }
  | { ok: false; error: "TOO_MANY_ATTEMPTS"; retryAt: Date };

/**
 * The first sign-in step. Limits are reserved before the password is checked
 * (so a locked account gets the same answer whether the password is right or
 * not); then one argon2id verification, also for unknown emails; then a
 * challenge in the database. No session is created here. Two statements
 * besides the hash: begin (limits and the user) and pass or fail. Every
 * attempt also counts towards the account's failures in a row (a success
 * clears them); at 100 the password step is disabled until
 * `npm run user:unlock`, and the owner is emailed at 20, 50 and 100.
 */
export type Notices = { appName: string; notify: (message: EmailMessage) => Promise<void> };

export async function passwordStep(
  db: Db,
  input: {
    email: string;
    password: string;
    callbackUrl: string;
    meta: RequestMeta;
    now: Date;
    /** The browser's known-device id for this email (lib/security/known-device.ts), if it has one. */
    knownDeviceId?: string | null;
  },
  notices?: Notices,
): Promise<PasswordStepResult> {
  const { now } = input;
  const email = input.email.trim().toLowerCase();
  const ipKey = limitKey(input.meta.ip ?? "unknown");
  const client = input.knownDeviceId ? `device:${input.knownDeviceId}` : `ip:${input.meta.ip ?? "unknown"}`;
  const limits = {
    ipKey,
    clientKey: limitKey(`${email}|${client}`),
    accountKey: limitKey(email),
    ipLimit: LIMITS.passwordPerIp,
    clientLimit: LIMITS.passwordPerClient,
    accountLimit: LIMITS.passwordPerAccount,
    knownDevice: Boolean(input.knownDeviceId),
  };
  const begun = await beginPasswordStep(db, { email, ...limits, now });
  if (!begun.ipReserved) return { ok: false, error: "TOO_MANY_ATTEMPTS", retryAt: retryAtFrom(LIMITS.passwordPerIp, begun.ipState, now) };
  if (!begun.clientReserved) {
    await cancelAttempt(db, "PASSWORD_IP", ipKey);
    return { ok: false, error: "TOO_MANY_ATTEMPTS", retryAt: retryAtFrom(LIMITS.passwordPerClient, begun.clientState, now) };
  }
  if (!begun.accountReserved) {
    await cancelAttempt(db, "PASSWORD_IP", ipKey);
    await cancelAttempt(db, "PASSWORD_CLIENT", limits.clientKey);
    // 100 wrong passwords in a row (from anywhere, over any time): off until a success elsewhere is impossible, so until unlocked.
    if (begun.accountStreak >= FAILURE_CEILING) return { ok: false, error: "SIGN_IN_DISABLED" };
    return { ok: false, error: "TOO_MANY_ATTEMPTS", retryAt: retryAtFrom(LIMITS.passwordPerAccount, begun.accountState, now) };
  }

  const { user } = begun;
  const valid = await verifyPassword(user?.passwordHash, input.password);
  const sso = user?.signInMethod === "SSO";
  if (!user || !valid || sso) {
    const { lockedUntil } = await failPasswordStep(db, { clientKey: limits.clientKey, clientLimit: LIMITS.passwordPerClient, userId: sso ? null : (user?.id ?? null), meta: input.meta, now });
    const locked = lockedUntil ? { lockedNow: true as const } : {};
    if (sso) return { ok: false, error: "SSO_REQUIRED", ...locked };
    if (user && notices && CEILING_NOTICES.includes(begun.accountStreak)) {
      // With the context of this request: whoever is guessing.
      const context = await emailContextOf(input.meta, user.timeZone, now);
      await notices.notify(await failureStreakEmail(notices.appName, email, "password", begun.accountStreak, FAILURE_CEILING, context));
    }
    log.info("password step refused", { userId: user?.id ?? null, locked: lockedUntil !== null });
    return { ok: false, error: "INVALID_CREDENTIALS", ...locked };
  }
  const mfaRequired = user.mfaMethod !== "NONE";
  const { token, tokenHash } = newToken();
  const challenge = { tokenHash, userId: user.id, callbackUrl: input.callbackUrl, mfaRequired, expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS) };
  await passPasswordStep(db, { ...limits, challenge, now });
  log.info("password step passed", { userId: user.id, mfaRequired });
  return { ok: true, token, mfaMethod: user.mfaMethod, userId: user.id };
}
