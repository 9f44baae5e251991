"use server";

import { requestPasswordReset } from "@/lib/auth/password-reset";
import { queueResetRequest } from "@/lib/auth/password-reset-queue";
import { ErrorCode, refusal, type ActionResult } from "@/lib/errors";
import { requestContext } from "@/lib/request-context";
import { fieldErrors, forgotPasswordSchema } from "@/lib/validation/auth";
import { withRequest } from "@/lib/with-request";

/**
 * "Email me a link": the same answer, after the same work, whether or not the
 * email is an account's; only an SSO company's user is told to use single
 * sign-on, and the per-IP limit refuses a flood.
 */
export const requestResetAction = withRequest(async function requestResetAction(input: unknown): Promise<ActionResult> {
  const parsed = forgotPasswordSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: ErrorCode.INVALID_INPUT, fieldErrors: fieldErrors(parsed.error) };
  const ctx = await requestContext();
  const result = await requestPasswordReset({ db: ctx.db, now: ctx.now, meta: ctx.meta, enqueue: queueResetRequest }, parsed.data);
  return result.ok ? { ok: true } : refusal(result, ctx.now);
});
