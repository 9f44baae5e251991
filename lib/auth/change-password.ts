import type { Db } from "@/lib/db";
import { recordEvent, type RequestMeta } from "@/lib/security/events";
import { hashPassword } from "./password";
import { reauthenticate } from "./reauthenticate";
import { revokeOtherSessions } from "./sessions";

export type ChangePasswordResult =
  | { ok: true }
  | { ok: false; error: "WRONG_CURRENT_PASSWORD" | "SSO_REQUIRED" }
  | { ok: false; error: "TOO_MANY_ATTEMPTS"; retryAt: Date };

/**
 * Replaces a password after checking the current one, then signs out the
 * user's other sessions (whoever knew the old password loses access).
 */
export async function changePassword(
  db: Db,
  input: { userId: string; sessionId: string | undefined; currentPassword: string; newPassword: string; meta?: RequestMeta; now: Date },
): Promise<ChangePasswordResult> {
  const user = await db.user.findUniqueOrThrow({ where: { id: input.userId }, include: { company: true } });
  if (user.company.signInMethod === "SSO") return { ok: false, error: "SSO_REQUIRED" };
  const reauth = await reauthenticate(db, user, input.currentPassword, input.now);
  if (!reauth.ok) return reauth;
  const passwordHash = await hashPassword(input.newPassword);
  // Conditional on the hash we verified, so two concurrent changes cannot both win.
  const { count } = await db.user.updateMany({
    where: { id: user.id, passwordHash: user.passwordHash },
    data: { passwordHash },
  });
  if (count !== 1) return { ok: false, error: "WRONG_CURRENT_PASSWORD" };
  await revokeOtherSessions(db, user.id, input.sessionId, input.now);
  await recordEvent(db, { userId: user.id, type: "PASSWORD_CHANGED", meta: input.meta, now: input.now });
  return { ok: true };
}
