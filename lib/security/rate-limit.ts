import { createHash, randomInt } from "node:crypto";
import type { Db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { AttemptScope } from "@/lib/generated/prisma/enums";
import { pruneExpired } from "./housekeeping";
import { SESSION_MAX_AGE_MS, type Limit } from "./limits";

// Attempt limits as one counter row per (scope, key), changed only by
// single-statement conditional upserts and updates: PostgreSQL locks the row
// for the statement and re-checks the condition against its latest version,
// so a limit holds across every process without a lock or a transaction of
// ours. An attempt is *reserved* before the work it guards (counted as a
// failure up front, so that a burst of concurrent requests cannot all pass),
// then *settled*: a success gives the reservation back (or clears the key,
// for per-account limits), a failure keeps it and may start the lock.
// The statements are also exported as SQL fragments, for the sign-in flow to
// fold into its own statements.

export type LimitScope = AttemptScope;

/** Keys are hashes: the counter table never holds an email or an IP in clear. */
export function limitKey(identifier: string): string {
  return createHash("sha256").update(identifier.trim().toLowerCase()).digest("hex");
}

export type Begun = { ok: true } | { ok: false; retryAt: Date };

/** A new window starts when an unlocked key's window has run out, or when its lock has run its course. */
function freshWindow(limit: Limit, now: Date): Prisma.Sql {
  const windowStart = new Date(now.getTime() - limit.windowMs);
  return Prisma.sql`(CASE WHEN "LimitCounter"."lockedUntil" IS NULL THEN "LimitCounter"."windowStart" <= ${windowStart}::timestamptz ELSE "LimitCounter"."lockedUntil" <= ${now}::timestamptz END)`;
}

/**
 * Reserves an attempt: one row (`failures`) when it may go ahead, none when
 * the key is locked or at its limit (or when `onlyIf`, a condition of the
 * enclosing statement, is false).
 */
export function reserveSql(
  scope: LimitScope,
  key: string,
  limit: Limit,
  now: Date,
  onlyIf: Prisma.Sql = Prisma.sql`true`,
  options: { exemptFromDelay?: boolean } = {},
): Prisma.Sql {
  const fresh = freshWindow(limit, now);
  // Under `max` failures in the window, or (a delay limit) far enough after the latest attempt.
  const mayTry = limit.delay
    ? Prisma.sql`(${options.exemptFromDelay === true}::boolean OR "LimitCounter".failures < ${limit.delay.free}::int
        OR "LimitCounter"."updatedAt" <= ${now}::timestamptz - ${delaySql(limit.delay, Prisma.sql`"LimitCounter".failures`)})`
    : Prisma.sql`("LimitCounter"."lockedUntil" IS NULL AND "LimitCounter".failures < ${limit.max}::int)`;
  // With a ceiling, the attempt also counts (in flight) towards the failures in a row; a success gives them back.
  const streak = limit.ceiling ? 1 : 0;
  const underCeiling = limit.ceiling ? Prisma.sql`"LimitCounter".streak < ${limit.ceiling}::int` : Prisma.sql`true`;
  return Prisma.sql`
    INSERT INTO "LimitCounter" (scope, key, failures, streak, "windowStart", "updatedAt")
    SELECT ${scope}::"AttemptScope", ${key}, 1, ${streak}::int, ${now}::timestamptz, ${now}::timestamptz WHERE ${onlyIf}
    ON CONFLICT (scope, key) DO UPDATE SET
      failures = CASE WHEN ${fresh} THEN 1 ELSE "LimitCounter".failures + 1 END,
      streak = "LimitCounter".streak + ${streak}::int,
      "windowStart" = CASE WHEN ${fresh} THEN ${now}::timestamptz ELSE "LimitCounter"."windowStart" END,
      "lockedUntil" = CASE WHEN ${fresh} THEN NULL ELSE "LimitCounter"."lockedUntil" END,
      "lockedBy" = CASE WHEN ${fresh} THEN NULL ELSE "LimitCounter"."lockedBy" END,
      "updatedAt" = ${now}::timestamptz
    WHERE ${onlyIf} AND ${underCeiling} AND (${fresh} OR ${mayTry})
    RETURNING failures, streak`;
}

/** The wait after `failures` failures of a delay limit, as an SQL interval: 1 s doubling, at most `maxMs`. */
function delaySql(delay: NonNullable<Limit["delay"]>, failures: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`make_interval(secs => least(${delay.maxMs / 1000}::float8, power(2, greatest(${failures} - ${delay.free}::int, 0))::float8))`;
}

/** The same wait in milliseconds. */
export function delayMs(delay: NonNullable<Limit["delay"]>, failures: number): number {
  return Math.min(delay.maxMs, 1000 * 2 ** Math.max(failures - delay.free, 0));
}

/** The key's state before a reservation, to say until when a refused one must wait. */
export function counterSql(scope: LimitScope, key: string): Prisma.Sql {
  return Prisma.sql`SELECT "windowStart", "lockedUntil", streak, failures, "updatedAt" FROM "LimitCounter" WHERE scope = ${scope}::"AttemptScope" AND key = ${key}`;
}

/** Settles a success: per-account limits forget the key's failures; others give this attempt back. */
export function settleSuccessSql(scope: LimitScope, key: string, limit: Limit, onlyIf: Prisma.Sql = Prisma.sql`true`): Prisma.Sql | null {
  if (limit.counts === "all") return null;
  const failures = limit.resetOnSuccess ? Prisma.sql`0` : Prisma.sql`greatest(failures - 1, 0)`;
  return Prisma.sql`UPDATE "LimitCounter" SET failures = ${failures}, streak = 0 WHERE scope = ${scope}::"AttemptScope" AND key = ${key} AND ${onlyIf} RETURNING failures`;
}

/** Settles a failure: at `max`, a limit with a lock locks the key; one row (`lockedUntil`) only for the call that locked it. */
export function settleFailureSql(scope: LimitScope, key: string, limit: Limit, now: Date): Prisma.Sql | null {
  if (!limit.lockMs) return null;
  const until = new Date(now.getTime() + limit.lockMs);
  return Prisma.sql`
    UPDATE "LimitCounter" SET "lockedUntil" = ${until}::timestamptz, "updatedAt" = ${now}::timestamptz
    WHERE scope = ${scope}::"AttemptScope" AND key = ${key} AND failures >= ${limit.max}::int
      AND ("lockedUntil" IS NULL OR "lockedUntil" <= ${now}::timestamptz)
    RETURNING "lockedUntil"`;
}

/** When a refused attempt may try again, from the key's state before it. */
export function retryAtFrom(
  limit: Limit,
  state: { windowStart: Date; lockedUntil: Date | null; failures?: number; updatedAt?: Date } | undefined,
  now: Date,
): Date {
  if (limit.delay && state?.updatedAt && state.failures !== undefined) {
    return new Date(Math.max(state.updatedAt.getTime() + delayMs(limit.delay, state.failures), now.getTime() + 1000));
  }
  const retryAt = state?.lockedUntil && state.lockedUntil > now ? state.lockedUntil : new Date((state?.windowStart ?? now).getTime() + limit.windowMs);
  return new Date(Math.max(retryAt.getTime(), now.getTime() + 1000));
}

/** About one attempt in this many also prunes rows that no check can use any more. */
const PRUNE_ONE_IN = 500;

/** Starts an attempt against a limit (one statement). */
export async function beginAttempt(db: Db, scope: LimitScope, key: string, limit: Limit, now: Date): Promise<Begun> {
  const [row] = await db.$queryRaw<{ reserved: number | null; windowStart: Date | null; lockedUntil: Date | null }[]>`
    WITH reserved AS (${reserveSql(scope, key, limit, now)}), before AS (${counterSql(scope, key)})
    SELECT (SELECT failures FROM reserved) AS reserved, before."windowStart", before."lockedUntil"
    FROM (SELECT 1) one LEFT JOIN before ON true`;
  if (randomInt(PRUNE_ONE_IN) === 0) await pruneExpired(db, now, SESSION_MAX_AGE_MS);
  if (row?.reserved != null) return { ok: true };
  const state = row?.windowStart ? { windowStart: row.windowStart, lockedUntil: row.lockedUntil } : undefined;
  return { ok: false, retryAt: retryAtFrom(limit, state, now) };
}

/**
 * Records how an attempt ended (one statement at most). A failure that
 * brings the count to `max` locks the key when the limit has a lock; the
 * result says whether this call locked it (so that a notice is sent once).
 */
export async function finishAttempt(
  db: Db,
  scope: LimitScope,
  key: string,
  limit: Limit,
  outcome: "OK" | "FAIL",
  now: Date,
): Promise<{ lockedUntil: Date | null }> {
  const statement = outcome === "OK" ? settleSuccessSql(scope, key, limit) : settleFailureSql(scope, key, limit, now);
  if (!statement) return { lockedUntil: null };
  const rows = await db.$queryRaw<{ lockedUntil?: Date }[]>(statement);
  return { lockedUntil: outcome === "FAIL" ? (rows[0]?.lockedUntil ?? null) : null };
}

/** Gives back an attempt that was refused for another reason: it counts for nothing. */
export async function cancelAttempt(db: Db, scope: LimitScope, key: string): Promise<void> {
  await db.$executeRaw`UPDATE "LimitCounter" SET failures = greatest(failures - 1, 0) WHERE scope = ${scope}::"AttemptScope" AND key = ${key}`;
}
