import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { hashPassword } from "@/lib/auth/password";
import { sqliteAdapter } from "@/lib/sqlite-adapter";

/** A fresh SQLite file with the committed migrations applied, for tests of database code. */
export function createTestDb(): PrismaClient {
  return createTestDbFile().db;
}

/** The same, with the file's URL for tests that run a script against it. */
export function createTestDbFile(): { db: PrismaClient; url: string } {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "portal-test-")), "test.db");
  const sqlite = new Database(file);
  const migrations = path.join(process.cwd(), "prisma", "migrations");
  for (const dir of readdirSync(migrations).filter((d) => /^\d+_/.test(d)).sort()) {
    sqlite.exec(readFileSync(path.join(migrations, dir, "migration.sql"), "utf8"));
  }
  sqlite.close();
  const url = `file:${file}`;
  return { db: new PrismaClient({ adapter: sqliteAdapter(url) }), url };
}

let cachedHash: Promise<string> | undefined;
export const TEST_PASSWORD = "test-password-123";

/** A user of a password (or SSO) company, with a known password. */
export async function seedUser(db: PrismaClient, options: { mfaMethod?: string; sso?: boolean; email?: string } = {}) {
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
