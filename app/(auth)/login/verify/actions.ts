"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { ErrorCode, refusal, type ActionResult } from "@/lib/errors";
import { NOTICE_COOKIE } from "@/lib/notice";
import { requestContext } from "@/lib/request-context";
import { clearChallengeCookie, readChallengeCookie } from "@/lib/sign-in/challenge-cookie";
import { findPendingChallenge, sendSignInCode, verifySignInCode } from "@/lib/sign-in/otp-step";
import { codeFormSchema } from "@/lib/validation/mfa";
import { completeSignIn } from "../complete-sign-in";

/** This request's context and the pending challenge behind its cookie, or a redirect to start again. */
async function pending() {
  const ctx = await requestContext();
  const token = await readChallengeCookie();
  const challenge = await findPendingChallenge(ctx.db, token, ctx.now);
  if (!challenge || !token) redirect("/login?expired=1");
  return { ctx, challenge, token };
}

export async function verifyCodeAction(input: unknown): Promise<ActionResult<{ redirectTo: string }>> {
  const { ctx, challenge, token } = await pending();
  const parsed = codeFormSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: ErrorCode.INVALID_CODE };
  const result = await verifySignInCode(ctx, challenge, parsed.data.code);
  if (!result.ok) {
    if (result.error === "CHALLENGE_EXPIRED") redirect("/login?expired=1");
    return refusal(result, ctx.now);
  }
  await clearChallengeCookie();
  if (result.switchedToEmail) (await cookies()).set(NOTICE_COOKIE, "mfa-switched-to-email", { path: "/", maxAge: 300, sameSite: "lax" });
  return completeSignIn(token, challenge.callbackUrl, challenge.user.email);
}

export type SendCodeActionResult = ActionResult<{ maskedEmail: string }> & { resendAvailableAt?: number };

async function sendCode(emailInstead: boolean): Promise<SendCodeActionResult> {
  const { ctx, challenge } = await pending();
  const result = await sendSignInCode(ctx, challenge, { emailInstead });
  if (result.ok) return result;
  return { ...refusal(result, ctx.now), resendAvailableAt: "resendAvailableAt" in result ? result.resendAvailableAt : undefined };
}

/** "Resend code": a new code that voids the previous one, at most every 30 seconds. */
export async function resendCodeAction(): Promise<SendCodeActionResult> {
  return sendCode(false);
}

/** "Email me a code instead": nothing about the account changes until that code is verified. */
export async function emailInsteadAction(): Promise<SendCodeActionResult> {
  return sendCode(true);
}
