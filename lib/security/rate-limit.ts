import { createHash } from "node:crypto";
import type { Db } from "@/lib/db";
import type { AttemptOutcome, AttemptScope } from "@/lib/generated/prisma/enums";
import { pruneExpired } from "./housekeeping";
import { SESSION_MAX_AGE_MS, type Limit } from "./limits";

export type LimitScope = AttemptScope;

/** Keys are hashes: the attempt table never holds an email or an IP in clear. */
export function limitKey(identifier: string): string {
  return createHash("sha256").update(identifier.trim().toLowerCase()).digest("hex");
}

export type Begun = { ok: true; attemptId: bigint } | { ok: false; retryAt: Date };

/**
 * Attempts count from the start of the window, or from the last lock if that
 * is later: once a lock has run its course, the failures behind it are spent.
 */
function windowStart(limit: Limit, now: Date, lock: { createdAt: Date } | null): Date {
  const start = now.getTime() - limit.windowMs;
  return new Date(lock ? Math.max(start, lock.createdAt.getTime()) : start);
}

const counted = (limit: Limit): { in: AttemptOutcome[] } | { not: AttemptOutcome } =>
  limit.counts === "failures" ? { in: ["PENDING", "FAIL"] } : { not: "REFUSED" };

/**
 * Starts an attempt against a limit. The attempt is recorded first and then
 * ranked by its insertion sequence among the window's counted attempts: only
 * the first `max` get through, so a burst of concurrent requests (on any
 * server instance) cannot slip past the limit, and the rest are refused until
 * `retryAt`.
 *
 * On PostgreSQL a sequence number is handed out before its row commits, so a
 * lower number can become visible after a higher one has counted: the insert
 * and the count therefore run in one transaction holding a transaction-scoped
 * advisory lock on (scope, key), which serialises attempts on one key across
 * every process and leaves other keys alone.
 */
export async function beginAttempt(db: Db, scope: LimitScope, key: string, limit: Limit, now: Date): Promise<Begun> {
  const lock = await db.lockout.findUnique({ where: { scope_key: { scope, key } } });
  if (lock && lock.until > now) return { ok: false, retryAt: lock.until };
  const window = { scope, key, createdAt: { gt: windowStart(limit, now, lock) }, outcome: counted(limit) };
  const { attempt, ahead } = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`${scope}:${key}`}, 0))`;
    const attempt = await tx.authAttempt.create({ data: { scope, key, createdAt: now } });
    const ahead = await tx.authAttempt.count({ where: { ...window, seq: { lt: attempt.seq } } });
    return { attempt, ahead };
  });
  if (attempt.seq % PRUNE_EVERY === 0n) await pruneExpired(db, now, SESSION_MAX_AGE_MS);
  if (ahead < limit.max) return { ok: true, attemptId: attempt.seq };
  await cancelAttempt(db, attempt.seq);
  const oldest = await db.authAttempt.findFirst({ where: window, orderBy: { seq: "asc" }, select: { createdAt: true } });
  const retryAt = (oldest?.createdAt.getTime() ?? now.getTime()) + limit.windowMs;
  return { ok: false, retryAt: new Date(Math.max(retryAt, now.getTime() + 1000)) };
}

/**
 * Records how an attempt ended. A failure that brings the count to `max`
 * locks the key when the limit has a lock; the result says whether this call
 * created the lock (so that a notice is sent once). A success clears the
 * key's earlier failures.
 */
export async function finishAttempt(
  db: Db,
  scope: LimitScope,
  key: string,
  limit: Limit,
  attemptId: bigint,
  outcome: "OK" | "FAIL",
  now: Date,
): Promise<{ lockedUntil: Date | null }> {
  if (outcome === "OK" && limit.counts === "failures") {
    // A success counts for nothing here: drop its row rather than keep it.
    await db.authAttempt.delete({ where: { seq: attemptId } });
  } else {
    await db.authAttempt.update({ where: { seq: attemptId }, data: { outcome } });
  }
  if (outcome === "OK") {
    if (limit.resetOnSuccess) {
      await db.authAttempt.updateMany({ where: { scope, key, outcome: "FAIL" }, data: { outcome: "CLEARED" } });
    }
    return { lockedUntil: null };
  }
  if (!limit.lockMs) return { lockedUntil: null };
  const existing = await db.lockout.findUnique({ where: { scope_key: { scope, key } } });
  if (existing && existing.until > now) return { lockedUntil: null };
  const since = windowStart(limit, now, existing);
  const failures = await db.authAttempt.count({ where: { scope, key, outcome: "FAIL", createdAt: { gt: since } } });
  if (failures < limit.max) return { lockedUntil: null };
  const until = new Date(now.getTime() + limit.lockMs);
  if (existing) {
    // Conditional on the old value, so that one of several concurrent failures takes the lock.
    const { count } = await db.lockout.updateMany({ where: { id: existing.id, until: existing.until }, data: { until, createdAt: now } });
    return { lockedUntil: count === 1 ? until : null };
  }
  try {
    await db.lockout.create({ data: { scope, key, until, createdAt: now } });
    return { lockedUntil: until };
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") return { lockedUntil: null };
    throw error;
  }
}

/** Every this many attempts, rows that no check can use any more are deleted. */
const PRUNE_EVERY = 500n;

/** Withdraws an attempt that was refused for another reason: it counts for nothing. */
export async function cancelAttempt(db: Db, attemptId: bigint): Promise<void> {
  await db.authAttempt.update({ where: { seq: attemptId }, data: { outcome: "REFUSED" } });
}
