"use server";

import { db } from "@/lib/db";
import { changePassword } from "@/lib/auth/change-password";
import { getCurrentUser } from "@/lib/auth/current-user";
import { ErrorCode, type ActionResult } from "@/lib/errors";
import { mfaDeps } from "@/lib/mfa/runtime";
import { confirmAuthenticator, confirmEmailMethod, startMfaChange, type StartChangeResult } from "@/lib/mfa/settings";
import { changePasswordSchema } from "@/lib/validation/auth";
import { codeFormSchema, mfaSettingsSchema } from "@/lib/validation/mfa";

export async function changePasswordAction(input: unknown): Promise<ActionResult> {
  const current = await getCurrentUser();
  if (!current) return { ok: false, error: ErrorCode.UNAUTHENTICATED };
  const parsed = changePasswordSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, error: ErrorCode.INVALID_INPUT, fieldErrors: parsed.error.flatten().fieldErrors };
  }
  const result = await changePassword(db, {
    userId: current.user.id,
    sessionId: current.sessionId,
    currentPassword: parsed.data.currentPassword,
    newPassword: parsed.data.newPassword,
    now: new Date(),
  });
  return result.ok ? { ok: true } : { ok: false, error: result.error };
}

type Started = Extract<StartChangeResult, { ok: true }>;

/** "Save" in the Multi-factor Authentication section (re-authenticates with the current password). */
export async function saveMfaAction(input: unknown): Promise<ActionResult<{ started: Started }>> {
  const current = await getCurrentUser();
  if (!current) return { ok: false, error: ErrorCode.UNAUTHENTICATED };
  const parsed = mfaSettingsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: ErrorCode.INVALID_INPUT, fieldErrors: parsed.error.flatten().fieldErrors };
  const result = await startMfaChange(mfaDeps(), { userId: current.user.id, sessionId: current.sessionId }, parsed.data);
  return result.ok ? { ok: true, started: result } : { ok: false, error: result.error };
}

async function confirmWith(input: unknown, confirm: typeof confirmAuthenticator): Promise<ActionResult> {
  const current = await getCurrentUser();
  if (!current) return { ok: false, error: ErrorCode.UNAUTHENTICATED };
  const parsed = codeFormSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: ErrorCode.INVALID_CODE };
  const result = await confirm(mfaDeps(), { userId: current.user.id, sessionId: current.sessionId }, parsed.data.code);
  return result.ok ? { ok: true } : { ok: false, error: result.error };
}

/** "Confirm" with a code from the authenticator app. */
export async function confirmAuthenticatorAction(input: unknown): Promise<ActionResult> {
  return confirmWith(input, confirmAuthenticator);
}

/** "Confirm" with the code emailed for the Email method. */
export async function confirmEmailMethodAction(input: unknown): Promise<ActionResult> {
  return confirmWith(input, confirmEmailMethod);
}
