import "server-only";
import pg from "pg";
import { resolveDatabaseUrl } from "@/lib/database/url";
import { checkReadiness, expectedMigrations, READY_TIMEOUT_MS, sharedReadiness, type Readiness } from "./readiness";

/**
 * The readiness probe's own connection (one, never the app's pool): probes
 * never wait behind the pages' queries, so a busy instance is not reported
 * unready and taken out of service with all the others at once; and a
 * failure here never marks the app's database state down (it does not go
 * through lib/database/health.ts).
 */
function probePool(): pg.Pool | null {
  const url = resolveDatabaseUrl(process.env);
  if (!url) return null;
  const pool = new pg.Pool({ connectionString: url, max: 1, connectionTimeoutMillis: READY_TIMEOUT_MS, idleTimeoutMillis: 30_000, allowExitOnIdle: true });
  // An idle connection the server closes (a restart) must not crash the process; the next probe reconnects.
  pool.on("error", () => {});
  return pool;
}

const globalForProbe = globalThis as unknown as { staffPortalReadiness?: () => Promise<Readiness> };

/** This process's readiness, at most one check a second however many probes arrive (lib/health/readiness.ts). */
export function readiness(): Promise<Readiness> {
  globalForProbe.staffPortalReadiness ??= (() => {
    let pool: pg.Pool | null | undefined;
    return sharedReadiness(() => {
      pool ??= probePool();
      const db = pool;
      // Through a function: a missing DATABASE_URL is then a failed check, not a 500.
      return checkReadiness({ query: (text) => (db ? db.query(text) : Promise.reject(new Error("DATABASE_URL is not set"))) }, { expected: expectedMigrations() });
    });
  })();
  return globalForProbe.staffPortalReadiness();
}
