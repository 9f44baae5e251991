"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { ErrorCode, refusal, type ActionResult } from "@/lib/errors";
import { NOTICE_COOKIE } from "@/lib/notice";
import { requestContext } from "@/lib/request-context";
import { clearChallengeCookie, readChallengeCookie } from "@/lib/sign-in/challenge-cookie";
import { measureOtpStep, otpMethodOf } from "@/lib/sign-in/metrics";
import { findPendingChallenge, sendSignInCode, verifySignInCode, type CodeKind } from "@/lib/sign-in/otp-step";
import { codeFormSchema } from "@/lib/validation/mfa";
import { backupCodeFormSchema } from "@/lib/validation/sign-in";
import { withRequest } from "@/lib/with-request";
import { completeSignIn } from "../complete-sign-in";

/** This request's context and the pending challenge behind its cookie, or a redirect to start again. */
async function pending() {
  const ctx = await requestContext();
  const token = await readChallengeCookie();
  const challenge = await findPendingChallenge(ctx.db, token, ctx.now);
  if (!challenge || !token) redirect("/login?expired=1");
  return { ctx, challenge, token };
}

/** Where a user whose MFA an administrator's access code reset lands: the MFA section, to set it up again. */
const MFA_SECTION = "/settings/account#mfa-heading";

async function verify(input: { code: string; kind: CodeKind }): Promise<ActionResult<{ redirectTo: string }>> {
  const { ctx, challenge, token } = await pending();
  const result = await measureOtpStep(otpMethodOf(challenge, input.kind), () => verifySignInCode(ctx, challenge, input.code, input.kind));
  if (!result.ok) {
    if (result.error === "CHALLENGE_EXPIRED") redirect("/login?expired=1");
    if (result.error === "RESET_LINK_INVALID") await clearChallengeCookie();
    return refusal(result, ctx.now);
  }
  await clearChallengeCookie();
  const notice = result.mfaReset ? "mfa-reset-by-admin" : result.passwordReset ? "password-reset" : result.switchedToEmail ? "mfa-switched-to-email" : null;
  if (notice) (await cookies()).set(NOTICE_COOKIE, notice, { path: "/", maxAge: 300, sameSite: "lax" });
  return completeSignIn(token, result.mfaReset ? MFA_SECTION : challenge.callbackUrl, challenge.user.email);
}

/** "Verify" with a code of the user's method. */
export const verifyCodeAction = withRequest(async function verifyCodeAction(input: unknown): Promise<ActionResult<{ redirectTo: string }>> {
  const parsed = codeFormSchema.safeParse(input);
  if (!parsed.success) {
    await pending();
    return { ok: false, error: ErrorCode.INVALID_CODE };
  }
  return verify({ code: parsed.data.code, kind: "code" });
});

/** "Verify" under "Use a recovery code" or "Use a code from your administrator". */
export const verifyBackupCodeAction = withRequest(async function verifyBackupCodeAction(input: unknown): Promise<ActionResult<{ redirectTo: string }>> {
  const parsed = backupCodeFormSchema.safeParse(input);
  if (!parsed.success) {
    await pending();
    return { ok: false, error: ErrorCode.INVALID_INPUT };
  }
  return verify(parsed.data);
});

export type SendCodeActionResult = ActionResult<{ maskedEmail: string }> & { resendAvailableAt?: number };

async function sendCode(emailInstead: boolean): Promise<SendCodeActionResult> {
  const { ctx, challenge } = await pending();
  const result = await sendSignInCode(ctx, challenge, { emailInstead });
  if (result.ok) return result;
  return { ...refusal(result, ctx.now), resendAvailableAt: "resendAvailableAt" in result ? result.resendAvailableAt : undefined };
}

/** "Resend code": a new code that voids the previous one, at most every 30 seconds. */
export const resendCodeAction = withRequest(async function resendCodeAction(): Promise<SendCodeActionResult> {
  return sendCode(false);
});

/** "Email me a code instead": nothing about the account changes until that code is verified. */
export const emailInsteadAction = withRequest(async function emailInsteadAction(): Promise<SendCodeActionResult> {
  return sendCode(true);
});
