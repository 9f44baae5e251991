import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { loadDotEnv } from "./lib/dotenv";

loadDotEnv();
// Set it for the schema's env("DATABASE_URL") too: without it the CLI falls back
// to downloading a query engine, which cannot work offline.
process.env.DATABASE_URL ||= "file:./prisma/data/portal.db";
const url = process.env.DATABASE_URL;

/**
 * adapter-better-sqlite3 6.19 sends argument-less scripts through prepare(),
 * which runs only the first statement; migration scripts on the shadow
 * database need executeScript instead.
 */
function multiStatementSafe<T extends object>(conn: T): T {
  return new Proxy(conn, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop !== "executeRaw" || typeof value !== "function") return value;
      return (query: { sql: string; args: unknown[] }) =>
        query.args.length === 0
          ? (target as unknown as { executeScript(sql: string): Promise<void> })
              .executeScript(query.sql)
              .then(() => 0)
          : value.call(target, query);
    },
  });
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations"), seed: "tsx prisma/seed.ts" },
  adapter: async () => {
    const factory = new PrismaBetterSQLite3({ url });
    return {
      provider: factory.provider,
      adapterName: factory.adapterName,
      connect: () => factory.connect(),
      connectToShadowDb: async () => multiStatementSafe(await factory.connectToShadowDb()),
    };
  },
});
