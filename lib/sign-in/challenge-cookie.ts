import "server-only";
import { cookies } from "next/headers";
import { challengeCookieFor } from "@/lib/security/cookies";

// The browser's half of a sign-in challenge: a random token whose SHA-256 is
// the row's key. Named and scoped by lib/security/cookies.ts (`__Host-` over HTTPS).
const cookie = () => challengeCookieFor(process.env.APP_URL);

export async function setChallengeCookie(token: string): Promise<void> {
  const { name, options } = cookie();
  (await cookies()).set(name, token, options);
}

export async function readChallengeCookie(): Promise<string | undefined> {
  return (await cookies()).get(cookie().name)?.value;
}

export async function clearChallengeCookie(): Promise<void> {
  const { name, options } = cookie();
  (await cookies()).delete({ name, path: options.path });
}
