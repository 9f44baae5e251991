"use server";

import { blockedByMfaRequirement, getCurrentUser } from "@/lib/auth/current-user";
import { ErrorCode, errorMessages, type ActionResult } from "@/lib/errors";
import { requestContext } from "@/lib/request-context";
import { setTimeZone } from "@/lib/users/time-zone";
import { timeZoneFormSchema } from "@/lib/validation/account";
import { fieldErrors } from "@/lib/validation/auth";
import { withRequest } from "@/lib/with-request";

/** "Save" in Account settings -> Time zone: the zone in which the caller's emails show times. */
export const saveTimeZoneAction = withRequest(async function saveTimeZoneAction(input: unknown): Promise<ActionResult<{ timeZone: string }>> {
  const current = await getCurrentUser();
  if (!current) return { ok: false, error: ErrorCode.UNAUTHENTICATED };
  const ctx = await requestContext();
  // Past the company's MFA deadline only the MFA set-up works, as for the other sections.
  if (blockedByMfaRequirement(current, ctx.now)) return { ok: false, error: ErrorCode.MFA_REQUIRED };
  const parsed = timeZoneFormSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: ErrorCode.INVALID_INPUT, fieldErrors: fieldErrors(parsed.error) };
  const result = await setTimeZone(ctx.db, { userId: current.user.id, timeZone: parsed.data.timeZone });
  if (result.ok) return { ok: true, timeZone: result.timeZone };
  return { ok: false, error: result.error, fieldErrors: { timeZone: [errorMessages[result.error]] } };
});
