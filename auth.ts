import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { authConfig } from "./auth.config";
import { db } from "@/lib/db";
import { env, ssoConfigFrom } from "@/lib/env";
import { startSession, revokeSession } from "@/lib/auth/sessions";
import { authorizeSsoSignIn, userIdForSubject } from "@/lib/auth/sso-sign-in";
import { log } from "@/lib/log";
import { requestMeta } from "@/lib/request-meta";
import { redeemSignIn } from "@/lib/sign-in/redeem";

/** A refused challenge; `code` names the decision table's reason (e.g. "already_used"). */
class ChallengeRefused extends CredentialsSignin {
  constructor(reason: string) {
    super();
    this.code = reason.toLowerCase();
  }
}

export const SSO_PROVIDER_ID = "sso";

function providers(): NextAuthConfig["providers"] {
  // Never sees a password: it redeems the token of a challenge that the
  // password step (and, with MFA on, the OTP step) has completed, into a
  // session row, in one statement.
  const credentials = Credentials({
    id: "credentials",
    credentials: { challenge: {} },
    async authorize(input, request) {
      const redeemed = await redeemSignIn(db, { token: input.challenge, meta: requestMeta(request.headers), now: new Date() });
      if (!redeemed.ok) throw new ChallengeRefused(redeemed.reason);
      log.info("signed in", { userId: redeemed.userId, amr: redeemed.amr.join(" ") });
      return { id: redeemed.userId, amr: redeemed.amr, sid: redeemed.sessionId };
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

export const { handlers, auth, signIn, signOut } = NextAuth((request) => ({
  ...authConfig,
  providers: providers(),
  callbacks: {
    ...authConfig.callbacks,
    async signIn({ account, profile }) {
      if (account?.provider === SSO_PROVIDER_ID) return (await authorizeSsoSignIn(db, profile ?? {})).allow;
      // Credentials: `authorize` has already redeemed the challenge (or refused).
      return account?.provider === "credentials";
    },
    async jwt({ token, user, account, trigger }) {
      if (trigger !== "signIn" || !account) return token;
      if (account.provider !== SSO_PROVIDER_ID) {
        return user?.id && user.sid ? { sub: user.id, uid: user.id, sid: user.sid, amr: user.amr ?? ["pwd"] } : null;
      }
      const userId = await userIdForSubject(db, account.providerAccountId);
      if (!userId) return null;
      const meta = request ? requestMeta(request.headers) : undefined;
      const sid = await startSession(db, { userId, amr: ["ext"], meta, now: new Date() });
      log.info("signed in", { userId, amr: "ext" });
      return { sub: userId, uid: userId, sid, amr: ["ext"] };
    },
  },
  events: {
    async signOut(message) {
      const sid = "token" in message ? message.token?.sid : undefined;
      if (typeof sid === "string") await revokeSession(db, sid, new Date());
    },
  },
}));
