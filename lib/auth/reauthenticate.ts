import type { Db } from "@/lib/db";
import { recordEvent, type RequestMeta } from "@/lib/security/events";
import { LIMITS } from "@/lib/security/limits";
import { beginAttempt, finishAttempt, limitKey } from "@/lib/security/rate-limit";
import { verifyPassword } from "./password";
import { revokeSession } from "./sessions";

export type Reauthentication = { ok: true } | { ok: false; error: "WRONG_CURRENT_PASSWORD" | "SESSION_ENDED" };

/**
 * Checks the current password of a signed-in user before a sensitive change.
 * It has its own counter per session, apart from the sign-in limits: someone
 * hammering the sign-in form cannot stop the owner from changing their
 * password, and a stolen session gets 5 guesses in 15 minutes, after which
 * that session is ended (and the event recorded).
 */
export async function reauthenticate(
  db: Db,
  caller: ReauthCaller,
  user: { passwordHash: string | null },
  password: string,
  now: Date,
): Promise<Reauthentication> {
  const key = reauthKey(caller);
  const limit = LIMITS.reauthPerSession;
  const begun = await beginAttempt(db, "REAUTH_SESSION", key, limit, now);
  const valid = begun.ok && (await verifyPassword(user.passwordHash, password));
  if (begun.ok) await finishAttempt(db, "REAUTH_SESSION", key, limit, valid ? "OK" : "FAIL", now);
  if (valid) return { ok: true };
  return (await endSessionIfSpent(db, caller, !begun.ok, now)) ? { ok: false, error: "SESSION_ENDED" } : { ok: false, error: "WRONG_CURRENT_PASSWORD" };
}

/** A wrong step-up code: one more failure against the same per-session limit. */
export async function countReauthFailure(db: Db, caller: ReauthCaller, now: Date): Promise<{ sessionEnded: boolean }> {
  const begun = await beginAttempt(db, "REAUTH_SESSION", reauthKey(caller), LIMITS.reauthPerSession, now);
  return { sessionEnded: await endSessionIfSpent(db, caller, !begun.ok, now) };
}

type ReauthCaller = { userId: string; sessionId: string | undefined; meta?: RequestMeta };

const reauthKey = (caller: ReauthCaller) => limitKey(`session:${caller.sessionId ?? caller.userId}`);

/** At the limit (or already past it), the session ends, on the record. */
async function endSessionIfSpent(db: Db, caller: ReauthCaller, refused: boolean, now: Date): Promise<boolean> {
  const counter = await db.limitCounter.findUnique({ where: { scope_key: { scope: "REAUTH_SESSION", key: reauthKey(caller) } }, select: { failures: true } });
  if (!refused && (counter?.failures ?? 0) < LIMITS.reauthPerSession.max) return false;
  if (caller.sessionId) await revokeSession(db, caller.sessionId, now);
  await recordEvent(db, { userId: caller.userId, type: "SESSIONS_REVOKED", detail: "reauth", meta: caller.meta, now });
  return true;
}
