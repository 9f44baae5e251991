import type { Db } from "@/lib/db";
import { LIMITS } from "@/lib/security/limits";
import { beginAttempt, finishAttempt, limitKey } from "@/lib/security/rate-limit";
import { verifyPassword } from "./password";

export type Reauthentication = { ok: true } | { ok: false; error: "WRONG_CURRENT_PASSWORD" } | { ok: false; error: "TOO_MANY_ATTEMPTS"; retryAt: Date };

/**
 * Checks the current password of a signed-in user before a sensitive change,
 * under the same per-account limit as the sign-in form, so that a stolen
 * session cannot be used to guess the password.
 */
export async function reauthenticate(
  db: Db,
  user: { email: string; passwordHash: string | null },
  password: string,
  now: Date,
): Promise<Reauthentication> {
  const key = limitKey(user.email);
  const begun = await beginAttempt(db, "PASSWORD_ACCOUNT", key, LIMITS.passwordPerAccount, now);
  if (!begun.ok) return { ok: false, error: "TOO_MANY_ATTEMPTS", retryAt: begun.retryAt };
  const valid = await verifyPassword(user.passwordHash, password);
  await finishAttempt(db, "PASSWORD_ACCOUNT", key, LIMITS.passwordPerAccount, valid ? "OK" : "FAIL", now);
  return valid ? { ok: true } : { ok: false, error: "WRONG_CURRENT_PASSWORD" };
}
