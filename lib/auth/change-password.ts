import type { Db } from "@/lib/db";
import type { EmailMessage } from "@/lib/email/types";
import { emailContextOf } from "@/lib/email/origin";
import { securityNoticeEmail } from "@/lib/email/templates";
import { recordEvent, type RequestMeta } from "@/lib/security/events";
import { isCommonPassword } from "./common-passwords";
import { hashPassword } from "./password";
import { reauthenticate } from "./reauthenticate";
import { revokeOtherSessions } from "./sessions";

export type ChangePasswordResult =
  | { ok: true }
  | { ok: false; error: "WRONG_CURRENT_PASSWORD" | "SSO_REQUIRED" | "PASSWORD_TOO_COMMON" | "SESSION_ENDED" };

export type ChangePasswordDeps = { db: Db; now: Date; meta?: RequestMeta; appName: string; notify: (message: EmailMessage) => Promise<void> };

/**
 * Replaces a password after checking the current one, then signs out the
 * user's other sessions (whoever knew the old password loses access) and
 * emails the owner a notice. A common password is refused before anything
 * is checked or counted.
 */
export async function changePassword(
  deps: ChangePasswordDeps,
  input: { userId: string; sessionId: string | undefined; currentPassword: string; newPassword: string },
): Promise<ChangePasswordResult> {
  const { db, now } = deps;
  if (isCommonPassword(input.newPassword)) return { ok: false, error: "PASSWORD_TOO_COMMON" };
  const user = await db.user.findUniqueOrThrow({ where: { id: input.userId }, include: { company: true } });
  if (user.company.signInMethod === "SSO") return { ok: false, error: "SSO_REQUIRED" };
  const reauth = await reauthenticate(db, { userId: user.id, sessionId: input.sessionId, meta: deps.meta }, user, input.currentPassword, now);
  if (!reauth.ok) return reauth;
  const passwordHash = await hashPassword(input.newPassword);
  // Conditional on the hash we verified, so two concurrent changes cannot both win.
  const { count } = await db.user.updateMany({
    where: { id: user.id, passwordHash: user.passwordHash },
    data: { passwordHash },
  });
  if (count !== 1) return { ok: false, error: "WRONG_CURRENT_PASSWORD" };
  await revokeOtherSessions(db, user.id, input.sessionId, now);
  // Sign-ins that passed the old password and still wait for a code (in a browser or an app) end too.
  await db.loginChallenge.updateMany({ where: { userId: user.id, completedAt: null, consumedAt: null, expiresAt: { gt: now } }, data: { consumedAt: now } });
  await recordEvent(db, { userId: user.id, type: "PASSWORD_CHANGED", meta: deps.meta, now });
  await deps.notify(await securityNoticeEmail(deps.appName, user.email, "PASSWORD_CHANGED", await emailContextOf(deps.meta, user.timeZone, now)));
  return { ok: true };
}
