"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { db } from "@/lib/db";
import { CHALLENGE_COOKIE, findPendingChallenge } from "@/lib/auth/challenge";
import { ErrorCode, refusal, type ActionResult } from "@/lib/errors";
import { requestMeta } from "@/lib/request-meta";
import { NOTICE_COOKIE } from "@/lib/notice";
import { mfaDeps } from "@/lib/mfa/runtime";
import { sendSignInCode, verifySignInCode } from "@/lib/mfa/sign-in-otp";
import { codeFormSchema } from "@/lib/validation/mfa";
import { completeSignIn } from "../complete-sign-in";

/** The pending challenge behind this browser's cookie, or a redirect to start again. */
async function pendingChallenge(now: Date) {
  const token = (await cookies()).get(CHALLENGE_COOKIE)?.value;
  const challenge = await findPendingChallenge(db, token, now);
  if (!challenge || !token) redirect("/login?expired=1");
  return { challenge, token };
}

/** MFA dependencies with this request's IP and browser for the activity log. */
async function requestDeps() {
  return { ...mfaDeps(), meta: requestMeta(await headers()) };
}

export async function verifyCodeAction(input: unknown): Promise<ActionResult<{ redirectTo: string }>> {
  const deps = await requestDeps();
  const { challenge, token } = await pendingChallenge(deps.now);
  const parsed = codeFormSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: ErrorCode.INVALID_CODE };
  const result = await verifySignInCode(deps, challenge, parsed.data.code);
  if (!result.ok) {
    if (result.error === "CHALLENGE_EXPIRED") redirect("/login?expired=1");
    return refusal(result, deps.now);
  }
  const jar = await cookies();
  jar.delete({ name: CHALLENGE_COOKIE, path: "/login" });
  if (result.switchedToEmail) jar.set(NOTICE_COOKIE, "mfa-switched-to-email", { path: "/", maxAge: 300, sameSite: "lax" });
  return completeSignIn(token, challenge.callbackUrl);
}

export type SendCodeActionResult = ActionResult<{ maskedEmail: string }> & { resendAvailableAt?: number };

async function sendCode(emailInstead: boolean): Promise<SendCodeActionResult> {
  const deps = await requestDeps();
  const { challenge } = await pendingChallenge(deps.now);
  const result = await sendSignInCode(deps, challenge, { emailInstead });
  if (result.ok) return result;
  return { ...refusal(result, deps.now), resendAvailableAt: "resendAvailableAt" in result ? result.resendAvailableAt : undefined };
}

/** "Resend code": a new code that voids the previous one, at most every 30 seconds. */
export async function resendCodeAction(): Promise<SendCodeActionResult> {
  return sendCode(false);
}

/** "Email me a code instead": nothing about the account changes until that code is verified. */
export async function emailInsteadAction(): Promise<SendCodeActionResult> {
  return sendCode(true);
}
