import "server-only";
import { AuthError } from "next-auth";
import { signIn } from "@/auth";
import { CHALLENGE_TTL_MS } from "@/lib/security/limits";
import { ErrorCode, type ActionResult } from "@/lib/errors";

/**
 * Hands a completed challenge to NextAuth, whose signIn callback consumes it
 * and sets the session cookie. The browser then navigates to `redirectTo`
 * itself: a server-side redirect from an action would make Next.js render the
 * destination through an internal HTTP request (see README "Performance").
 */
export async function completeSignIn(challengeToken: string, redirectTo: string): Promise<ActionResult<{ redirectTo: string }>> {
  try {
    const url = await signIn("credentials", { challenge: challengeToken, redirectTo, redirect: false });
    if (typeof url === "string" && new URL(url, "http://portal.invalid").searchParams.has("error")) {
      return { ok: false, error: ErrorCode.CHALLENGE_EXPIRED };
    }
  } catch (error) {
    if (error instanceof AuthError) return { ok: false, error: ErrorCode.CHALLENGE_EXPIRED };
    throw error;
  }
  return { ok: true, redirectTo };
}

export function challengeCookieOptions() {
  return {
    httpOnly: true,
    sameSite: "lax" as const,
    secure: process.env.NODE_ENV === "production",
    path: "/login",
    maxAge: CHALLENGE_TTL_MS / 1000,
  };
}
