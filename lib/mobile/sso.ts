// Single sign-on for the mobile apps (RFC 8252, "OAuth 2.0 for Native Apps"):
// the app opens the portal's authorize address in the system browser with a
// PKCE challenge; the portal runs the company's SSO (the web's, NextAuth);
// then it redirects to the app's custom scheme with a one-time code, which
// the app exchanges, with its code verifier, for tokens.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Db } from "@/lib/db";
import type { RequestMeta } from "@/lib/security/events";
import { routeForEmail, type SsoRoute } from "@/lib/sso/connections";
import { startDevice, type MobileTokens } from "./devices";

/** The app's registered redirect (a private-use URI scheme, RFC 8252 section 7.1). */
export const APP_REDIRECT_URI = "staffportal://signed-in";
/** From opening the authorize address to finishing at the identity provider. */
export const AUTHORIZATION_TTL_MS = 10 * 60 * 1000;
/** The code's life once the app has it. */
export const CODE_TTL_MS = 2 * 60 * 1000;
/** The cookie that ties the browser's trip through the identity provider to its authorization. */
export const AUTHORIZATION_COOKIE = "sp_mobile_authorization";
export const AUTHORIZATION_COOKIE_PATH = "/api/mobile/v1/sso";

const sha256hex = (value: string) => createHash("sha256").update(value).digest("hex");
const s256 = (verifier: string) => createHash("sha256").update(verifier).digest("base64url");

export type StartResult = { ok: true; authorizationId: string; route: SsoRoute } | { ok: false; error: "NOT_SSO" };

/** Opens an authorization for an email whose domain signs in with SSO. */
export async function startAuthorization(
  db: Db,
  input: { email: string; deviceName: string; codeChallenge: string; state: string; now: Date },
): Promise<StartResult> {
  const route = await routeForEmail(db, input.email);
  if (!route) return { ok: false, error: "NOT_SSO" };
  const authorizationId = randomBytes(32).toString("base64url");
  await db.mobileAuthorization.create({
    data: {
      id: authorizationId,
      codeChallenge: input.codeChallenge,
      state: input.state,
      deviceName: input.deviceName,
      expiresAt: new Date(input.now.getTime() + AUTHORIZATION_TTL_MS),
      createdAt: input.now,
    },
  });
  return { ok: true, authorizationId, route };
}

type BrowserSession = { sessionId: string; userId: string; amr: readonly string[] } | null;
type Pending = { ok: true; authorization: { id: string; deviceName: string; state: string } } | { ok: false; error: "UNKNOWN_AUTHORIZATION" | "NOT_SIGNED_IN" };

/**
 * The authorization of this browser, back from the identity provider with a
 * session made by single sign-on after the authorization was opened; else why not.
 */
export async function pendingAuthorization(db: Db, input: { authorizationId: string | undefined; session: BrowserSession; now: Date }): Promise<Pending> {
  if (!input.authorizationId) return { ok: false, error: "UNKNOWN_AUTHORIZATION" };
  const authorization = await db.mobileAuthorization.findUnique({ where: { id: input.authorizationId } });
  if (!authorization || authorization.completedAt || authorization.expiresAt <= input.now) return { ok: false, error: "UNKNOWN_AUTHORIZATION" };
  const session = input.session;
  if (!session || !session.amr.includes("ext")) return { ok: false, error: "NOT_SIGNED_IN" };
  const row = await db.userSession.findUnique({ where: { id: session.sessionId }, select: { createdAt: true } });
  // A session from before this authorization was not made by its trip through the identity provider.
  if (!row || row.createdAt < authorization.createdAt) return { ok: false, error: "NOT_SIGNED_IN" };
  return { ok: true, authorization };
}

export type CompleteResult = { ok: true; redirectTo: string } | { ok: false; error: "UNKNOWN_AUTHORIZATION" | "NOT_SIGNED_IN" };

/**
 * The person confirmed, in the browser, that their app on that device may
 * sign in (a page any site could have sent them to must not sign an app in
 * by itself, RFC 8252 section 8.6): the authorization is bound to them
 * (once), the browser's session is ended (the app, not the system browser,
 * is being signed in), and the app gets its code and state.
 */
export async function completeAuthorization(db: Db, input: { authorizationId: string | undefined; session: BrowserSession; now: Date }): Promise<CompleteResult> {
  const pending = await pendingAuthorization(db, input);
  if (!pending.ok) return pending;
  const { authorization } = pending;
  const session = input.session!;
  const code = randomBytes(32).toString("base64url");
  const { count } = await db.mobileAuthorization.updateMany({
    where: { id: authorization.id, completedAt: null, expiresAt: { gt: input.now } },
    data: { userId: session.userId, codeHash: sha256hex(code), completedAt: input.now, expiresAt: new Date(input.now.getTime() + CODE_TTL_MS) },
  });
  if (count !== 1) return { ok: false, error: "UNKNOWN_AUTHORIZATION" };
  await db.userSession.updateMany({ where: { id: session.sessionId, revokedAt: null }, data: { revokedAt: input.now } });
  const redirect = new URL(APP_REDIRECT_URI);
  redirect.searchParams.set("code", code);
  redirect.searchParams.set("state", authorization.state);
  return { ok: true, redirectTo: redirect.toString() };
}

export type ExchangeResult = { ok: true; tokens: MobileTokens; userId: string } | { ok: false; error: "INVALID_CODE" };

/**
 * Turns the one-time code into a device and its tokens when the verifier
 * matches the authorization's challenge. The code is spent by the first
 * attempt, right or wrong (a conditional update: of concurrent calls one
 * wins).
 */
export async function exchangeCode(db: Db, input: { code: string; codeVerifier: string; meta: RequestMeta; now: Date }): Promise<ExchangeResult> {
  const codeHash = sha256hex(input.code);
  return db.$transaction(async (tx) => {
    const { count } = await tx.mobileAuthorization.updateMany({
      where: { codeHash, usedAt: null, completedAt: { not: null }, expiresAt: { gt: input.now } },
      data: { usedAt: input.now },
    });
    if (count !== 1) return { ok: false as const, error: "INVALID_CODE" as const };
    const authorization = await tx.mobileAuthorization.findUniqueOrThrow({ where: { codeHash }, include: { user: { include: { company: true } } } });
    const expected = Buffer.from(authorization.codeChallenge);
    const given = Buffer.from(s256(input.codeVerifier));
    const verified = expected.length === given.length && timingSafeEqual(expected, given);
    const { user } = authorization;
    if (!verified || !user || user.company.signInMethod !== "SSO") return { ok: false as const, error: "INVALID_CODE" as const };
    const tokens = await startDevice(tx, { userId: user.id, amr: "ext mobile", deviceName: authorization.deviceName, meta: input.meta, now: input.now });
    return { ok: true as const, tokens, userId: user.id };
  });
}
