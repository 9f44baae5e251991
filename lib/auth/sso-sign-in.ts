import type { Db } from "@/lib/db";
import { log } from "@/lib/log";
import { decideSsoSignIn, type SsoDecision, type SsoProfile, type SsoSignInConnection } from "./sso-decision";

/**
 * The signIn callback's check for an OpenID Connect sign-in through a
 * company's connection: looks the user up by (connection issuer, subject)
 * and by email, decides, and links the pair on the first sign-in with a
 * conditional update, so two first sign-ins cannot link the user twice. A
 * refusal is logged with its reason and the user id, never the email.
 */
export async function authorizeSsoSignIn(db: Db, connection: SsoSignInConnection, profile: SsoProfile): Promise<SsoDecision> {
  const sub = typeof profile.sub === "string" ? profile.sub : "";
  const email = typeof profile.email === "string" ? profile.email.trim().toLowerCase() : "";
  const bySubject = sub
    ? await db.user.findUnique({ where: { ssoIssuer_ssoSubject: { ssoIssuer: connection.issuer, ssoSubject: sub } }, select: { id: true, companyId: true } })
    : null;
  // A linked user is matched on the link alone: their email is not looked at.
  const byEmail =
    !bySubject && email
      ? await db.user.findUnique({ where: { email }, select: { id: true, companyId: true, ssoIssuer: true, ssoSubject: true } })
      : null;
  const decision = decideSsoSignIn(profile, connection, bySubject, byEmail);
  if (!decision.allow) return refused(decision, (bySubject ?? byEmail)?.id ?? null);
  if (!decision.link) return decision;
  try {
    const { count } = await db.user.updateMany({
      where: { id: decision.userId, companyId: connection.companyId, ssoIssuer: null, ssoSubject: null },
      data: { ssoIssuer: connection.issuer, ssoSubject: sub },
    });
    if (count === 1) return decision;
  } catch (error) {
    // The pair was linked to someone else meanwhile: the unique index refuses it.
    if ((error as { code?: string }).code !== "P2002") throw error;
  }
  // Another sign-in linked the user first: allowed only if it linked this very pair.
  if ((await userIdForSubject(db, connection.issuer, sub)) === decision.userId) return { allow: true, userId: decision.userId, link: false };
  return refused({ allow: false, reason: "ALREADY_LINKED" }, decision.userId);
}

function refused(decision: Extract<SsoDecision, { allow: false }>, userId: string | null): SsoDecision {
  log.warn("sso sign-in refused", { reason: decision.reason, userId });
  return decision;
}

/** Our user id for an IdP's subject (after `authorizeSsoSignIn` allowed it). */
export async function userIdForSubject(db: Db, issuer: string, sub: string): Promise<string | null> {
  const user = await db.user.findUnique({ where: { ssoIssuer_ssoSubject: { ssoIssuer: issuer, ssoSubject: sub } }, select: { id: true } });
  return user?.id ?? null;
}
