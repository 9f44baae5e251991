import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { authConfig } from "./auth.config";
import { db } from "@/lib/db";
import { env, ssoConfigFrom } from "@/lib/env";
import { challengeUserId, consumeChallengeForSignIn } from "@/lib/auth/challenge";
import { createSession, isSessionActive, revokeSession } from "@/lib/auth/sessions";
import { authorizeSsoSignIn, userIdForSubject } from "@/lib/auth/sso-sign-in";
import { log } from "@/lib/log";
import { requestMeta } from "@/lib/request-meta";
import { recordEvent } from "@/lib/security/events";

class ChallengeRefused extends CredentialsSignin {
  code = "challenge_refused";
}

export const SSO_PROVIDER_ID = "sso";

function providers(): NextAuthConfig["providers"] {
  // Never sees a password: it takes the token of a challenge that the
  // password step (and, with MFA on, the OTP step) has completed.
  const credentials = Credentials({
    id: "credentials",
    credentials: { challenge: {} },
    async authorize(input, request) {
      const found = await challengeUserId(db, input.challenge);
      if (!found) throw new ChallengeRefused();
      return { id: found.userId, amr: found.amr, ...requestMeta(request.headers) };
    },
  });
  const sso = ssoConfigFrom(env());
  if (!sso) return [credentials];
  return [
    credentials,
    {
      id: SSO_PROVIDER_ID,
      name: sso.name ?? "SSO",
      type: "oidc",
      issuer: sso.issuer,
      clientId: sso.clientId,
      clientSecret: sso.clientSecret,
      checks: ["pkce", "state", "nonce"],
      authorization: { params: { scope: "openid email profile" } },
    },
  ];
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  ...authConfig,
  providers: providers(),
  callbacks: {
    ...authConfig.callbacks,
    async signIn({ user, account, profile, credentials }) {
      if (account?.provider === SSO_PROVIDER_ID) {
        return (await authorizeSsoSignIn(db, profile ?? {})).allow;
      }
      if (account?.provider !== "credentials" || !user.id) return false;
      const decision = await consumeChallengeForSignIn(db, { token: credentials?.challenge, userId: user.id, now: new Date() });
      return decision.allow;
    },
    async jwt({ token, user, account, trigger }) {
      const now = new Date();
      if (trigger === "signIn" && account) {
        const sso = account.provider === SSO_PROVIDER_ID;
        const userId = sso ? await userIdForSubject(db, account.providerAccountId) : user?.id;
        if (!userId) return null;
        const amr = sso ? ["ext"] : (user?.amr ?? ["pwd"]);
        const meta = { ip: user?.ip ?? null, userAgent: user?.userAgent ?? null };
        const sid = await createSession(db, { userId, amr, ...meta, now });
        const detail = sso ? "ext" : amr.includes("otp") ? "otp" : "pwd";
        await recordEvent(db, { userId, type: "SIGN_IN_SUCCESS", detail, meta, now });
        log.info("signed in", { userId, amr: amr.join(" ") });
        return { sub: userId, uid: userId, sid, amr };
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
}));
