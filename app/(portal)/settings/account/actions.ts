"use server";

import { db } from "@/lib/db";
import { changePassword } from "@/lib/auth/change-password";
import { getCurrentUser } from "@/lib/auth/current-user";
import { ErrorCode, type ActionResult } from "@/lib/errors";
import { changePasswordSchema } from "@/lib/validation/auth";

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
