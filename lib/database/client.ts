import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { noteDatabaseError } from "./health";
import { CONNECT_TIMEOUT_MS, STATEMENT_TIMEOUT_MS } from "./url";

/**
 * A pg pool that reports every failed query or connection to the health
 * state (lib/database/health.ts).
 */
export class ObservedPool extends pg.Pool {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query(...args: any[]): any {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const result = (super.query as any)(...args);
    if (result && typeof result.catch === "function") result.catch(noteDatabaseError);
    return result;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  connect(...args: any[]): any {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const result = (super.connect as any)(...args);
    if (result && typeof result.catch === "function") result.catch(noteDatabaseError);
    return result;
  }
}

/**
 * A connection pool: `max` connections, every statement cut off after 5 s, a
 * connection attempt given up after 3 s (so that a database that is down
 * answers quickly instead of queueing requests).
 */
export function createPool(connectionString: string, max: number): ObservedPool {
  const pool = new ObservedPool({
    connectionString,
    max,
    statement_timeout: STATEMENT_TIMEOUT_MS,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    // The adapter sends a Date without its offset: the session reads it as UTC
    // whatever the server's own TimeZone (and a day is 24 hours in SQL).
    options: "-c TimeZone=UTC",
  });
  // An idle connection dropped by the server (restart, failover) must not crash the process.
  pool.on("error", (error) => noteDatabaseError(error));
  return pool;
}

/** A Prisma client over a pool of its own (ended with the client). */
export function createClient(connectionString: string, max: number): PrismaClient {
  return clientOver(createPool(connectionString, max));
}

export function clientOver(pool: pg.Pool): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
}
