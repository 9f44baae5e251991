/** A user as the SSO decision sees them. */
export type SsoCandidate = { id: string; ssoSubject: string | null; companySignInMethod: string };

export type SsoProfile = { sub?: unknown; email?: unknown; email_verified?: unknown };

export type SsoRefusal =
  | "NO_SUBJECT"
  | "NO_EMAIL"
  | "EMAIL_NOT_VERIFIED"
  | "UNKNOWN_USER"
  | "NOT_SSO_COMPANY"
  | "SUBJECT_MISMATCH";

export type SsoDecision = { allow: true; userId: string; linkSubject: boolean } | { allow: false; reason: SsoRefusal };

/**
 * Decides an OpenID Connect sign-in. The IdP must send a subject and a
 * verified email. A user already linked to the subject is matched on it (an
 * email change at the IdP neither locks them out nor switches accounts);
 * otherwise the email must belong to an unlinked user, who is then linked.
 * Either way the user's company must sign in with SSO. Pure: the caller
 * looks the candidates up and links the subject.
 */
export function decideSsoSignIn(
  profile: SsoProfile,
  bySubject: SsoCandidate | null,
  byEmail: SsoCandidate | null,
): SsoDecision {
  if (typeof profile.sub !== "string" || profile.sub.length === 0) return { allow: false, reason: "NO_SUBJECT" };
  if (typeof profile.email !== "string" || profile.email.length === 0) return { allow: false, reason: "NO_EMAIL" };
  if (profile.email_verified !== true) return { allow: false, reason: "EMAIL_NOT_VERIFIED" };
  const user = bySubject ?? byEmail;
  if (!user) return { allow: false, reason: "UNKNOWN_USER" };
  if (!bySubject && user.ssoSubject !== null) return { allow: false, reason: "SUBJECT_MISMATCH" };
  if (user.companySignInMethod !== "SSO") return { allow: false, reason: "NOT_SSO_COMPANY" };
  return { allow: true, userId: user.id, linkSubject: !bySubject };
}
