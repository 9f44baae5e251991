import type { Db } from "@/lib/db";
import type { SignInMethod } from "@/lib/generated/prisma/enums";
import { log } from "@/lib/log";
import { decideSsoSignIn, type SsoDecision, type SsoProfile } from "./sso-decision";

const candidate = (user: { id: string; ssoSubject: string | null; company: { signInMethod: SignInMethod } } | null) =>
  user && { id: user.id, ssoSubject: user.ssoSubject, companySignInMethod: user.company.signInMethod };

/**
 * The signIn callback's check for an OpenID Connect sign-in: looks the user
 * up by subject and by email, decides, and links the subject on the first
 * sign-in with a conditional update (so two first sign-ins cannot link two
 * subjects).
 */
export async function authorizeSsoSignIn(db: Db, profile: SsoProfile): Promise<SsoDecision> {
  const sub = typeof profile.sub === "string" ? profile.sub : "";
  const email = typeof profile.email === "string" ? profile.email.trim().toLowerCase() : "";
  const include = { company: { select: { signInMethod: true } } };
  const bySubject = sub ? await db.user.findUnique({ where: { ssoSubject: sub }, include }) : null;
  const byEmail = !bySubject && email ? await db.user.findUnique({ where: { email }, include }) : null;
  const decision = decideSsoSignIn(profile, candidate(bySubject), candidate(byEmail));
  if (!decision.allow) {
    log.warn("sso sign-in refused", { reason: decision.reason, userId: (bySubject ?? byEmail)?.id ?? null });
    return decision;
  }
  if (decision.linkSubject) {
    const { count } = await db.user.updateMany({ where: { id: decision.userId, ssoSubject: null }, data: { ssoSubject: sub } });
    if (count !== 1) return { allow: false, reason: "SUBJECT_MISMATCH" };
  }
  return decision;
}

/** Our user id for an IdP subject (after `authorizeSsoSignIn` allowed it). */
export async function userIdForSubject(db: Db, sub: string): Promise<string | null> {
  return (await db.user.findUnique({ where: { ssoSubject: sub }, select: { id: true } }))?.id ?? null;
}
