// The OTP step of sign-in: what the page shows, the code emails, and the
// check of a code. Its database work is the named statements of
// ./statements.ts: one read of the pending challenge, one statement that
// settles the attempt.
import { hashToken, isWellFormedToken } from "@/lib/auth/tokens";
import { revokeOtherSessions } from "@/lib/auth/sessions";
import { emailContextOf } from "@/lib/email/origin";
import { failureStreakEmail, recoveryCodeUsedEmail, securityNoticeEmail, signInCodeEmail } from "@/lib/email/templates";
import { applyPasswordReset } from "@/lib/auth/password-reset";
import { accessCodeUsed } from "@/lib/company/access-code";
import { candidateHashes, normaliseCode } from "@/lib/mfa/one-time-codes";
import { log } from "@/lib/log";
import { maskEmail, type MfaDeps } from "@/lib/mfa/deps";
import { emailCodeMatches } from "@/lib/mfa/email-code";
import { openSecret } from "@/lib/mfa/secret-box";
import { sendCodeEmail } from "@/lib/mfa/send-code-email";
import { verifyTotp } from "@/lib/mfa/totp";
import type { Db } from "@/lib/db";
import { recordEvent } from "@/lib/security/events";
import { ACCESS_CODE_LENGTH, CEILING_NOTICES, FAILURE_CEILING, LIMITS, RECOVERY_CODE_LENGTH, RESEND_COOLDOWN_MS } from "@/lib/security/limits";
import { readPendingChallenge, settleOtpAttempt, type OtpProof, type PendingChallenge } from "./statements";

export type { PendingChallenge };

/** The pending challenge behind a cookie's token (one statement), or null. */
export function findPendingChallenge(db: Db, token: unknown, now: Date): Promise<PendingChallenge | null> {
  if (!isWellFormedToken(token)) return Promise.resolve(null);
  return readPendingChallenge(db, hashToken(token), now);
}

/** How the OTP page asks for the code. */
export type OtpMode = "TOTP" | "EMAIL";

/**
 * An authenticator user who chose "Email me a code instead" is asked for the
 * emailed code, unless their company allows authenticator apps only (then
 * the choice is neither offered nor honoured).
 */
export function otpMode(challenge: Pick<PendingChallenge, "switchToEmail" | "emailAllowed" | "resetTokenId" | "user">): OtpMode {
  if (challenge.user.mfaMethod !== "TOTP") return "EMAIL";
  return challenge.switchToEmail && emailInsteadAllowed(challenge) ? "EMAIL" : "TOTP";
}

/**
 * "Email me a code instead" is not offered under "Authenticator app only", nor
 * when the sign-in finishes a password reset: the link came by email, so an
 * emailed code would let the mailbox stand in for both factors.
 */
function emailInsteadAllowed(challenge: Pick<PendingChallenge, "emailAllowed" | "resetTokenId">): boolean {
  return challenge.emailAllowed && challenge.resetTokenId === null;
}

export type VerifyPageState = {
  mode: OtpMode;
  maskedEmail: string;
  canEmailInstead: boolean;
  codeSent: boolean;
  resendAvailableAt: number | null;
};

/** What the OTP page shows for a pending challenge (no further database work). */
export function verifyPageState(challenge: PendingChallenge): VerifyPageState {
  const mode = otpMode(challenge);
  const sentAt = mode === "EMAIL" ? challenge.lastCodeSentAt : null;
  return {
    mode,
    maskedEmail: maskEmail(challenge.user.email),
    canEmailInstead: mode === "TOTP" && emailInsteadAllowed(challenge),
    codeSent: sentAt !== null,
    resendAvailableAt: sentAt ? sentAt.getTime() + RESEND_COOLDOWN_MS : null,
  };
}

export type SendCodeResult =
  | { ok: true; maskedEmail: string; resendAvailableAt: number }
  | { ok: false; error: "RESEND_COOLDOWN"; resendAvailableAt: number }
  | { ok: false; error: "AUTHENTICATOR_ONLY" }
  | { ok: false; error: "TOO_MANY_ATTEMPTS"; retryAt: Date }
  | { ok: false; error: "EMAIL_FAILED" | "NO_EMAIL_CODES" };

/**
 * Emails a sign-in code for the challenge, voiding the previous one. At most
 * one email per 30 seconds per challenge and 5 an hour per account.
 * `emailInstead` is the Authenticator user's "Email me a code instead": it
 * marks the challenge, not the account.
 */
export async function sendSignInCode(deps: MfaDeps, challenge: PendingChallenge, options: { emailInstead?: boolean } = {}): Promise<SendCodeResult> {
  // The page offers "Resend code" only in email mode; the server holds to the same rule.
  if (challenge.user.mfaMethod === "NONE" || (otpMode(challenge) === "TOTP" && !options.emailInstead)) {
    return { ok: false, error: "NO_EMAIL_CODES" };
  }
  if (options.emailInstead && !emailInsteadAllowed(challenge)) return { ok: false, error: "AUTHENTICATOR_ONLY" };
  const last = challenge.lastCodeSentAt;
  if (last && deps.now.getTime() < last.getTime() + RESEND_COOLDOWN_MS) {
    return { ok: false, error: "RESEND_COOLDOWN", resendAvailableAt: last.getTime() + RESEND_COOLDOWN_MS };
  }
  const context = await emailContextOf(deps.meta, challenge.user.timeZone, deps.now);
  const sent = await sendCodeEmail(deps, { userId: challenge.userId, purpose: "SIGN_IN", challengeId: challenge.id }, (code) =>
    signInCodeEmail(deps.appName, challenge.user.email, code, context),
  );
  if (!sent.ok) return sent;
  if (options.emailInstead && !challenge.switchToEmail) {
    await deps.db.loginChallenge.updateMany({ where: { id: challenge.id, completedAt: null }, data: { switchToEmail: true } });
  }
  return { ok: true, maskedEmail: maskEmail(challenge.user.email), resendAvailableAt: deps.now.getTime() + RESEND_COOLDOWN_MS };
}

export type VerifyCodeResult =
  | {
      ok: true;
      switchedToEmail: boolean;
      /** An administrator's access code was used: the user's MFA was reset and they set it up again first. */
      mfaReset: boolean;
      /** The challenge finished a password reset, now applied. */
      passwordReset: boolean;
    }
  | {
      ok: false;
      error: "INVALID_CODE" | "CHALLENGE_EXPIRED" | "SIGN_IN_DISABLED" | "RESET_LINK_INVALID" | "RECOVERY_CODE_FORMAT" | "ACCESS_CODE_FORMAT";
      /** This wrong code locked the account's OTP step: counted by the metrics, never shown differently. */
      lockedNow?: true;
    }
  | { ok: false; error: "TOO_MANY_ATTEMPTS"; retryAt: Date };

/**
 * What the OTP page was given: a code of the user's method, one of their
 * recovery codes ("Use a recovery code"), or an administrator's one-time
 * access code ("Use a code from your administrator").
 */
export type CodeKind = "code" | "recovery" | "access";

/** What the code proves, checked in memory (constant-time) against the challenge as read. */
function proofOf(deps: MfaDeps, challenge: PendingChallenge, code: string, kind: CodeKind): OtpProof | null {
  const { user } = challenge;
  if (kind !== "code") {
    // Case, spaces and hyphens ignored; something that cannot be such a code is refused before anything is counted.
    const normalised = normaliseCode(code, kind === "recovery" ? RECOVERY_CODE_LENGTH : ACCESS_CODE_LENGTH);
    if (!normalised) return null;
    // Looked up by its keyed hashes inside the settling statement (one conditional update uses it up).
    return user.mfaMethod === "NONE" ? { kind: "wrong" } : { kind, hashes: candidateHashes(deps.ring, kind, user.id, normalised) };
  }
  if (user.mfaMethod === "NONE") return { kind: "wrong" };
  if (otpMode(challenge) === "EMAIL") {
    if (!challenge.emailCode) return { kind: "wrong" };
    const matched = emailCodeMatches(deps.emailKey, challenge.emailCode.codeHash, { userId: user.id, purpose: "SIGN_IN", code });
    return { kind: "email", codeId: challenge.emailCode.id, matched };
  }
  if (!user.totpSecret) return { kind: "wrong" };
  const result = verifyTotp({ secretBase32: openSecret(user.totpSecret, deps.ring, { userId: user.id, field: "totpSecret" }), code, now: deps.now, lastUsedStep: user.totpLastStep });
  return result.ok ? { kind: "totp", step: result.step, sealedSecret: user.totpSecret } : { kind: "wrong", replayed: result.replayed === true };
}

/**
 * Checks the one-time password for a pending challenge and completes it.
 * Limits: 5 codes per challenge and 20 wrong codes an hour per account, after
 * which the OTP step is locked for 15 minutes and the owner is emailed. A TOTP
 * step is accepted once per user (RFC 6238 5.2). A user who asked for an
 * emailed code instead of the authenticator has their method switched to
 * Email only here, once that code is verified.
 */
export async function verifySignInCode(deps: MfaDeps, challenge: PendingChallenge, code: string, kind: CodeKind = "code"): Promise<VerifyCodeResult> {
  const { db, now } = deps;
  if (challenge.otpLockedUntil && challenge.otpLockedUntil > now) {
    return { ok: false, error: "TOO_MANY_ATTEMPTS", retryAt: challenge.otpLockedUntil };
  }
  const proof = proofOf(deps, challenge, code, kind);
  if (!proof) return { ok: false, error: kind === "recovery" ? "RECOVERY_CODE_FORMAT" : "ACCESS_CODE_FORMAT" };
  const outcome = await settleOtpAttempt(db, { challengeId: challenge.id, userId: challenge.userId, proof, limit: LIMITS.otpPerAccount, meta: deps.meta, now });
  if (outcome.disabled) return { ok: false, error: "SIGN_IN_DISABLED" };
  if (outcome.lockedUntil) return { ok: false, error: "TOO_MANY_ATTEMPTS", retryAt: outcome.lockedUntil };
  if (!outcome.spent) return { ok: false, error: "CHALLENGE_EXPIRED" };
  // The notices carry the context of this request: whoever is typing the codes.
  const context = () => emailContextOf(deps.meta, challenge.user.timeZone, now);
  if (!outcome.completed) {
    if (outcome.lockedNow) {
      log.warn("otp step locked", { userId: challenge.userId });
      await deps.notify(await securityNoticeEmail(deps.appName, challenge.user.email, "OTP_LOCKED", await context()));
    }
    // At 20, 50 and 100 wrong codes in a row (the lock's own notice already covers a lock below the ceiling).
    const streak = outcome.streak;
    if (streak !== null && CEILING_NOTICES.includes(streak) && !(outcome.lockedNow && streak < FAILURE_CEILING)) {
      log.warn("otp failures in a row", { userId: challenge.userId, streak });
      await deps.notify(await failureStreakEmail(deps.appName, challenge.user.email, "otp", streak, FAILURE_CEILING, await context()));
    }
    return outcome.lockedNow ? { ok: false, error: "INVALID_CODE", lockedNow: true } : { ok: false, error: "INVALID_CODE" };
  }
  if (outcome.ceilingLifted) log.warn("otp failure ceiling lifted", { userId: challenge.userId, by: proof.kind });
  // A password reset applies only now that the second factor is proven; without it the challenge never redeems.
  if (challenge.resetTokenId) {
    const reset = await applyPasswordReset(deps, { resetTokenId: challenge.resetTokenId, userId: challenge.userId });
    if (!reset.ok) return { ok: false, error: "RESET_LINK_INVALID" };
  }
  const done = { switchedToEmail: false, mfaReset: false, passwordReset: challenge.resetTokenId !== null };
  if (proof.kind === "recovery") {
    await recoveryCodeUsed(deps, challenge);
    return { ok: true, ...done };
  }
  if (proof.kind === "access" && outcome.usedCodeId) {
    await accessCodeUsed(deps, { userId: challenge.userId, accessCodeId: outcome.usedCodeId });
    return { ok: true, ...done, mfaReset: true };
  }
  if (proof.kind === "email" && challenge.user.mfaMethod === "TOTP") {
    const switched = await db.user.updateMany({
      where: { id: challenge.userId, mfaMethod: "TOTP" },
      data: { mfaMethod: "EMAIL", totpSecret: null, totpLastStep: null, pendingTotpSecret: null, pendingTotpCreatedAt: null },
    });
    if (switched.count === 1) {
      // A change of method signs out the user's other browsers, as in settings.
      await revokeOtherSessions(db, challenge.userId, undefined, now);
      await recordEvent(db, { userId: challenge.userId, type: "MFA_SWITCHED_AT_SIGN_IN", detail: "EMAIL", meta: deps.meta, now });
      await deps.notify(await securityNoticeEmail(deps.appName, challenge.user.email, "SWITCHED_TO_EMAIL_AT_SIGN_IN", await context()));
      return { ok: true, ...done, switchedToEmail: true };
    }
  }
  return { ok: true, ...done };
}

/** After a recovery code completed a sign-in: the activity entry and the owner's notice, with the codes left. */
async function recoveryCodeUsed(deps: MfaDeps, challenge: PendingChallenge): Promise<void> {
  const left = await deps.db.recoveryCode.count({ where: { userId: challenge.userId, usedAt: null } });
  await recordEvent(deps.db, { userId: challenge.userId, type: "RECOVERY_CODE_USED", detail: String(left), meta: deps.meta, now: deps.now });
  const context = await emailContextOf(deps.meta, challenge.user.timeZone, deps.now);
  await deps.notify(await recoveryCodeUsedEmail(deps.appName, challenge.user.email, { left, context }));
}
