import { countReauthFailure, reauthenticate } from "@/lib/auth/reauthenticate";
import { revokeOtherSessions } from "@/lib/auth/sessions";
import { emailContextOf } from "@/lib/email/origin";
import { enrollCodeEmail, securityNoticeEmail, stepUpCodeEmail, type SecurityNoticeKind } from "@/lib/email/templates";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { MfaMethod, SecurityEventType } from "@/lib/generated/prisma/enums";
import { offeredMethods } from "@/lib/company/mfa-status";
import { recordEvent } from "@/lib/security/events";
import { ENROLLMENT_TTL_MS } from "@/lib/security/limits";
import { maskEmail, type MfaDeps } from "./deps";
import { checkEmailCode } from "./email-code-store";
import { deleteRecoveryCodes, issueRecoveryCodes, recoveryCodesLeft } from "./recovery-codes";
import { sendCodeEmail } from "./send-code-email";
import { openSecret, sealSecret } from "./secret-box";
import { generateTotpSecret, otpauthUri, verifyTotp } from "./totp";

export type { MfaMethod };

/** `amr`: what the caller's session proved at sign-in. */
type Caller = { userId: string; sessionId: string | undefined; amr?: readonly string[] };

/**
 * A session opened with a recovery code has just proven a second factor, and
 * its owner has most likely lost their present one: changing MFA or making new
 * codes then asks for the password only (else they could never set MFA up
 * again without an administrator).
 */
export const provenWithRecoveryCode = (caller: Caller) => caller.amr?.includes("recovery") === true;

export type StartChangeResult =
  | { ok: true; state: "unchanged" | "disabled" }
  | { ok: true; state: "totp-pending"; secret: string; uri: string }
  | { ok: true; state: "email-pending"; maskedEmail: string }
  | { ok: false; error: "MFA_MANAGED_BY_SSO" | "WRONG_CURRENT_PASSWORD" | "EMAIL_FAILED" | "SESSION_ENDED" | "STEP_UP_REQUIRED" | "INVALID_CODE" | "METHOD_NOT_ALLOWED" }
  | { ok: false; error: "TOO_MANY_ATTEMPTS"; retryAt: Date };

const cleared = { totpSecret: null, totpLastStep: null, pendingTotpSecret: null, pendingTotpCreatedAt: null };

async function loadUser(deps: MfaDeps, userId: string) {
  return deps.db.user.findUniqueOrThrow({ where: { id: userId }, include: { company: true } });
}

/**
 * A current code of the user's present method: the authenticator's (its
 * step is then used up, like at sign-in) or one emailed for this purpose.
 * A wrong code counts against the session's re-authentication limit.
 */
export async function checkStepUpCode(
  deps: MfaDeps,
  caller: Caller,
  user: { id: string; mfaMethod: MfaMethod; totpSecret: string | null; totpLastStep: number | null },
  code: string,
): Promise<{ ok: true } | { ok: false; error: "INVALID_CODE" | "SESSION_ENDED" }> {
  let valid = false;
  if (user.mfaMethod === "TOTP" && user.totpSecret) {
    const result = verifyTotp({ secretBase32: openSecret(user.totpSecret, deps.ring, { userId: user.id, field: "totpSecret" }), code, now: deps.now, lastUsedStep: user.totpLastStep });
    if (result.ok) {
      const used = await deps.db.user.updateMany({
        where: { id: user.id, totpSecret: user.totpSecret, OR: [{ totpLastStep: null }, { totpLastStep: { lt: result.step } }] },
        data: { totpLastStep: result.step },
      });
      valid = used.count === 1;
    }
  } else if (user.mfaMethod === "EMAIL") {
    valid = (await checkEmailCode(deps.db, deps.emailKey, { userId: user.id, purpose: "STEP_UP" }, code, deps.now)) === "ok";
  }
  if (valid) return { ok: true };
  const counted = await countReauthFailure(deps.db, { ...caller, meta: deps.meta }, deps.now);
  return counted.sessionEnded ? { ok: false, error: "SESSION_ENDED" } : { ok: false, error: "INVALID_CODE" };
}

/** "Email me a code" for the step-up of a user whose method is Email. */
export async function sendStepUpCode(deps: MfaDeps, caller: Caller): Promise<{ ok: true; maskedEmail: string } | { ok: false; error: "NO_EMAIL_CODES" | "EMAIL_FAILED" | "MFA_MANAGED_BY_SSO" } | { ok: false; error: "TOO_MANY_ATTEMPTS"; retryAt: Date }> {
  const user = await loadUser(deps, caller.userId);
  if (user.company.signInMethod === "SSO") return { ok: false, error: "MFA_MANAGED_BY_SSO" };
  if (user.mfaMethod !== "EMAIL") return { ok: false, error: "NO_EMAIL_CODES" };
  const context = await emailContextOf(deps.meta, user.timeZone, deps.now);
  const sent = await sendCodeEmail(deps, { userId: user.id, purpose: "STEP_UP" }, (code) => stepUpCodeEmail(deps.appName, user.email, code, context));
  return sent.ok ? { ok: true, maskedEmail: maskEmail(user.email) } : sent;
}

/**
 * After any change of method: other browsers are signed out, the change is
 * logged in the activity list, and the owner is told by email.
 */
async function afterChange(
  deps: MfaDeps,
  caller: Caller,
  user: { email: string; mfaMethod: MfaMethod; timeZone: string },
  kind: SecurityNoticeKind,
  newMethod: MfaMethod,
) {
  await revokeOtherSessions(deps.db, caller.userId, caller.sessionId, deps.now);
  const type: SecurityEventType = newMethod === "NONE" ? "MFA_DISABLED" : user.mfaMethod === "NONE" ? "MFA_ENABLED" : "MFA_CHANGED";
  await recordEvent(deps.db, { userId: caller.userId, type, detail: newMethod, meta: deps.meta, now: deps.now });
  await deps.notify(await securityNoticeEmail(deps.appName, user.email, kind, await emailContextOf(deps.meta, user.timeZone, deps.now)));
}

/**
 * The "Save" of the MFA panel, after re-checking the current password.
 * None takes effect at once; Authenticator and Email start an enrollment that
 * a code must confirm, and until then the previous method stays in force.
 */
export async function startMfaChange(
  deps: MfaDeps,
  caller: Caller,
  input: { method: MfaMethod; currentPassword: string; currentCode?: string },
): Promise<StartChangeResult> {
  const user = await loadUser(deps, caller.userId);
  if (user.company.signInMethod === "SSO") return { ok: false, error: "MFA_MANAGED_BY_SSO" };
  // The company's policy: no None while MFA is required of this user, no Email under "Authenticator app only".
  if (!offeredMethods(user, user.company, deps.now).includes(input.method)) return { ok: false, error: "METHOD_NOT_ALLOWED" };
  const reauth = await reauthenticate(deps.db, { ...caller, meta: deps.meta }, user, input.currentPassword, deps.now);
  if (!reauth.ok) return reauth;
  // Step-up: while MFA is on, changing it (or turning it off) needs a current code of the present method too.
  const changes = input.method !== user.mfaMethod || input.method === "TOTP";
  if (user.mfaMethod !== "NONE" && changes && !provenWithRecoveryCode(caller)) {
    if (!input.currentCode) return { ok: false, error: "STEP_UP_REQUIRED" };
    const stepUp = await checkStepUpCode(deps, caller, user, input.currentCode);
    if (!stepUp.ok) return stepUp;
  }

  if (input.method === "NONE") {
    if (user.mfaMethod === "NONE" && !user.pendingTotpSecret) return { ok: true, state: "unchanged" };
    // With MFA off there is nothing for recovery codes to stand in for: they go with it.
    await deps.db.$transaction(async (tx) => {
      await tx.user.update({ where: { id: user.id }, data: { mfaMethod: "NONE", ...cleared } });
      await deleteRecoveryCodes(tx, user.id);
    });
    if (user.mfaMethod !== "NONE") await afterChange(deps, caller, user, "MFA_DISABLED", "NONE");
    return { ok: true, state: "disabled" };
  }

  if (input.method === "TOTP") {
    const secret = generateTotpSecret();
    await deps.db.user.update({
      where: { id: user.id },
      data: { pendingTotpSecret: sealSecret(secret, deps.ring, { userId: user.id, field: "pendingTotpSecret" }), pendingTotpCreatedAt: deps.now },
    });
    return { ok: true, state: "totp-pending", secret, uri: otpauthUri({ issuer: deps.appName, account: user.email, secretBase32: secret }) };
  }

  if (user.mfaMethod === "EMAIL") return { ok: true, state: "unchanged" };
  const context = await emailContextOf(deps.meta, user.timeZone, deps.now);
  const sent = await sendCodeEmail(deps, { userId: user.id, purpose: "ENROLL" }, (code) => enrollCodeEmail(deps.appName, user.email, code, context));
  if (!sent.ok) return sent;
  return { ok: true, state: "email-pending", maskedEmail: maskEmail(user.email) };
}

/**
 * `recoveryCodes`: a new set to show once (MFA was off before, or every code
 * of the user's set is used up), or null when the user keeps their set.
 */
export type ConfirmResult =
  | { ok: true; recoveryCodes: string[] | null }
  | { ok: false; error: "INVALID_CODE" | "NO_PENDING_ENROLLMENT" | "MFA_MANAGED_BY_SSO" | "METHOD_NOT_ALLOWED" };

/** Inside the transaction that turns a method on: a new set of recovery codes when the user needs one. */
async function recoveryCodesOnEnrolment(tx: Prisma.TransactionClient, deps: MfaDeps, user: { id: string; mfaMethod: MfaMethod }) {
  const needed = user.mfaMethod === "NONE" || (await recoveryCodesLeft(tx, user.id)) === 0;
  return needed ? issueRecoveryCodes(tx, deps.ring, user.id, deps.now) : null;
}

/** Confirms a pending authenticator with a code from the app; the old secret, if any, is replaced. */
export async function confirmAuthenticator(deps: MfaDeps, caller: Caller, code: string): Promise<ConfirmResult> {
  const user = await loadUser(deps, caller.userId);
  if (user.company.signInMethod === "SSO") return { ok: false, error: "MFA_MANAGED_BY_SSO" };
  const pending = user.pendingTotpSecret;
  const startedAt = user.pendingTotpCreatedAt?.getTime() ?? 0;
  if (!pending || deps.now.getTime() - startedAt > ENROLLMENT_TTL_MS) return { ok: false, error: "NO_PENDING_ENROLLMENT" };
  const secret = openSecret(pending, deps.ring, { userId: user.id, field: "pendingTotpSecret" });
  const result = verifyTotp({ secretBase32: secret, code, now: deps.now });
  if (!result.ok) return { ok: false, error: "INVALID_CODE" };
  // Conditional on the same pending secret: of two concurrent confirms, one wins.
  // Re-sealed for its new column: a pending ciphertext does not open as the active one.
  const confirmed = await deps.db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({
      where: { id: user.id, pendingTotpSecret: pending },
      data: { mfaMethod: "TOTP", totpSecret: sealSecret(secret, deps.ring, { userId: user.id, field: "totpSecret" }), totpLastStep: result.step, pendingTotpSecret: null, pendingTotpCreatedAt: null },
    });
    return count === 1 ? { recoveryCodes: await recoveryCodesOnEnrolment(tx, deps, user) } : null;
  });
  if (!confirmed) return { ok: false, error: "NO_PENDING_ENROLLMENT" };
  await afterChange(deps, caller, user, "TOTP_ENABLED", "TOTP");
  return { ok: true, recoveryCodes: confirmed.recoveryCodes };
}

/** Confirms email codes with the code just emailed; any authenticator secret is deleted. */
export async function confirmEmailMethod(deps: MfaDeps, caller: Caller, code: string): Promise<ConfirmResult> {
  const user = await loadUser(deps, caller.userId);
  if (user.company.signInMethod === "SSO") return { ok: false, error: "MFA_MANAGED_BY_SSO" };
  if (user.company.mfaAllowedMethods !== "ANY") return { ok: false, error: "METHOD_NOT_ALLOWED" };
  const check = await checkEmailCode(deps.db, deps.emailKey, { userId: user.id, purpose: "ENROLL" }, code, deps.now);
  if (check === "wrong") return { ok: false, error: "INVALID_CODE" };
  if (check === "unavailable") return { ok: false, error: "NO_PENDING_ENROLLMENT" };
  const recoveryCodes = await deps.db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { mfaMethod: "EMAIL", ...cleared } });
    return recoveryCodesOnEnrolment(tx, deps, user);
  });
  await afterChange(deps, caller, user, "EMAIL_ENABLED", "EMAIL");
  return { ok: true, recoveryCodes };
}
