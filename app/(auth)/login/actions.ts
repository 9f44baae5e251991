"use server";

import { cookies, headers } from "next/headers";
import { db } from "@/lib/db";
import { CHALLENGE_COOKIE, findPendingChallenge } from "@/lib/auth/challenge";
import { sanitizeCallbackUrl } from "@/lib/auth/callback-url";
import { passwordStep } from "@/lib/auth/password-step";
import { ErrorCode, refusal, type ActionResult } from "@/lib/errors";
import { requestMeta } from "@/lib/request-meta";
import { mfaDeps } from "@/lib/mfa/runtime";
import { sendSignInCode } from "@/lib/mfa/sign-in-otp";
import { signInSchema } from "@/lib/validation/auth";
import { challengeCookieOptions, completeSignIn } from "./complete-sign-in";

/** Password step. Success says where the browser goes next: the destination, or the OTP page. */
export async function signInAction(input: unknown): Promise<ActionResult<{ redirectTo: string }>> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: ErrorCode.INVALID_CREDENTIALS };
  const callbackUrl = sanitizeCallbackUrl(parsed.data.callbackUrl);
  const now = new Date();
  const meta = requestMeta(await headers());
  const result = await passwordStep(db, { ...parsed.data, callbackUrl, meta, now });
  if (!result.ok) return refusal(result, now);
  if (result.mfaMethod === "NONE") return completeSignIn(result.token, callbackUrl);

  (await cookies()).set(CHALLENGE_COOKIE, result.token, challengeCookieOptions());
  if (result.mfaMethod === "EMAIL") {
    // Arriving at the OTP page means a code is on its way; if sending fails,
    // the page says so and offers "Resend code".
    const deps = { ...mfaDeps(), meta };
    const challenge = await findPendingChallenge(db, result.token, deps.now);
    if (challenge) await sendSignInCode(deps, challenge);
  }
  return { ok: true, redirectTo: "/login/verify" };
}
