"use server";

import { cookies, headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import { SSO_PROVIDER_ID, signIn } from "@/auth";
import { db } from "@/lib/db";
import { CHALLENGE_COOKIE, findPendingChallenge } from "@/lib/auth/challenge";
import { sanitizeCallbackUrl } from "@/lib/auth/callback-url";
import { passwordStep } from "@/lib/auth/password-step";
import { signInMethodFor } from "@/lib/auth/sign-in-method";
import { env, ssoConfigFrom } from "@/lib/env";
import { log } from "@/lib/log";
import { ErrorCode, refusal, type ActionResult } from "@/lib/errors";
import { requestMeta } from "@/lib/request-meta";
import { mfaDeps } from "@/lib/mfa/runtime";
import { sendSignInCode } from "@/lib/mfa/sign-in-otp";
import { emailSchema, signInSchema } from "@/lib/validation/auth";
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

/** Email-first: tells the form whether this email signs in with SSO (no password is checked). */
export async function signInMethodAction(email: unknown): Promise<{ method: "SSO" | "PASSWORD" }> {
  const parsed = emailSchema.safeParse(email);
  if (!parsed.success) return { method: "PASSWORD" };
  return { method: await signInMethodFor(db, parsed.data) };
}

/** "Sign in with SSO": off to the company's identity provider (its answer comes back to NextAuth). */
export async function ssoSignInAction(input: unknown): Promise<ActionResult> {
  if (!ssoConfigFrom(env())) return { ok: false, error: ErrorCode.SSO_NOT_CONFIGURED };
  const values = (input ?? {}) as { email?: unknown; callbackUrl?: unknown };
  const email = emailSchema.safeParse(values.email);
  try {
    await signIn(SSO_PROVIDER_ID, { redirectTo: sanitizeCallbackUrl(values.callbackUrl) }, email.success ? { login_hint: email.data } : {});
  } catch (error) {
    unstable_rethrow(error);
    log.error("sso unavailable", { reason: (error as Error).name });
    return { ok: false, error: ErrorCode.SSO_UNAVAILABLE };
  }
  return { ok: false, error: ErrorCode.SSO_UNAVAILABLE };
}
