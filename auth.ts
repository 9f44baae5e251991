import { AsyncLocalStorage } from "node:async_hooks";
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import type { OIDCConfig } from "next-auth/providers";
import { authConfig } from "./auth.config";
import { db } from "@/lib/db";
import { startSession, revokeSession } from "@/lib/auth/sessions";
import { GOOGLE_ISSUER } from "@/lib/auth/sso-decision";
import { authorizeSsoSignIn, userIdForSubject } from "@/lib/auth/sso-sign-in";
import { log } from "@/lib/log";
import { mfaKeyRing } from "@/lib/request-context";
import { requestMeta } from "@/lib/request-meta";
import { redeemSignIn } from "@/lib/sign-in/redeem";
import { companySlugOf, connectionForProvider, type LiveConnection } from "@/lib/sso/connections";

/** A refused challenge; `code` names the decision table's reason (e.g. "already_used"). */
class ChallengeRefused extends CredentialsSignin {
  constructor(reason: string) {
    super();
    this.code = reason.toLowerCase();
  }
}

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

/** The SSO provider a server action is starting a sign-in with (see `signInWithConnection`). */
const actionProvider = new AsyncLocalStorage<string>();

/** The provider id an /api/auth request names: /api/auth/signin/sso-globex, /api/auth/callback/sso-globex. */
function providerIdOf(request: Request | undefined): string | null {
  if (!request) return actionProvider.getStore() ?? null;
  const match = /^\/api\/auth\/(?:signin|callback)\/([^/?#]+)/.exec(new URL(request.url).pathname);
  return match?.[1] && companySlugOf(match[1]) ? match[1] : null;
}

const oidcProvider = (connection: LiveConnection): OIDCConfig<Record<string, unknown>> => ({
  id: connection.providerId,
  name: connection.displayName,
  type: "oidc",
  issuer: connection.issuer,
  clientId: connection.clientId,
  clientSecret: connection.clientSecret,
  checks: ["pkce", "state", "nonce"],
  // Google: ask for the company's Workspace domain (the decision table also requires the `hd` claim).
  authorization: { params: { scope: "openid email profile", ...(connection.issuer === GOOGLE_ISSUER && connection.domains.length === 1 ? { hd: connection.domains[0] } : {}) } },
});

/**
 * NextAuth's providers for this request, from the database: the company's
 * connection only when the request is an SSO sign-in or its callback (every
 * other call, such as `auth()` on each page, needs none and costs no query).
 * A disabled or deleted connection is gone at the next request, on every instance.
 */
async function providersFor(request: Request | undefined): Promise<NextAuthConfig["providers"]> {
  const providerId = providerIdOf(request);
  const connection = providerId ? await connectionForProvider(db, mfaKeyRing(), providerId) : null;
  return connection ? [credentials, oidcProvider(connection)] : [credentials];
}

export const { handlers, auth, signIn, signOut } = NextAuth(async (request) => ({
  ...authConfig,
  providers: await providersFor(request),
  // Auth.js's own reports go through the portal's logger: the error's name and type, never its message (it can quote a profile or a token).
  logger: {
    error: (error: Error) => log.error("auth error", { name: error.name, type: (error as { type?: string }).type ?? null }),
    warn: (code: string) => log.warn("auth warning", { warning: code }),
    debug: () => {},
  },
  callbacks: {
    ...authConfig.callbacks,
    async signIn({ account, profile }) {
      if (account?.provider === "credentials") return true; // `authorize` has already redeemed the challenge (or refused).
      const connection = account ? await connectionForProvider(db, mfaKeyRing(), account.provider) : null;
      if (!connection) return false;
      return (await authorizeSsoSignIn(db, connection, profile ?? {})).allow;
    },
    async jwt({ token, user, account, trigger }) {
      if (trigger !== "signIn" || !account) return token;
      if (account.provider === "credentials") {
        return user?.id && user.sid ? { sub: user.id, uid: user.id, sid: user.sid, amr: user.amr ?? ["pwd"] } : null;
      }
      const connection = await connectionForProvider(db, mfaKeyRing(), account.provider);
      const userId = connection ? await userIdForSubject(db, connection.issuer, account.providerAccountId) : null;
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

/**
 * Starts an SSO sign-in from a server action (NextAuth's `signIn` then builds
 * its configuration without a request: this names the provider it needs).
 */
export function signInWithConnection(providerId: string, options: { redirectTo: string }, params: Record<string, string>) {
  return actionProvider.run(providerId, () => signIn(providerId, options, params));
}
