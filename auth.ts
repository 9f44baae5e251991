import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { authConfig } from "./auth.config";
import { db } from "@/lib/db";
import { challengeUserId, consumeChallengeForSignIn } from "@/lib/auth/challenge";
import { createSession, isSessionActive, revokeSession } from "@/lib/auth/sessions";
import { log } from "@/lib/log";
import { requestMeta } from "@/lib/request-meta";
import { recordEvent } from "@/lib/security/events";

class ChallengeRefused extends CredentialsSignin {
  code = "challenge_refused";
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  providers: [
    // Never sees a password: it takes the token of a challenge that the
    // password step (and, with MFA on, the OTP step) has completed.
    Credentials({
      id: "credentials",
      credentials: { challenge: {} },
      async authorize(credentials, request) {
        const found = await challengeUserId(db, credentials.challenge);
        if (!found) throw new ChallengeRefused();
        return { id: found.userId, amr: found.amr, ...requestMeta(request.headers) };
      },
    }),
  ],
  callbacks: {
    ...authConfig.callbacks,
    async signIn({ user, account, credentials }) {
      if (account?.provider !== "credentials" || !user.id) return false;
      const decision = await consumeChallengeForSignIn(db, { token: credentials?.challenge, userId: user.id, now: new Date() });
      return decision.allow;
    },
    async jwt({ token, user, trigger }) {
      const now = new Date();
      if (trigger === "signIn" && user?.id) {
        const amr = user.amr ?? ["pwd"];
        const sid = await createSession(db, { userId: user.id, amr, userAgent: user.userAgent, ip: user.ip, now });
        const meta = { ip: user.ip ?? null, userAgent: user.userAgent ?? null };
        await recordEvent(db, { userId: user.id, type: "SIGN_IN_SUCCESS", detail: amr.includes("otp") ? "otp" : "pwd", meta, now });
        log.info("signed in", { userId: user.id, amr: amr.join(" ") });
        return { sub: user.id, uid: user.id, sid, amr };
      }
      return (await isSessionActive(db, token.sid, now)) ? token : null;
    },
  },
  events: {
    async signOut(message) {
      const sid = "token" in message ? message.token?.sid : undefined;
      if (typeof sid === "string") await revokeSession(db, sid, new Date());
    },
  },
});
