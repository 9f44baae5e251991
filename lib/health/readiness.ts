// Whether this instance should get traffic (GET /api/health/ready): its
// database answers, and its schema is the one this build was written for.
// Liveness (GET /api/health/live) needs nothing here: it only proves the
// process answers.
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";

/** How long the whole check may take before the database counts as unavailable. */
export const READY_TIMEOUT_MS = 1_000;

/**
 * What the check needs of the database: the process's pg pool itself, not
 * Prisma, so that a cold Prisma client (its first query loads the query
 * compiler) is not mistaken for a slow database.
 */
export type Queryable = { query: (text: string) => Promise<{ rows: unknown[] }> };

export type MigrationRow = { migration_name: string; finished_at: Date | null; rolled_back_at: Date | null };

export type Readiness = {
  ready: boolean;
  checks: {
    /** `SELECT 1` answered within the time, failed, or did not answer in time. */
    database: "ok" | "unavailable" | "timeout";
    /** Every migration of `prisma/migrations` applied; some not (or failed); not known (no answer, or no migrations table). */
    migrations: "ok" | "pending" | "unknown";
  };
};

/**
 * The migrations this build expects: the folders of `prisma/migrations` that
 * hold a migration.sql, in order. Read from the deployed checkout at run time
 * (`npm run db:migrate` applies the same folder), not traced into the bundle.
 */
export function migrationsOnDisk(dir = path.join(process.cwd(), "prisma", "migrations")): string[] {
  return readdirSync(/* turbopackIgnore: true */ dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(/* turbopackIgnore: true */ path.join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort();
}

/**
 * The expected migrations that are not applied: a migration counts once a row
 * of `_prisma_migrations` says it finished and was not rolled back (a failed
 * attempt leaves a row without `finished_at`, and blocks `migrate deploy`).
 */
export function pendingMigrations(expected: readonly string[], rows: readonly MigrationRow[]): string[] {
  const applied = new Set(rows.filter((row) => row.finished_at !== null && row.rolled_back_at === null).map((row) => row.migration_name));
  return expected.filter((name) => !applied.has(name));
}

let onDisk: string[] | null | undefined;

/**
 * `migrationsOnDisk()`, read once per process (the folder is part of the
 * deployed build). Null when it cannot be read or is empty: then nothing
 * proves the schema, and the instance is never ready.
 */
export function expectedMigrations(): string[] | null {
  if (onDisk === undefined) {
    try {
      const names = migrationsOnDisk();
      onDisk = names.length > 0 ? names : null;
    } catch {
      onDisk = null;
    }
  }
  return onDisk;
}

class Timeout extends Error {}

/**
 * Asks the database `SELECT 1`, then reads `_prisma_migrations`, both within
 * `timeoutMs` in all. Never throws: a failure is a check that did not pass.
 */
export async function checkReadiness(db: Queryable, options: { expected: readonly string[] | null; timeoutMs?: number }): Promise<Readiness> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Timeout()), options.timeoutMs ?? READY_TIMEOUT_MS);
  });
  // Raced below; a rejection after the race was decided is nobody's error.
  deadline.catch(() => {});
  const inTime = <T>(work: () => Promise<T>) => Promise.race([Promise.resolve().then(work), deadline]);
  try {
    try {
      await inTime(() => db.query("SELECT 1"));
    } catch (error) {
      return { ready: false, checks: { database: error instanceof Timeout ? "timeout" : "unavailable", migrations: "unknown" } };
    }
    let rows: MigrationRow[];
    try {
      rows = (await inTime(() => db.query(`SELECT migration_name, finished_at, rolled_back_at FROM "_prisma_migrations"`))).rows as MigrationRow[];
    } catch (error) {
      // Slow now: the database's answer is what is missing. Otherwise (no such table): never migrated.
      return { ready: false, checks: { database: error instanceof Timeout ? "timeout" : "ok", migrations: "unknown" } };
    }
    if (!options.expected) return { ready: false, checks: { database: "ok", migrations: "unknown" } };
    const pending = pendingMigrations(options.expected, rows);
    return { ready: pending.length === 0, checks: { database: "ok", migrations: pending.length === 0 ? "ok" : "pending" } };
  } finally {
    clearTimeout(timer);
  }
}

/** How long one answer is reused: a load balancer probing every instance often, or anyone probing a lot, costs at most one check a second. */
export const READY_CACHE_MS = 1_000;

/**
 * One check at a time, its answer reused for `READY_CACHE_MS`: concurrent
 * probes share the check in flight, so probes cannot queue work on the
 * database however many arrive.
 */
export function sharedReadiness(check: () => Promise<Readiness>, cacheMs = READY_CACHE_MS, clock: () => number = Date.now): () => Promise<Readiness> {
  let last: { at: number; answer: Readiness } | null = null;
  let inFlight: Promise<Readiness> | null = null;
  return () => {
    if (last && clock() - last.at < cacheMs) return Promise.resolve(last.answer);
    inFlight ??= check()
      .then((answer) => {
        last = { at: clock(), answer };
        return answer;
      })
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  };
}
