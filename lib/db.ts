import type { PrismaClient } from "@/lib/generated/prisma/client";
import { clientOver, createPool, type ObservedPool } from "@/lib/database/client";
import { setHealthPing } from "@/lib/database/health";
import { DatabaseUrlError, poolSize, resolveDatabaseUrl } from "@/lib/database/url";
import { observePool } from "@/lib/metrics/registry";

type ProcessDatabase = { db: PrismaClient; pool: ObservedPool };

function connect(): ProcessDatabase {
  const url = resolveDatabaseUrl(process.env);
  if (!url) {
    throw new DatabaseUrlError(
      "DATABASE_URL is not set: set a postgresql:// URL, or start the embedded server with `npm run db:start` (or `npm run demo`).",
    );
  }
  const pool = createPool(url, poolSize(process.env));
  setHealthPing(() => pool.query("SELECT 1"));
  observePool(() => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }));
  return { db: clientOver(pool), pool };
}

// One pool per process, shared by every bundle of the server (pages, actions,
// route handlers) and kept across dev hot reloads. Made on first use, not on
// import: `next build` imports these modules with no database configured.
const globalForDb = globalThis as unknown as { staffPortalDatabase?: ProcessDatabase };
const processDatabase = () => (globalForDb.staffPortalDatabase ??= connect());

/** The one Prisma client of this process; it connects on first use. */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const client = processDatabase().db;
    const value = Reflect.get(client, property, client);
    return typeof value === "function" ? value.bind(client) : value;
  },
});

export type Db = PrismaClient;
