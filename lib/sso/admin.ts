// Company settings -> Single sign-on: what an administrator may do to their
// company's connection. The connection itself is written by
// lib/sso/connections.ts; this decides who may, what needs their password and
// a confirmation, and records every change in the audit log.
import { reauthenticate } from "@/lib/auth/reauthenticate";
import { isAdmin, type Admin } from "@/lib/company/admin";
import { recordAudit, type AuditAction } from "@/lib/company/audit";
import type { Db } from "@/lib/db";
import type { SignInMethod } from "@/lib/generated/prisma/enums";
import type { KeyRing } from "@/lib/mfa/secret-box";
import type { RequestMeta } from "@/lib/security/events";
import { fieldErrors } from "@/lib/validation/auth";
import { ssoSettingsSchema, testSsoConnectionSchema } from "@/lib/validation/sso";
import { connectionOf, connectionVersion, normaliseDomain, saveConnection, type ConnectionView } from "./connections";
import { testConnection, type ConnectionCheck } from "./discovery";

export type SsoAdminDeps = {
  db: Db;
  /** Seals the client secret (the MFA key ring). */
  ring: KeyRing;
  now: Date;
  meta?: RequestMeta;
  /** http:// issuers allowed (`ssoAllowHttp`): outside production or with SSO_ALLOW_HTTP=1. */
  allowHttp: boolean;
  /** For "Test connection"; the global fetch by default. */
  fetch?: typeof fetch;
};

/**
 * An administrator without a password (signed in through their identity
 * provider) proves themselves for a sensitive change by a sign-in this recent.
 */
export const SSO_REAUTH_WINDOW_MS = 10 * 60 * 1000;

type NotFound = { ok: false; error: "NOT_FOUND" };
const notFound: NotFound = { ok: false, error: "NOT_FOUND" };

/** What the page shows: never the client secret, only whether one is set. */
export type SsoSettingsView = {
  companyName: string;
  signInMethod: SignInMethod;
  connection: ConnectionView | null;
  /** Whether the administrator has a password to confirm sensitive changes with. */
  hasPassword: boolean;
};

/** The Single sign-on page's data for an administrator of the company, or null for anyone else. */
export async function ssoSettingsView(db: Db, admin: Admin): Promise<SsoSettingsView | null> {
  if (!isAdmin(admin.user)) return null;
  const self = await administratorRow(db, admin);
  if (!self) return null;
  return { companyName: self.company.name, signInMethod: self.company.signInMethod, connection: await connectionOf(db, admin.user.company.id), hasPassword: self.passwordHash !== null };
}

/** The administrator as the database has them now: still an administrator of the session's company, or null. */
function administratorRow(db: Db, admin: Admin) {
  return db.user.findFirst({
    where: { id: admin.user.id, companyId: admin.user.company.id, role: "ADMIN" },
    select: { passwordHash: true, company: { select: { id: true, name: true, signInMethod: true } } },
  });
}

export type SaveSsoResult =
  | { ok: true; state: "saved" | "unchanged" }
  | NotFound
  | { ok: false; error: "INVALID_INPUT" | "DOMAIN_TAKEN"; fieldErrors: Record<string, string[]> }
  /** `confirmation`: the sentences to show above "Confirm and save". */
  | { ok: false; error: "CONFIRM_SSO_CHANGE"; confirmation: string }
  | { ok: false; error: "WRONG_CURRENT_PASSWORD" | "SESSION_ENDED" | "SSO_REAUTH_REQUIRED" | "SSO_SETTINGS_CHANGED" };

/** A connection as the audit log keeps it: never the secret. */
type Snapshot = { issuer: string; clientId: string; displayName: string; domains: string[]; enabled: boolean };
const snapshot = (c: ConnectionView): Snapshot => ({ issuer: c.issuer, clientId: c.clientId, displayName: c.displayName, domains: [...c.domains].sort(), enabled: c.enabled });

/**
 * Company settings -> Single sign-on -> Save. Only an administrator, only of
 * their own company. Changing the issuer of an existing connection, or
 * turning single sign-on on or off, needs the administrator's current
 * password (or, without one, a sign-in through the identity provider in the
 * last 10 minutes) and `confirm: true`, asked for with sentences that say
 * what happens to staff sign-in; so does a save that would leave more staff
 * outside the connection's domains (who could then not sign in at all).
 * A new issuer ends every staff member's link to the old one. Every change
 * is audited, with `secretChanged` in place of the secret.
 */
export async function saveSsoSettings(deps: SsoAdminDeps, admin: Admin, input: unknown): Promise<SaveSsoResult> {
  const { db, now } = deps;
  if (!isAdmin(admin.user)) return notFound;
  const self = await administratorRow(db, admin);
  if (!self) return notFound;
  const company = self.company;

  const parsed = ssoSettingsSchema({ allowHttp: deps.allowHttp }).safeParse(input);
  if (!parsed.success) return { ok: false, error: "INVALID_INPUT", fieldErrors: fieldErrors(parsed.error) };
  const form = parsed.data;
  const domains = form.domains.map(normaliseDomain);
  if (domains.some((d) => d === null)) return { ok: false, error: "INVALID_INPUT", fieldErrors: { domains: ["Enter email domains, like example.com."] } };
  const next: Snapshot = { issuer: form.issuer, clientId: form.clientId, displayName: form.displayName, domains: (domains as string[]).sort(), enabled: form.enabled };
  const secret = form.clientSecret || undefined;

  const before = await connectionOf(db, company.id);
  // Another administrator saved since this form was drawn: what it shows (and any confirmation of it) is out of date.
  if (form.version !== undefined && form.version !== connectionVersion(before)) return { ok: false, error: "SSO_SETTINGS_CHANGED" };
  if (!before && !secret) return { ok: false, error: "INVALID_INPUT", fieldErrors: { clientSecret: ["Enter the client secret your identity provider gave you."] } };
  if (before && !secret && JSON.stringify(snapshot(before)) === JSON.stringify(next)) return { ok: true, state: "unchanged" };

  // The company's sign-in method says whether staff use SSO now (it is SSO exactly while the connection is enabled).
  const enabling = company.signInMethod !== "SSO" && next.enabled;
  const disabling = company.signInMethod === "SSO" && !next.enabled;
  const issuerChanged = before !== null && before.issuer !== next.issuer;
  const strandedBefore = company.signInMethod === "SSO" && before ? await outsideDomains(db, company.id, before.domains) : { count: 0, example: null };
  const strandedAfter = next.enabled ? await outsideDomains(db, company.id, next.domains) : { count: 0, example: null };
  const stranding = strandedAfter.count > strandedBefore.count;

  if (enabling || disabling || issuerChanged) {
    if (self.passwordHash) {
      if (!form.currentPassword) return { ok: false, error: "INVALID_INPUT", fieldErrors: { currentPassword: ["Enter your current password to make this change."] } };
      const reauth = await reauthenticate(db, { userId: admin.user.id, sessionId: admin.sessionId, meta: deps.meta }, self, form.currentPassword, now);
      if (!reauth.ok) return reauth;
    } else if (!(await signedInRecently(db, admin.sessionId, now))) {
      return { ok: false, error: "SSO_REAUTH_REQUIRED" };
    }
  }
  if ((enabling || disabling || issuerChanged || stranding) && !form.confirm) {
    const sentences: string[] = [];
    if (disabling) sentences.push(`Staff of ${company.name} will sign in with a password. Those without one must use "Forgot your password?" on the sign-in page.`);
    if (enabling) sentences.push(`Staff of ${company.name} will sign in only through ${next.displayName}; their passwords stop working.`);
    if (issuerChanged && !disabling) sentences.push("Staff will sign in through the new identity provider; their existing links end and each links again at their next sign-in.");
    if (stranding) sentences.push(strandedSentence(company.name, strandedAfter.count, strandedAfter.example));
    return { ok: false, error: "CONFIRM_SSO_CHANGE", confirmation: sentences.join(" ") };
  }

  const action: AuditAction = enabling ? "sso.enabled" : disabling ? "sso.disabled" : "sso.saved";
  // The audit entry and the ended links commit with the save, or not at all.
  const saved = await saveConnection(db, deps.ring, company.id, { ...next, clientSecret: secret }, async (tx, before) => {
    const issuerChanged = before !== null && before.issuer !== next.issuer;
    // Links are pairs (issuer, subject): under a new issuer the old subjects mean nothing, so each staff member links again.
    const cleared = issuerChanged
      ? (await tx.user.updateMany({ where: { companyId: company.id, OR: [{ ssoIssuer: { not: null } }, { ssoSubject: { not: null } }] }, data: { ssoIssuer: null, ssoSubject: null } })).count
      : undefined;
    const after = { ...(before ?? { id: "", secretSet: true, updatedAt: now }), issuer: next.issuer, clientId: next.clientId, displayName: next.displayName, domains: [...next.domains].sort(), enabled: next.enabled };
    const detail = { before: before && snapshot(before), after: snapshot(after), secretChanged: secret !== undefined, ...(cleared === undefined ? {} : { linksCleared: cleared }) };
    await recordAudit(tx, { companyId: company.id, actor: admin.user, action, detail, meta: deps.meta, now });
  }, connectionVersion(before));
  if (!saved.ok) {
    if (saved.error === "CHANGED_SINCE") return { ok: false, error: "SSO_SETTINGS_CHANGED" };
    if (saved.error === "DOMAIN_TAKEN") return { ok: false, error: "DOMAIN_TAKEN", fieldErrors: { domains: [`${saved.domain} belongs to another company.`] } };
    return { ok: false, error: "INVALID_INPUT", fieldErrors: { clientSecret: ["Enter the client secret your identity provider gave you."] } };
  }
  return { ok: true, state: "saved" };
}

/** Staff of the company whose email is at none of `domains`: how many, and one of them. */
async function outsideDomains(db: Db, companyId: string, domains: string[]): Promise<{ count: number; example: string | null }> {
  const rows = await db.$queryRaw<{ count: number; example: string | null }[]>`
    SELECT count(*)::int AS count, min(email) AS example FROM "User"
    WHERE "companyId" = ${companyId} AND lower(substring(email from '@([^@]*)$')) <> ALL(${domains}::text[])`;
  return rows[0] ?? { count: 0, example: null };
}

const strandedSentence = (company: string, count: number, example: string | null) =>
  count === 1
    ? `1 staff member of ${company} (${example}) has an email address outside these domains and will not be able to sign in.`
    : `${count} staff of ${company} (such as ${example}) have email addresses outside these domains and will not be able to sign in.`;

/** Whether this session began within the re-authentication window (its sign-in went through the identity provider). */
async function signedInRecently(db: Db, sessionId: string, now: Date): Promise<boolean> {
  const session = await db.userSession.findUnique({ where: { id: sessionId }, select: { createdAt: true, revokedAt: true } });
  return !!session && !session.revokedAt && now.getTime() - session.createdAt.getTime() <= SSO_REAUTH_WINDOW_MS;
}

export type TestSsoResult = { ok: true; checks: ConnectionCheck[] } | NotFound | { ok: false; error: "INVALID_INPUT"; fieldErrors: Record<string, string[]> };

/** "Test connection": an administrator's check of an issuer (the form's, saved or not) through its discovery document. */
export async function testSsoConnection(deps: Pick<SsoAdminDeps, "allowHttp" | "fetch">, admin: Admin, input: unknown): Promise<TestSsoResult> {
  if (!isAdmin(admin.user)) return notFound;
  const parsed = testSsoConnectionSchema({ allowHttp: deps.allowHttp }).safeParse(input);
  if (!parsed.success) return { ok: false, error: "INVALID_INPUT", fieldErrors: fieldErrors(parsed.error) };
  return { ok: true, checks: await testConnection(parsed.data.issuer, { allowHttp: deps.allowHttp, fetch: deps.fetch }) };
}
