import path from "node:path";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";
import { resolveDatabaseUrl } from "./lib/database/url";
import { loadEnvFiles } from "./lib/env-file";

loadEnvFiles();
// The schema's env("DATABASE_URL") must resolve, or the CLI falls back to
// downloading a query engine, which cannot work offline. Commands that need
// no database (generate, diff --from-empty) get a placeholder.
const url = resolveDatabaseUrl(process.env) ?? "postgresql://placeholder@127.0.0.1:1/none";
process.env.DATABASE_URL = url;

// PostgreSQL catalog types ("char", name, oid) that @prisma/adapter-pg 6.19
// cannot deserialise (prisma/prisma#27403): `migrate deploy` reads them from
// pg_catalog. Relabel them as text. Only the CLI needs this.
const AS_TEXT = new Set([18, 19, 26]);
const TEXT = 25;
class CatalogPool extends pg.Pool {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async query(...args: any[]): Promise<any> {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const result: any = await (super.query as any)(...args);
    for (const field of result?.fields ?? []) if (AS_TEXT.has(field.dataTypeID)) field.dataTypeID = TEXT;
    return result;
  }
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations"), seed: "tsx prisma/seed.ts" },
  adapter: async () => new PrismaPg(new CatalogPool({ connectionString: url, idleTimeoutMillis: 50, allowExitOnIdle: true })),
});
