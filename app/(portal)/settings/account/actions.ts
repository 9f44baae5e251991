"use server";

import { changePassword } from "@/lib/auth/change-password";
import { TOO_COMMON_MESSAGE } from "@/lib/auth/common-passwords";
import { blockedByMfaRequirement, getCurrentUser } from "@/lib/auth/current-user";
import { revokeOtherSessions, revokeOwnSession } from "@/lib/auth/sessions";
import { ErrorCode, refusal, type ActionResult } from "@/lib/errors";
import { regenerateRecoveryCodes } from "@/lib/mfa/recovery-codes";
import { confirmAuthenticator, confirmEmailMethod, sendStepUpCode, startMfaChange, type StartChangeResult } from "@/lib/mfa/settings";
import { requestContext } from "@/lib/request-context";
import { recordEvent } from "@/lib/security/events";
import { changePasswordSchema, fieldErrors } from "@/lib/validation/auth";
import { codeFormSchema, mfaSettingsSchema, regenerateRecoveryCodesSchema } from "@/lib/validation/mfa";
import { withRequest } from "@/lib/with-request";

/** The signed-in caller and this request's context, or null. */
async function caller() {
  const current = await getCurrentUser();
  if (!current) return null;
  const ctx = await requestContext();
  return { userId: current.user.id, sessionId: current.sessionId, amr: current.amr, meta: ctx.meta, ctx, blocked: blockedByMfaRequirement(current, ctx.now) };
}

/** Past the company's MFA deadline only the MFA set-up actions (and Sign out) work. */
const mfaRequired = { ok: false, error: ErrorCode.MFA_REQUIRED } as const;

export const changePasswordAction = withRequest(async function changePasswordAction(input: unknown): Promise<ActionResult> {
  const who = await caller();
  if (!who) return { ok: false, error: ErrorCode.UNAUTHENTICATED };
  if (who.blocked) return mfaRequired;
  const parsed = changePasswordSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, error: ErrorCode.INVALID_INPUT, fieldErrors: fieldErrors(parsed.error) };
  }
  const { ctx } = who;
  const result = await changePassword(ctx, { userId: who.userId, sessionId: who.sessionId, ...parsed.data });
  if (result.ok) return { ok: true };
  // Said beside the new password, like the form's own checks.
  if (result.error === "PASSWORD_TOO_COMMON") return { ok: false, error: result.error, fieldErrors: { newPassword: [TOO_COMMON_MESSAGE] } };
  return refusal(result, ctx.now);
});

type Started = Extract<StartChangeResult, { ok: true }>;

/** "Save" in the Multi-factor Authentication section (re-authenticates with the current password). */
export const saveMfaAction = withRequest(async function saveMfaAction(input: unknown): Promise<ActionResult<{ started: Started }>> {
  const who = await caller();
  if (!who) return { ok: false, error: ErrorCode.UNAUTHENTICATED };
  const parsed = mfaSettingsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: ErrorCode.INVALID_INPUT, fieldErrors: fieldErrors(parsed.error) };
  const result = await startMfaChange(who.ctx, who, parsed.data);
  return result.ok ? { ok: true, started: result } : refusal(result, who.ctx.now);
});

/** A confirmed method: a new set of recovery codes to show once, or null (the user keeps theirs). */
export type Confirmed = { recoveryCodes: string[] | null };

async function confirmWith(input: unknown, confirm: typeof confirmAuthenticator): Promise<ActionResult<Confirmed>> {
  const who = await caller();
  if (!who) return { ok: false, error: ErrorCode.UNAUTHENTICATED };
  const parsed = codeFormSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: ErrorCode.INVALID_CODE };
  const result = await confirm(who.ctx, who, parsed.data.code);
  return result.ok ? { ok: true, recoveryCodes: result.recoveryCodes } : { ok: false, error: result.error };
}

/** "Confirm" with a code from the authenticator app. */
export const confirmAuthenticatorAction = withRequest(async function confirmAuthenticatorAction(input: unknown): Promise<ActionResult<Confirmed>> {
  return confirmWith(input, confirmAuthenticator);
});

/** "Confirm" with the code emailed for the Email method. */
export const confirmEmailMethodAction = withRequest(async function confirmEmailMethodAction(input: unknown): Promise<ActionResult<Confirmed>> {
  return confirmWith(input, confirmEmailMethod);
});

/** "Generate new codes" in Recovery codes (current password and a current code); the old set stops working at once. */
export const regenerateRecoveryCodesAction = withRequest(async function regenerateRecoveryCodesAction(input: unknown): Promise<ActionResult<{ codes: string[] }>> {
  const who = await caller();
  if (!who) return { ok: false, error: ErrorCode.UNAUTHENTICATED };
  if (who.blocked) return mfaRequired;
  const parsed = regenerateRecoveryCodesSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: ErrorCode.INVALID_INPUT, fieldErrors: fieldErrors(parsed.error) };
  const result = await regenerateRecoveryCodes(who.ctx, who, parsed.data);
  return result.ok ? { ok: true, codes: result.codes } : refusal(result, who.ctx.now);
});

/** "Sign out other sessions": every browser but this one. */
export const signOutOtherSessionsAction = withRequest(async function signOutOtherSessionsAction(): Promise<ActionResult<{ count: number }>> {
  const who = await caller();
  if (!who) return { ok: false, error: ErrorCode.UNAUTHENTICATED };
  if (who.blocked) return mfaRequired;
  const { db, now } = who.ctx;
  const count = await revokeOtherSessions(db, who.userId, who.sessionId, now);
  await recordEvent(db, { userId: who.userId, type: "SESSIONS_REVOKED", meta: who.meta, now });
  return { ok: true, count };
});

/** "Sign out" on one row of Active sessions: only one of the caller's own other sessions. */
export const signOutSessionAction = withRequest(async function signOutSessionAction(sessionId: unknown): Promise<ActionResult<{ count: number }>> {
  const who = await caller();
  if (!who) return { ok: false, error: ErrorCode.UNAUTHENTICATED };
  if (who.blocked) return mfaRequired;
  if (typeof sessionId !== "string" || sessionId.length > 64 || sessionId === who.sessionId) return { ok: false, error: ErrorCode.INVALID_INPUT };
  const revoked = await revokeOwnSession(who.ctx.db, { userId: who.userId, sessionId, meta: who.meta, now: who.ctx.now });
  return revoked ? { ok: true, count: 1 } : { ok: false, error: ErrorCode.SESSION_NOT_FOUND };
});

/** "Email me a code" beside the MFA change, for a user whose present method is Email. */
export const sendStepUpCodeAction = withRequest(async function sendStepUpCodeAction(): Promise<ActionResult<{ maskedEmail: string }>> {
  const who = await caller();
  if (!who) return { ok: false, error: ErrorCode.UNAUTHENTICATED };
  const result = await sendStepUpCode(who.ctx, who);
  return result.ok ? result : refusal(result, who.ctx.now);
});
