// Single sign-on connections: one per company (its own OpenID Connect
// identity provider), routed by email domain. The one module that writes
// SsoConnection, SsoDomain and, with them, Company.signInMethod.
import type { Db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { openSecret, sealSecret, type KeyRing } from "@/lib/mfa/secret-box";
import { emailDomain } from "./domains";

/** NextAuth's provider id for a company's connection. */
export const providerIdFor = (companySlug: string) => `sso-${companySlug}`;
/** The company slug of a provider id ("sso-globex" -> "globex"), or null for anything else. */
export const companySlugOf = (providerId: string) => (/^sso-[a-z0-9-]{1,64}$/.test(providerId) ? providerId.slice(4) : null);

export { emailDomain, normaliseDomain } from "./domains";

/** What the sign-in form needs for an email's domain. */
export type SsoRoute = { providerId: string; displayName: string; companyId: string };

/**
 * The enabled connection an email's domain routes to, or null (then the
 * password field, whether or not the user exists). Looks at the domain only.
 */
export async function routeForEmail(db: Db, email: string): Promise<SsoRoute | null> {
  const domain = emailDomain(email);
  if (!domain) return null;
  const row = await db.ssoDomain.findUnique({
    where: { domain },
    select: { connection: { select: { enabled: true, displayName: true, companyId: true, company: { select: { slug: true } } } } },
  });
  if (!row?.connection.enabled) return null;
  return { providerId: providerIdFor(row.connection.company.slug), displayName: row.connection.displayName, companyId: row.connection.companyId };
}

/** A connection as NextAuth needs it, secret opened. */
export type LiveConnection = {
  id: string;
  providerId: string;
  companyId: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  displayName: string;
  domains: string[];
};

const liveSelect = {
  id: true,
  companyId: true,
  issuer: true,
  clientId: true,
  clientSecret: true,
  displayName: true,
  company: { select: { slug: true } },
  domains: { select: { domain: true } },
} satisfies Prisma.SsoConnectionSelect;

function live(ring: KeyRing, row: Prisma.SsoConnectionGetPayload<{ select: typeof liveSelect }>): LiveConnection {
  return {
    id: row.id,
    providerId: providerIdFor(row.company.slug),
    companyId: row.companyId,
    issuer: row.issuer,
    clientId: row.clientId,
    clientSecret: openSecret(row.clientSecret, ring, { connectionId: row.id, field: "ssoClientSecret" }),
    displayName: row.displayName,
    domains: row.domains.map((d) => d.domain),
  };
}

/** Every enabled connection (for NextAuth's providers on an SSO request). */
export async function enabledConnections(db: Db, ring: KeyRing): Promise<LiveConnection[]> {
  const rows = await db.ssoConnection.findMany({ where: { enabled: true }, select: liveSelect, orderBy: { createdAt: "asc" } });
  return rows.map((row) => live(ring, row));
}

/** The enabled connection behind a provider id, or null. */
export async function connectionForProvider(db: Db, ring: KeyRing, providerId: string): Promise<LiveConnection | null> {
  const slug = companySlugOf(providerId);
  if (!slug) return null;
  const row = await db.ssoConnection.findFirst({ where: { enabled: true, company: { slug } }, select: liveSelect });
  return row ? live(ring, row) : null;
}

/** A company's connection as its administrators see it: never the secret. */
export type ConnectionView = {
  id: string;
  issuer: string;
  clientId: string;
  displayName: string;
  domains: string[];
  enabled: boolean;
  secretSet: boolean;
  updatedAt: Date;
};

export async function connectionOf(db: Db | Prisma.TransactionClient, companyId: string): Promise<ConnectionView | null> {
  const row = await db.ssoConnection.findUnique({
    where: { companyId },
    select: { id: true, issuer: true, clientId: true, clientSecret: true, displayName: true, enabled: true, updatedAt: true, domains: { select: { domain: true }, orderBy: { domain: "asc" } } },
  });
  if (!row) return null;
  return { id: row.id, issuer: row.issuer, clientId: row.clientId, displayName: row.displayName, domains: row.domains.map((d) => d.domain), enabled: row.enabled, secretSet: row.clientSecret.length > 0, updatedAt: row.updatedAt };
}

export type ConnectionInput = {
  issuer: string;
  clientId: string;
  /** Write-only: omitted or empty keeps the stored one (required when creating). */
  clientSecret?: string;
  displayName: string;
  domains: string[];
  enabled: boolean;
};

export type SaveConnectionResult =
  | { ok: true; before: ConnectionView | null; after: ConnectionView }
  | { ok: false; error: "DOMAIN_TAKEN"; domain: string }
  | { ok: false; error: "SECRET_REQUIRED" }
  /** The connection changed after the caller read the state it decided on (`basedOn`): nothing saved. */
  | { ok: false; error: "CHANGED_SINCE" };

/** A connection's version as a form carries it: its last change, or "" while there is none. */
export const connectionVersion = (view: Pick<ConnectionView, "updatedAt"> | null): string => view?.updatedAt.toISOString() ?? "";

/**
 * Creates or replaces a company's connection in one transaction: its
 * fields, its domains (each at most one company's: the primary key says so)
 * and the company's sign-in method, which is SSO exactly while the
 * connection is enabled. Validation of the fields is the caller's (the form
 * schema); this checks only what needs the database.
 */
export async function saveConnection(
  db: Db,
  ring: KeyRing,
  companyId: string,
  input: ConnectionInput,
  /** More writes that must commit with the save (the audit entry, ended links), given the view before it. */
  within?: (tx: Prisma.TransactionClient, before: ConnectionView | null) => Promise<void>,
  /**
   * The version (`connectionVersion`) of the state the caller decided on
   * (what to confirm, whether to re-authenticate): if the connection has
   * changed since, nothing is saved. Checked under a lock on the company's
   * row, so two saves based on one state cannot both pass.
   */
  basedOn?: string,
): Promise<SaveConnectionResult> {
  let before = await connectionOf(db, companyId);
  if (!before && !input.clientSecret) return { ok: false, error: "SECRET_REQUIRED" };
  const domains = [...new Set(input.domains)];
  try {
    await db.$transaction(async (tx) => {
      if (basedOn !== undefined) {
        await tx.$queryRaw`SELECT 1 FROM "Company" WHERE id = ${companyId} FOR UPDATE`;
        before = await connectionOf(tx, companyId);
        if (connectionVersion(before) !== basedOn) throw new ChangedSince();
      }
      const taken = await tx.ssoDomain.findFirst({ where: { domain: { in: domains }, connection: { companyId: { not: companyId } } }, select: { domain: true } });
      if (taken) throw new DomainTaken(taken.domain);
      const fields = { issuer: input.issuer, clientId: input.clientId, displayName: input.displayName, enabled: input.enabled };
      const row = await tx.ssoConnection.upsert({
        where: { companyId },
        create: { companyId, ...fields, clientSecret: "" },
        update: fields,
        select: { id: true },
      });
      if (input.clientSecret) {
        await tx.ssoConnection.update({ where: { id: row.id }, data: { clientSecret: sealSecret(input.clientSecret, ring, { connectionId: row.id, field: "ssoClientSecret" }) } });
      }
      await tx.ssoDomain.deleteMany({ where: { connectionId: row.id, domain: { notIn: domains } } });
      await tx.ssoDomain.createMany({ data: domains.map((domain) => ({ domain, connectionId: row.id })), skipDuplicates: true });
      await tx.company.update({ where: { id: companyId }, data: { signInMethod: input.enabled ? "SSO" : "PASSWORD" } });
      // Moving to single sign-on signs out the mobile apps' devices signed in with a password; turning
      // it off or changing the identity provider signs out those signed in through it.
      const mobileNow = new Date();
      if (input.enabled && !before?.enabled) {
        await tx.userSession.updateMany({
          where: { kind: "MOBILE", revokedAt: null, user: { companyId }, NOT: { amr: { contains: "ext" } } },
          data: { revokedAt: mobileNow },
        });
      }
      if (before?.enabled && (!input.enabled || input.issuer !== before.issuer)) {
        await tx.userSession.updateMany({ where: { kind: "MOBILE", revokedAt: null, user: { companyId }, amr: { contains: "ext" } }, data: { revokedAt: mobileNow } });
      }
      await within?.(tx, before);
    });
  } catch (error) {
    if (error instanceof DomainTaken) return { ok: false, error: "DOMAIN_TAKEN", domain: error.domain };
    if (error instanceof ChangedSince) return { ok: false, error: "CHANGED_SINCE" };
    // Two companies claiming one domain at once: the primary key refuses the second.
    if ((error as { code?: string }).code === "P2002") return { ok: false, error: "DOMAIN_TAKEN", domain: domains.join(", ") };
    throw error;
  }
  return { ok: true, before, after: (await connectionOf(db, companyId))! };
}

class ChangedSince extends Error {}

class DomainTaken extends Error {
  constructor(readonly domain: string) {
    super(`Domain ${domain} belongs to another company`);
  }
}
