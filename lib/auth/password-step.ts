import type { Db } from "@/lib/db";
import { findUserByEmail } from "@/lib/users/store";
import { openChallenge } from "./challenge";
import { verifyPassword } from "./password";

export type PasswordStepResult =
  | { ok: true; token: string; mfaMethod: string; userId: string }
  | { ok: false; error: "INVALID_CREDENTIALS" | "SSO_REQUIRED"; userId?: string };

/**
 * The first sign-in step: one argon2id verification (also for unknown emails),
 * then a challenge in the database. No session is created here.
 */
export async function passwordStep(
  db: Db,
  input: { email: string; password: string; callbackUrl: string; now: Date },
): Promise<PasswordStepResult> {
  const user = await findUserByEmail(db, input.email);
  const valid = await verifyPassword(user?.passwordHash, input.password);
  if (user?.company.signInMethod === "SSO") return { ok: false, error: "SSO_REQUIRED", userId: user.id };
  if (!user || !valid) return { ok: false, error: "INVALID_CREDENTIALS", userId: user?.id };
  const mfaRequired = user.mfaMethod !== "NONE";
  const { token } = await openChallenge(db, { userId: user.id, callbackUrl: input.callbackUrl, mfaRequired, now: input.now });
  return { ok: true, token, mfaMethod: user.mfaMethod, userId: user.id };
}
