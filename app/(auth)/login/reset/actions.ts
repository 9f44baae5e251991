"use server";

import { cookies } from "next/headers";
import { TOO_COMMON_MESSAGE } from "@/lib/auth/common-passwords";
import { choosePassword } from "@/lib/auth/password-reset";
import { ErrorCode, type ActionResult } from "@/lib/errors";
import { NOTICE_COOKIE } from "@/lib/notice";
import { requestContext } from "@/lib/request-context";
import { setChallengeCookie } from "@/lib/sign-in/challenge-cookie";
import { findPendingChallenge, sendSignInCode } from "@/lib/sign-in/otp-step";
import { fieldErrors, resetPasswordSchema } from "@/lib/validation/auth";
import { withRequest } from "@/lib/with-request";
import { completeSignIn } from "../complete-sign-in";

/**
 * "Change password" on the emailed link. Without MFA the password is changed
 * and the user signed in; with MFA the browser goes on to /login/verify, and
 * only the right code there changes the password.
 */
export const choosePasswordAction = withRequest(async function choosePasswordAction(input: unknown): Promise<ActionResult<{ redirectTo: string }>> {
  const parsed = resetPasswordSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: ErrorCode.INVALID_INPUT, fieldErrors: fieldErrors(parsed.error) };
  const ctx = await requestContext();
  const result = await choosePassword(ctx, { token: parsed.data.token, newPassword: parsed.data.newPassword });
  if (!result.ok) {
    // Said beside the new password, as in Change password.
    if (result.error === "PASSWORD_TOO_COMMON") return { ok: false, error: result.error, fieldErrors: { newPassword: [TOO_COMMON_MESSAGE] } };
    return { ok: false, error: result.error };
  }
  if (result.next === "SIGN_IN") {
    const signedIn = await completeSignIn(result.challengeToken, result.redirectTo, result.email);
    if (signedIn.ok) (await cookies()).set(NOTICE_COOKIE, "password-reset", { path: "/", maxAge: 300, sameSite: "lax" });
    return signedIn;
  }
  await setChallengeCookie(result.challengeToken);
  if (result.mfaMethod === "EMAIL") {
    // As at sign-in: arriving at the OTP page means a code is on its way (the page offers "Resend code" if not).
    const challenge = await findPendingChallenge(ctx.db, result.challengeToken, ctx.now);
    if (challenge) await sendSignInCode(ctx, challenge);
  }
  return { ok: true, redirectTo: "/login/verify" };
});
