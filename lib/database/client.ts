import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { CONNECT_TIMEOUT_MS, STATEMENT_TIMEOUT_MS } from "./url";
import { reportDatabaseError } from "./unavailable";

/**
 * A connection pool: `max` connections, every statement cut off after 5 s, a
 * connection attempt given up after 3 s (so that a database that is down
 * answers quickly instead of queueing requests).
 */
export function createPool(connectionString: string, max: number): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max,
    statement_timeout: STATEMENT_TIMEOUT_MS,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
  });
  // An idle connection dropped by the server (restart, failover) must not crash the process.
  pool.on("error", (error) => reportDatabaseError(error));
  return pool;
}

/** A Prisma client over a pool of its own. */
export function createClient(connectionString: string, max: number): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg(createPool(connectionString, max), { disposeExternalPool: true }) });
}
