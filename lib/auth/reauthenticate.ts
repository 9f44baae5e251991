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
  caller: { userId: string; sessionId: string | undefined; meta?: RequestMeta },
  user: { passwordHash: string | null },
  password: string,
  now: Date,
): Promise<Reauthentication> {
  const key = limitKey(`session:${caller.sessionId ?? caller.userId}`);
  const limit = LIMITS.reauthPerSession;
  const begun = await beginAttempt(db, "REAUTH_SESSION", key, limit, now);
  const valid = begun.ok && (await verifyPassword(user.passwordHash, password));
  if (begun.ok) await finishAttempt(db, "REAUTH_SESSION", key, limit, valid ? "OK" : "FAIL", now);
  if (valid) return { ok: true };
  const counter = await db.limitCounter.findUnique({ where: { scope_key: { scope: "REAUTH_SESSION", key } }, select: { failures: true } });
  if (!begun.ok || (counter?.failures ?? 0) >= limit.max) {
    if (caller.sessionId) await revokeSession(db, caller.sessionId, now);
    await recordEvent(db, { userId: caller.userId, type: "SESSIONS_REVOKED", detail: "reauth", meta: caller.meta, now });
    return { ok: false, error: "SESSION_ENDED" };
  }
  return { ok: false, error: "WRONG_CURRENT_PASSWORD" };
}
