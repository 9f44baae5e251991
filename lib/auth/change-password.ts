import type { Db } from "@/lib/db";
import { hashPassword, verifyPassword } from "./password";
import { revokeOtherSessions } from "./sessions";

export type ChangePasswordResult = { ok: true } | { ok: false; error: "WRONG_CURRENT_PASSWORD" | "SSO_REQUIRED" };

/**
 * Replaces a password after checking the current one, then signs out the
 * user's other sessions (whoever knew the old password loses access).
 */
export async function changePassword(
  db: Db,
  input: { userId: string; sessionId: string | undefined; currentPassword: string; newPassword: string; now: Date },
): Promise<ChangePasswordResult> {
  const user = await db.user.findUniqueOrThrow({ where: { id: input.userId }, include: { company: true } });
  if (user.company.signInMethod === "SSO") return { ok: false, error: "SSO_REQUIRED" };
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    return { ok: false, error: "WRONG_CURRENT_PASSWORD" };
  }
  const passwordHash = await hashPassword(input.newPassword);
  // Conditional on the hash we verified, so two concurrent changes cannot both win.
  const { count } = await db.user.updateMany({
    where: { id: user.id, passwordHash: user.passwordHash },
    data: { passwordHash },
  });
  if (count !== 1) return { ok: false, error: "WRONG_CURRENT_PASSWORD" };
  await revokeOtherSessions(db, user.id, input.sessionId, input.now);
  return { ok: true };
}
