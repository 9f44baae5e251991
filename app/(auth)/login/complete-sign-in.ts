import "server-only";
import { AuthError } from "next-auth";
import { signIn } from "@/auth";
import { CHALLENGE_TTL_MS } from "@/lib/auth/challenge";
import { ErrorCode, type ActionResult } from "@/lib/errors";

/**
 * Hands a completed challenge to NextAuth, whose signIn callback consumes it.
 * On success NextAuth redirects (throws NEXT_REDIRECT), so this only returns on refusal.
 */
export async function completeSignIn(challengeToken: string, redirectTo: string): Promise<ActionResult> {
  try {
    await signIn("credentials", { challenge: challengeToken, redirectTo });
  } catch (error) {
    if (error instanceof AuthError) return { ok: false, error: ErrorCode.CHALLENGE_EXPIRED };
    throw error;
  }
  return { ok: false, error: ErrorCode.UNKNOWN };
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
