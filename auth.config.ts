import { sameOriginRedirect } from "@/lib/auth/callback-url";
import { sessionCookieFor } from "@/lib/security/cookies";
import type { NextAuthConfig } from "next-auth";
import { SESSION_MAX_AGE_MS } from "@/lib/security/limits";

export const SESSION_MAX_AGE_SECONDS = SESSION_MAX_AGE_MS / 1000;

/** Paths anyone may open; everything else needs a session. */
export function isPublicPath(pathname: string): boolean {
  return pathname === "/login" || pathname.startsWith("/login/") || pathname.startsWith("/dev/mailbox");
}

/**
 * The database-free half of NextAuth's configuration. The JWT lives as long
 * as the session's absolute limit and is not renewed: the session row decides
 * (lib/sign-in/statements.ts `readSession`).
 */
export const authConfig = {
  pages: { signIn: "/login", error: "/login" },
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS, updateAge: SESSION_MAX_AGE_SECONDS },
  cookies: sessionCookieFor(process.env.APP_URL),
  trustHost: true,
  providers: [],
  callbacks: {
    // Every redirect NextAuth makes (after SSO, sign-out, errors) stays on the portal.
    redirect({ url, baseUrl }) {
      return sameOriginRedirect(url, baseUrl);
    },
    session({ session, token }) {
      if (typeof token.uid === "string") session.user.id = token.uid;
      session.amr = Array.isArray(token.amr) ? token.amr : [];
      session.sid = typeof token.sid === "string" ? token.sid : undefined;
      return session;
    },
  },
} satisfies NextAuthConfig;
