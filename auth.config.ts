import type { NextAuthConfig } from "next-auth";
import { SESSION_MAX_AGE_MS } from "@/lib/security/limits";

export const SESSION_MAX_AGE_SECONDS = SESSION_MAX_AGE_MS / 1000;

/** Paths anyone may open; everything else needs a session. */
export function isPublicPath(pathname: string): boolean {
  return pathname === "/login" || pathname.startsWith("/login/") || pathname.startsWith("/dev/mailbox");
}

/**
 * The proxy-safe half of the configuration: no database, no argon2. The proxy
 * only redirects optimistically; pages and actions check the session themselves.
 */
export const authConfig = {
  pages: { signIn: "/login", error: "/login" },
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  trustHost: true,
  providers: [],
  callbacks: {
    authorized({ auth, request }) {
      const { pathname, search } = request.nextUrl;
      if (isPublicPath(pathname) || auth?.user) return true;
      const login = new URL("/login", request.nextUrl);
      if (pathname !== "/") login.searchParams.set("callbackUrl", pathname + search);
      return Response.redirect(login);
    },
    session({ session, token }) {
      if (typeof token.uid === "string") session.user.id = token.uid;
      session.amr = Array.isArray(token.amr) ? token.amr : [];
      session.sid = typeof token.sid === "string" ? token.sid : undefined;
      return session;
    },
  },
} satisfies NextAuthConfig;
