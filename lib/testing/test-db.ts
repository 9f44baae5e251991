import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, inject } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { MfaMethod } from "@/lib/generated/prisma/enums";
import { hashPassword } from "@/lib/auth/password";
import { sealSecret, type KeyRing } from "@/lib/mfa/secret-box";
import { saveConnection } from "@/lib/sso/connections";
import { generateTotpSecret } from "@/lib/mfa/totp";
import { createClient } from "@/lib/database/client";
import { adminFor, createDatabase } from "@/lib/database/embedded";
import { withDatabase } from "@/lib/database/url";

/**
 * A fresh PostgreSQL database for this test file, copied from the migrated
 * template (CREATE DATABASE … TEMPLATE), with a pool of 10 connections so that
 * concurrent tests really overlap. Dropped after the file.
 */
export function createTestDb(): PrismaClient {
  return createTestDbFile().db;
}

/** The same, with the database's URL for tests that run a script against it. */
export function createTestDbFile(): { db: PrismaClient; url: string } {
  const serverUrl = inject("databaseServerUrl");
  const name = `portal_test_${randomBytes(6).toString("hex")}`;
  const url = withDatabase(serverUrl, name);
  const admin = adminFor(serverUrl);
  const db = createClient(url, 10);
  beforeAll(async () => {
    await createDatabase(admin, name, { template: inject("databaseTemplate") });
  });
  afterAll(async () => {
    await db.$disconnect();
    await admin(async (c) => void (await c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`)));
  });
  return { db, url };
}

let cachedHash: Promise<string> | undefined;
export const TEST_PASSWORD = "test-password-123";

/** A user of a password (or SSO) company, with a known password. */
export async function seedUser(db: PrismaClient, options: { mfaMethod?: MfaMethod; sso?: boolean; email?: string } = {}) {
  cachedHash ??= hashPassword(TEST_PASSWORD);
  const slug = options.sso ? "sso-co" : "pw-co";
  const company = await db.company.upsert({
    where: { slug },
    update: {},
    create: { slug, name: slug, signInMethod: options.sso ? "SSO" : "PASSWORD" },
  });
  return db.user.create({
    data: {
      email: options.email ?? `u${Math.random().toString(36).slice(2)}@example.test`,
      name: "Test User",
      passwordHash: options.sso ? null : await cachedHash,
      mfaMethod: options.mfaMethod ?? "NONE",
      companyId: company.id,
    },
  });
}

/** A user with an authenticator on: its secret (for computing codes) and the row, sealed for that user under `ring`. */
export async function seedTotpUser(db: PrismaClient, ring: KeyRing) {
  const secret = generateTotpSecret();
  const user = await seedUser(db, { mfaMethod: "TOTP" });
  await db.user.update({ where: { id: user.id }, data: { totpSecret: sealSecret(secret, ring, { userId: user.id, field: "totpSecret" }) } });
  return { user, secret };
}

/**
 * A single sign-on company with its enabled connection, saved through
 * `saveConnection` under `ring` (as an administrator or `npm run sso:connect`
 * would): returns the company and the connection as the sign-in sees it.
 */
export async function seedSsoCompany(db: PrismaClient, ring: KeyRing, options: { slug: string; issuer: string; domains: string[]; name?: string }) {
  const name = options.name ?? options.slug;
  const company = await db.company.create({ data: { slug: options.slug, name, signInMethod: "PASSWORD" } });
  const saved = await saveConnection(db, ring, company.id, {
    issuer: options.issuer,
    clientId: `${options.slug}-client`,
    clientSecret: `${options.slug}-client-secret`,
    displayName: `${name} SSO`,
    domains: options.domains,
    enabled: true,
  });
  if (!saved.ok) throw new Error(`seedSsoCompany(${options.slug}): ${saved.error}`);
  return {
    company: { ...company, signInMethod: "SSO" as const },
    connection: { id: saved.after.id, companyId: company.id, issuer: saved.after.issuer, domains: saved.after.domains },
  };
}

/** A user of a given company without a password (as SSO companies' users are). */
export function seedSsoUser(db: PrismaClient, companyId: string, email: string) {
  return db.user.create({ data: { email, name: "Test User", passwordHash: null, companyId } });
}
