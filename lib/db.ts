import { PrismaClient } from "@/lib/generated/prisma/client";
import { sqliteAdapter } from "@/lib/sqlite-adapter";

const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

function createClient(): PrismaClient {
  return new PrismaClient({ adapter: sqliteAdapter(process.env.DATABASE_URL || "file:./prisma/data/portal.db") });
}

/** The one Prisma client of this process (kept across dev hot reloads). */
export const db: PrismaClient = globalForPrisma.prisma ?? createClient();
if (process.env.NODE_ENV !== "production") globalForPrisma.prisma = db;

export type Db = PrismaClient;
