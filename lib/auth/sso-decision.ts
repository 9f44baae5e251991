import { emailDomain } from "@/lib/sso/domains";

/** The claims of an OpenID Connect sign-in that the decision reads, as the IdP sent them (unchecked). */
export type SsoProfile = { sub?: unknown; email?: unknown; email_verified?: unknown; hd?: unknown };

/** Google's issuer serves every Google account, personal ones too: only its `hd` claim says a Workspace domain vouches for the account. */
export const GOOGLE_ISSUER = "https://accounts.google.com";

/** The connection the sign-in came through. */
export type SsoSignInConnection = { issuer: string; companyId: string; domains: string[] };

/** The user linked to (connection issuer, subject). */
export type SsoLinkedUser = { id: string; companyId: string };

/** The user whose email the IdP sent, with their link, if any. */
export type SsoEmailUser = { id: string; companyId: string; ssoIssuer: string | null; ssoSubject: string | null };

export type SsoRefusal =
  | "NO_SUBJECT"
  | "NO_EMAIL"
  | "EMAIL_NOT_VERIFIED"
  /** The email's domain is not one of the connection's (first sign-in only). */
  | "DOMAIN_NOT_ALLOWED"
  /** No user has the email (first sign-in only). */
  | "UNKNOWN_USER"
  /** The user (linked or by email) belongs to another company than the connection's. */
  | "OTHER_COMPANY"
  /** The email's user is already linked to another issuer or subject. */
  | "ALREADY_LINKED"
  /** Through Google: the account's Workspace domain (`hd`) is not one of the connection's. */
  | "HOSTED_DOMAIN";

export type SsoDecision = { allow: true; userId: string; link: boolean } | { allow: false; reason: SsoRefusal };

/**
 * Decides an OpenID Connect sign-in through one company's connection. The
 * IdP must send a subject and a verified email. A user linked to the pair
 * (connection issuer, subject) is matched on it, whatever the email now is
 * (an email change at the IdP neither locks them out nor switches
 * accounts), provided they are a user of the connection's company.
 * Otherwise this is a first sign-in: the email's domain must be one of the
 * connection's, and the email must belong to a user of the connection's
 * company who has no link yet; that user is then linked. So an account of
 * another organisation that renames itself to one of our users' emails
 * reaches nobody: its connection does not own the domain, and a connection
 * that does owns a different issuer. Pure: the caller looks the users up
 * and links.
 */
export function decideSsoSignIn(
  profile: SsoProfile,
  connection: SsoSignInConnection,
  bySubject: SsoLinkedUser | null,
  byEmail: SsoEmailUser | null,
): SsoDecision {
  if (typeof profile.sub !== "string" || profile.sub.length === 0) return { allow: false, reason: "NO_SUBJECT" };
  if (typeof profile.email !== "string" || profile.email.trim().length === 0) return { allow: false, reason: "NO_EMAIL" };
  if (profile.email_verified !== true) return { allow: false, reason: "EMAIL_NOT_VERIFIED" };
  if (connection.issuer === GOOGLE_ISSUER && !(typeof profile.hd === "string" && connection.domains.includes(profile.hd.toLowerCase()))) {
    return { allow: false, reason: "HOSTED_DOMAIN" };
  }
  if (bySubject) {
    if (bySubject.companyId !== connection.companyId) return { allow: false, reason: "OTHER_COMPANY" };
    return { allow: true, userId: bySubject.id, link: false };
  }
  const domain = emailDomain(profile.email);
  if (!domain || !connection.domains.some((d) => d.toLowerCase() === domain)) return { allow: false, reason: "DOMAIN_NOT_ALLOWED" };
  if (!byEmail) return { allow: false, reason: "UNKNOWN_USER" };
  if (byEmail.companyId !== connection.companyId) return { allow: false, reason: "OTHER_COMPANY" };
  if (byEmail.ssoSubject !== null || byEmail.ssoIssuer !== null) return { allow: false, reason: "ALREADY_LINKED" };
  return { allow: true, userId: byEmail.id, link: true };
}
