import { completeChallenge, type PendingChallenge } from "@/lib/auth/challenge";
import { revokeOtherSessions } from "@/lib/auth/sessions";
import { EmailDeliveryError } from "@/lib/email/types";
import { securityNoticeEmail, signInCodeEmail } from "@/lib/email/templates";
import { maskEmail, type MfaDeps } from "./deps";
import { checkEmailCode, issueEmailCode, latestEmailCode, withdrawEmailCode } from "./email-code-store";
import { openSecret } from "./secret-box";
import { verifyTotp } from "./totp";

export const RESEND_COOLDOWN_MS = 30 * 1000;
/** Codes a challenge accepts before it is void and the user must sign in again. */
export const CHALLENGE_MAX_ATTEMPTS = 5;

/** How the OTP page asks for the code. */
export type OtpMode = "TOTP" | "EMAIL";

export function otpMode(challenge: { switchToEmail: boolean; user: { mfaMethod: string } }): OtpMode {
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
  | { ok: false; error: "EMAIL_FAILED" | "INVALID_CODE" };

/**
 * Emails a sign-in code for the challenge, voiding the previous one. At most
 * one email per 30 seconds per challenge. `emailInstead` is the Authenticator
 * user's "Email me a code instead": it marks the challenge, not the account.
 */
export async function sendSignInCode(
  deps: MfaDeps,
  challenge: PendingChallenge,
  options: { emailInstead?: boolean } = {},
): Promise<SendCodeResult> {
  if (challenge.user.mfaMethod === "NONE") return { ok: false, error: "INVALID_CODE" };
  const latest = await latestCode(deps, challenge);
  if (latest && deps.now.getTime() < latest.createdAt.getTime() + RESEND_COOLDOWN_MS) {
    return { ok: false, error: "RESEND_COOLDOWN", resendAvailableAt: latest.createdAt.getTime() + RESEND_COOLDOWN_MS };
  }
  const issued = await issueEmailCode(deps.db, deps.emailKey, { userId: challenge.userId, purpose: "SIGN_IN", challengeId: challenge.id }, deps.now);
  try {
    await deps.send(signInCodeEmail(deps.appName, challenge.user.email, issued.code));
  } catch (error) {
    await withdrawEmailCode(deps.db, issued.id);
    if (error instanceof EmailDeliveryError) return { ok: false, error: "EMAIL_FAILED" };
    throw error;
  }
  if (options.emailInstead && !challenge.switchToEmail) {
    await deps.db.loginChallenge.updateMany({ where: { id: challenge.id, completedAt: null }, data: { switchToEmail: true } });
  }
  return { ok: true, maskedEmail: maskEmail(challenge.user.email), resendAvailableAt: deps.now.getTime() + RESEND_COOLDOWN_MS };
}

export type VerifyCodeResult =
  | { ok: true; switchedToEmail: boolean }
  | { ok: false; error: "INVALID_CODE" | "CHALLENGE_EXPIRED"; attemptsLeft?: number };

/**
 * Checks the one-time password for a pending challenge and completes it.
 * Every check first reserves one of the challenge's 5 attempts with a
 * conditional update; a TOTP step is accepted once per user (RFC 6238 5.2).
 * A user who asked for an emailed code instead of the authenticator has their
 * method switched to Email only here, once that code is verified.
 */
export async function verifySignInCode(deps: MfaDeps, challenge: PendingChallenge, code: string): Promise<VerifyCodeResult> {
  const reserved = await deps.db.loginChallenge.updateMany({
    where: {
      id: challenge.id,
      completedAt: null,
      consumedAt: null,
      expiresAt: { gt: deps.now },
      failedAttempts: { lt: CHALLENGE_MAX_ATTEMPTS },
    },
    data: { failedAttempts: { increment: 1 } },
  });
  if (reserved.count !== 1) return { ok: false, error: "CHALLENGE_EXPIRED" };
  const attemptsLeft = CHALLENGE_MAX_ATTEMPTS - (challenge.failedAttempts + 1);

  const user = await deps.db.user.findUniqueOrThrow({ where: { id: challenge.userId } });
  const mode = otpMode({ switchToEmail: challenge.switchToEmail, user });
  if (user.mfaMethod === "NONE") return { ok: false, error: "INVALID_CODE", attemptsLeft };

  if (mode === "EMAIL") {
    const check = await checkEmailCode(deps.db, deps.emailKey, { userId: user.id, purpose: "SIGN_IN", challengeId: challenge.id }, code, deps.now);
    if (check !== "ok") return { ok: false, error: "INVALID_CODE", attemptsLeft };
  } else {
    if (!user.totpSecret) return { ok: false, error: "INVALID_CODE", attemptsLeft };
    const result = verifyTotp({ secretBase32: openSecret(user.totpSecret, deps.ring), code, now: deps.now, lastUsedStep: user.totpLastStep });
    if (!result.ok) return { ok: false, error: "INVALID_CODE", attemptsLeft };
    const accepted = await deps.db.user.updateMany({
      where: {
        id: user.id,
        totpSecret: user.totpSecret,
        OR: [{ totpLastStep: null }, { totpLastStep: { lt: result.step } }],
      },
      data: { totpLastStep: result.step },
    });
    if (accepted.count !== 1) return { ok: false, error: "INVALID_CODE", attemptsLeft };
  }

  if (!(await completeChallenge(deps.db, challenge.id, deps.now))) return { ok: false, error: "CHALLENGE_EXPIRED" };

  if (challenge.switchToEmail && user.mfaMethod === "TOTP") {
    const switched = await deps.db.user.updateMany({
      where: { id: user.id, mfaMethod: "TOTP" },
      data: { mfaMethod: "EMAIL", totpSecret: null, totpLastStep: null, pendingTotpSecret: null, pendingTotpCreatedAt: null },
    });
    if (switched.count === 1) {
      // A change of method signs out the user's other browsers, as in settings.
      await revokeOtherSessions(deps.db, user.id, undefined, deps.now);
      await deps.notify(securityNoticeEmail(deps.appName, user.email, "SWITCHED_TO_EMAIL_AT_SIGN_IN", deps.now));
      return { ok: true, switchedToEmail: true };
    }
  }
  return { ok: true, switchedToEmail: false };
}
