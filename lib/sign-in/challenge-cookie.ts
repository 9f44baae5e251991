import "server-only";
import { cookies } from "next/headers";
import { CHALLENGE_TTL_MS } from "@/lib/security/limits";

/** The browser's half of a sign-in challenge: a random token whose SHA-256 is the row's key. */
export const CHALLENGE_COOKIE = "sp_challenge";

const options = () => ({
  httpOnly: true,
  sameSite: "lax" as const,
  secure: process.env.NODE_ENV === "production",
  path: "/login",
  maxAge: CHALLENGE_TTL_MS / 1000,
});

export async function setChallengeCookie(token: string): Promise<void> {
  (await cookies()).set(CHALLENGE_COOKIE, token, options());
}

export async function readChallengeCookie(): Promise<string | undefined> {
  return (await cookies()).get(CHALLENGE_COOKIE)?.value;
}

export async function clearChallengeCookie(): Promise<void> {
  (await cookies()).delete({ name: CHALLENGE_COOKIE, path: "/login" });
}
