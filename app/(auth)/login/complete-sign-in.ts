import "server-only";
import { AuthError } from "next-auth";
import { signIn } from "@/auth";
import { sanitizeCallbackUrl } from "@/lib/auth/callback-url";
import { rememberDevice } from "@/lib/sign-in/device-cookie";
import { ErrorCode, type ActionResult } from "@/lib/errors";
import { withRequest } from "@/lib/with-request";

/**
 * Hands a completed challenge to NextAuth, whose `authorize` redeems it into
 * a session and sets the session cookie, and marks the browser as a known
 * device of the account. The browser then navigates to
 * `redirectTo` itself: a server-side redirect from an action would make
 * Next.js render the destination through an internal HTTP request (see
 * README "Performance").
 */
export const completeSignIn = withRequest(async function completeSignIn(challengeToken: string, redirectTo: string, email: string): Promise<ActionResult<{ redirectTo: string }>> {
  try {
    const url = await signIn("credentials", { challenge: challengeToken, redirectTo, redirect: false });
    if (typeof url === "string" && new URL(url, "http://portal.invalid").searchParams.has("error")) {
      return { ok: false, error: ErrorCode.CHALLENGE_EXPIRED };
    }
  } catch (error) {
    if (error instanceof AuthError) return { ok: false, error: ErrorCode.CHALLENGE_EXPIRED };
    throw error;
  }
  // This browser is now known for the account: other clients' failures will not delay it.
  await rememberDevice(email, new Date());
  return { ok: true, redirectTo: sanitizeCallbackUrl(redirectTo) };
});
