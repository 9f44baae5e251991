"use server";

import { unstable_rethrow } from "next/navigation";
import { signInWithConnection } from "@/auth";
import { sanitizeCallbackUrl } from "@/lib/auth/callback-url";
import { signInMethodFor, type SignInRoute } from "@/lib/auth/sign-in-method";
import { routeForEmail } from "@/lib/sso/connections";
import { log } from "@/lib/log";
import { ErrorCode, refusal, type ActionResult } from "@/lib/errors";
import { requestContext } from "@/lib/request-context";
import { setChallengeCookie } from "@/lib/sign-in/challenge-cookie";
import { knownDeviceIdFor } from "@/lib/sign-in/device-cookie";
import { measurePasswordStep } from "@/lib/sign-in/metrics";
import { findPendingChallenge, sendSignInCode } from "@/lib/sign-in/otp-step";
import { passwordStep } from "@/lib/sign-in/password-step";
import { emailSchema, signInSchema } from "@/lib/validation/auth";
import { withRequest } from "@/lib/with-request";
import { completeSignIn } from "./complete-sign-in";

/** Password step. Success says where the browser goes next: the destination, or the OTP page. */
export const signInAction = withRequest(async function signInAction(input: unknown): Promise<ActionResult<{ redirectTo: string }> & { sso?: SignInRoute }> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: ErrorCode.INVALID_CREDENTIALS };
  const callbackUrl = sanitizeCallbackUrl(parsed.data.callbackUrl);
  const ctx = await requestContext();
  const knownDeviceId = await knownDeviceIdFor(parsed.data.email, ctx.now);
  const result = await measurePasswordStep(() => passwordStep(ctx.db, { ...parsed.data, callbackUrl, meta: ctx.meta, now: ctx.now, knownDeviceId }, ctx));
  if (!result.ok) {
    // A user of an SSO company typed a password (the look-up was skipped or limited): offer their company's button.
    if (result.error === "SSO_REQUIRED") {
      const route = await routeForEmail(ctx.db, parsed.data.email);
      // An SSO company without an enabled connection for this domain: nobody can sign its staff in yet.
      if (!route) return { ok: false, error: ErrorCode.SSO_NOT_CONFIGURED };
      return { ...refusal(result, ctx.now), sso: { method: "SSO", label: `Sign in with ${route.displayName}` } };
    }
    return refusal(result, ctx.now);
  }
  if (result.mfaMethod === "NONE") return completeSignIn(result.token, callbackUrl, parsed.data.email);

  await setChallengeCookie(result.token);
  if (result.mfaMethod === "EMAIL") {
    // Arriving at the OTP page means a code is on its way; if sending fails,
    // the page says so and offers "Resend code".
    const challenge = await findPendingChallenge(ctx.db, result.token, ctx.now);
    if (challenge) await sendSignInCode(ctx, challenge);
  }
  return { ok: true, redirectTo: "/login/verify" };
});

/** Email-first: tells the form whether this email's domain signs in with a company's identity provider (nothing about the user). */
export const signInMethodAction = withRequest(async function signInMethodAction(email: unknown): Promise<SignInRoute> {
  const parsed = emailSchema.safeParse(email);
  if (!parsed.success) return { method: "PASSWORD" };
  const ctx = await requestContext();
  return signInMethodFor(ctx.db, parsed.data, { ip: ctx.meta.ip, now: ctx.now });
});

/** "Sign in with <company's identity provider>": off to the connection of the email's domain (its answer comes back to NextAuth). */
export const ssoSignInAction = withRequest(async function ssoSignInAction(input: unknown): Promise<ActionResult> {
  const values = (input ?? {}) as { email?: unknown; callbackUrl?: unknown };
  const email = emailSchema.safeParse(values.email);
  const ctx = await requestContext();
  const route = email.success ? await routeForEmail(ctx.db, email.data) : null;
  if (!route || !email.success) return { ok: false, error: ErrorCode.SSO_NOT_CONFIGURED };
  try {
    await signInWithConnection(route.providerId, { redirectTo: sanitizeCallbackUrl(values.callbackUrl) }, { login_hint: email.data });
  } catch (error) {
    unstable_rethrow(error);
    log.error("sso unavailable", { reason: (error as Error).name });
    return { ok: false, error: ErrorCode.SSO_UNAVAILABLE };
  }
  return { ok: false, error: ErrorCode.SSO_UNAVAILABLE };
});
