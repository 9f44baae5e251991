import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createClient } from "@/lib/database/client";
import { DatabaseUrlError, poolSize, resolveDatabaseUrl } from "@/lib/database/url";

function processClient(): PrismaClient {
  const url = resolveDatabaseUrl(process.env);
  if (!url) {
    throw new DatabaseUrlError(
      "DATABASE_URL is not set: set a postgresql:// URL, or start the embedded server with `npm run db:start` (or `npm run demo`).",
    );
  }
  return createClient(url, poolSize(process.env));
}

// One pool per process, shared by every bundle of the server (pages, actions,
// route handlers, the proxy) and kept across dev hot reloads.
const globalForPrisma = globalThis as unknown as { staffPortalDb?: PrismaClient };

/** The one Prisma client of this process; it connects on first use. */
export const db: PrismaClient = (globalForPrisma.staffPortalDb ??= processClient());

export type Db = PrismaClient;
