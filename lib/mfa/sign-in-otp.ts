import type { MfaMethod } from "@/lib/generated/prisma/enums";
import { completeChallenge, type PendingChallenge } from "@/lib/auth/challenge";
import { revokeOtherSessions } from "@/lib/auth/sessions";
import { securityNoticeEmail, signInCodeEmail } from "@/lib/email/templates";
import { log } from "@/lib/log";
import { recordEvent } from "@/lib/security/events";
import { CHALLENGE_MAX_ATTEMPTS, LIMITS, RESEND_COOLDOWN_MS } from "@/lib/security/limits";
import { beginAttempt, cancelAttempt, finishAttempt, limitKey } from "@/lib/security/rate-limit";
import { maskEmail, type MfaDeps } from "./deps";
import { checkEmailCode, latestEmailCode } from "./email-code-store";
import { sendCodeEmail } from "./send-code-email";
import { openSecret } from "./secret-box";
import { verifyTotp } from "./totp";

/** How the OTP page asks for the code. */
export type OtpMode = "TOTP" | "EMAIL";

export function otpMode(challenge: { switchToEmail: boolean; user: { mfaMethod: MfaMethod } }): OtpMode {
  return challenge.user.mfaMethod === "TOTP" && !challenge.switchToEmail ? "TOTP" : "EMAIL";
}

export type VerifyPageState = {
  mode: OtpMode;
  maskedEmail: string;
  canEmailInstead: boolean;
  codeSent: boolean;
  resendAvailableAt: number | null;
};

/** What the OTP page shows for a pending challenge. */
export async function verifyPageState(deps: Pick<MfaDeps, "db">, challenge: PendingChallenge): Promise<VerifyPageState> {
  const mode = otpMode(challenge);
  const latest = mode === "EMAIL" ? await latestCode(deps, challenge) : null;
  return {
    mode,
    maskedEmail: maskEmail(challenge.user.email),
    canEmailInstead: mode === "TOTP",
    codeSent: latest !== null,
    resendAvailableAt: latest ? latest.createdAt.getTime() + RESEND_COOLDOWN_MS : null,
  };
}

function latestCode(deps: Pick<MfaDeps, "db">, challenge: PendingChallenge) {
  return latestEmailCode(deps.db, { userId: challenge.userId, purpose: "SIGN_IN", challengeId: challenge.id });
}

export type SendCodeResult =
  | { ok: true; maskedEmail: string; resendAvailableAt: number }
  | { ok: false; error: "RESEND_COOLDOWN"; resendAvailableAt: number }
  | { ok: false; error: "TOO_MANY_ATTEMPTS"; retryAt: Date }
  | { ok: false; error: "EMAIL_FAILED" | "NO_EMAIL_CODES" };

/**
 * Emails a sign-in code for the challenge, voiding the previous one. At most
 * one email per 30 seconds per challenge and 5 an hour per account.
 * `emailInstead` is the Authenticator user's "Email me a code instead": it
 * marks the challenge, not the account.
 */
export async function sendSignInCode(
  deps: MfaDeps,
  challenge: PendingChallenge,
  options: { emailInstead?: boolean } = {},
): Promise<SendCodeResult> {
  // The page offers "Resend code" only in email mode; the server holds to the same rule.
  if (challenge.user.mfaMethod === "NONE" || (otpMode(challenge) === "TOTP" && !options.emailInstead)) {
    return { ok: false, error: "NO_EMAIL_CODES" };
  }
  const latest = await latestCode(deps, challenge);
  if (latest && deps.now.getTime() < latest.createdAt.getTime() + RESEND_COOLDOWN_MS) {
    return { ok: false, error: "RESEND_COOLDOWN", resendAvailableAt: latest.createdAt.getTime() + RESEND_COOLDOWN_MS };
  }
  const sent = await sendCodeEmail(deps, { userId: challenge.userId, purpose: "SIGN_IN", challengeId: challenge.id }, (code) =>
    signInCodeEmail(deps.appName, challenge.user.email, code),
  );
  if (!sent.ok) return sent;
  if (options.emailInstead && !challenge.switchToEmail) {
    await deps.db.loginChallenge.updateMany({ where: { id: challenge.id, completedAt: null }, data: { switchToEmail: true } });
  }
  return { ok: true, maskedEmail: maskEmail(challenge.user.email), resendAvailableAt: deps.now.getTime() + RESEND_COOLDOWN_MS };
}

export type VerifyCodeResult =
  | { ok: true; switchedToEmail: boolean }
  | { ok: false; error: "INVALID_CODE" | "CHALLENGE_EXPIRED" }
  | { ok: false; error: "TOO_MANY_ATTEMPTS"; retryAt: Date };

type CodeCheck = { ok: true; step?: number } | { ok: false; error: "INVALID_CODE" | "CHALLENGE_EXPIRED" };

/**
 * Checks the one-time password for a pending challenge and completes it.
 * Limits: 5 codes per challenge (reserved with a conditional update before
 * comparing) and 20 wrong codes an hour per account, after which the OTP step
 * is locked for 15 minutes and the owner is emailed. A TOTP step is accepted
 * once per user (RFC 6238 5.2). A user who asked for an emailed code instead
 * of the authenticator has their method switched to Email only here, once that
 * code is verified.
 */
export async function verifySignInCode(deps: MfaDeps, challenge: PendingChallenge, code: string): Promise<VerifyCodeResult> {
  const { db, now } = deps;
  const otpKey = limitKey(`user:${challenge.userId}`);
  const begun = await beginAttempt(db, "OTP_ACCOUNT", otpKey, LIMITS.otpPerAccount, now);
  if (!begun.ok) return { ok: false, error: "TOO_MANY_ATTEMPTS", retryAt: begun.retryAt };

  const user = await db.user.findUniqueOrThrow({ where: { id: challenge.userId } });
  const check = await checkCode(deps, challenge, user, code);
  if (!check.ok && check.error === "CHALLENGE_EXPIRED") {
    await cancelAttempt(db, "OTP_ACCOUNT", otpKey);
    return check;
  }
  const finished = await finishAttempt(db, "OTP_ACCOUNT", otpKey, LIMITS.otpPerAccount, check.ok ? "OK" : "FAIL", now);
  if (!check.ok) {
    await recordEvent(db, { userId: user.id, type: "OTP_FAILURE", meta: deps.meta, now });
    if (finished.lockedUntil) {
      log.warn("otp step locked", { userId: user.id });
      await recordEvent(db, { userId: user.id, type: "LOCKOUT", detail: "otp", meta: deps.meta, now });
      await deps.notify(securityNoticeEmail(deps.appName, user.email, "OTP_LOCKED", now));
    }
    return check;
  }

  if (!(await completeChallenge(db, challenge.id, now))) return { ok: false, error: "CHALLENGE_EXPIRED" };

  if (challenge.switchToEmail && user.mfaMethod === "TOTP") {
    const switched = await db.user.updateMany({
      where: { id: user.id, mfaMethod: "TOTP" },
      data: { mfaMethod: "EMAIL", totpSecret: null, totpLastStep: null, pendingTotpSecret: null, pendingTotpCreatedAt: null },
    });
    if (switched.count === 1) {
      // A change of method signs out the user's other browsers, as in settings.
      await revokeOtherSessions(db, user.id, undefined, now);
      await recordEvent(db, { userId: user.id, type: "MFA_SWITCHED_AT_SIGN_IN", detail: "EMAIL", meta: deps.meta, now });
      await deps.notify(securityNoticeEmail(deps.appName, user.email, "SWITCHED_TO_EMAIL_AT_SIGN_IN", now));
      return { ok: true, switchedToEmail: true };
    }
  }
  return { ok: true, switchedToEmail: false };
}

async function checkCode(
  deps: MfaDeps,
  challenge: PendingChallenge,
  user: { id: string; mfaMethod: MfaMethod; totpSecret: string | null; totpLastStep: number | null },
  code: string,
): Promise<CodeCheck> {
  const { db, now } = deps;
  const reserved = await db.loginChallenge.updateMany({
    where: { id: challenge.id, completedAt: null, consumedAt: null, expiresAt: { gt: now }, failedAttempts: { lt: CHALLENGE_MAX_ATTEMPTS } },
    data: { failedAttempts: { increment: 1 } },
  });
  if (reserved.count !== 1) return { ok: false, error: "CHALLENGE_EXPIRED" };
  if (user.mfaMethod === "NONE") return { ok: false, error: "INVALID_CODE" };

  if (otpMode({ switchToEmail: challenge.switchToEmail, user }) === "EMAIL") {
    const result = await checkEmailCode(db, deps.emailKey, { userId: user.id, purpose: "SIGN_IN", challengeId: challenge.id }, code, now);
    return result === "ok" ? { ok: true } : { ok: false, error: "INVALID_CODE" };
  }
  if (!user.totpSecret) return { ok: false, error: "INVALID_CODE" };
  const result = verifyTotp({ secretBase32: openSecret(user.totpSecret, deps.ring), code, now, lastUsedStep: user.totpLastStep });
  if (!result.ok) return { ok: false, error: "INVALID_CODE" };
  const accepted = await db.user.updateMany({
    where: { id: user.id, totpSecret: user.totpSecret, OR: [{ totpLastStep: null }, { totpLastStep: { lt: result.step } }] },
    data: { totpLastStep: result.step },
  });
  return accepted.count === 1 ? { ok: true, step: result.step } : { ok: false, error: "INVALID_CODE" };
}
