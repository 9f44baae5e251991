import { newToken } from "@/lib/auth/tokens";
import type { Db } from "@/lib/db";
import { CHALLENGE_TTL_MS } from "@/lib/security/limits";
import { limitKey } from "@/lib/security/rate-limit";

/**
 * Opens the challenge that stands between the password step and a session
 * (for fixtures and tests; the password step opens its own inside its
 * closing statement). Without MFA it is complete at once; with MFA it waits
 * for a code. Only the token's SHA-256 is stored.
 */
export async function openChallenge(
  db: Db,
  input: { userId: string; callbackUrl: string; mfaRequired: boolean; now: Date },
): Promise<{ token: string; expiresAt: Date }> {
  const { token, tokenHash } = newToken();
  const expiresAt = new Date(input.now.getTime() + CHALLENGE_TTL_MS);
  await db.loginChallenge.create({
    data: { tokenHash, userId: input.userId, callbackUrl: input.callbackUrl, amr: "pwd", expiresAt, completedAt: input.mfaRequired ? null : input.now, createdAt: input.now },
  });
  // As the password step does: the account's OTP counter row exists before any code is checked.
  if (input.mfaRequired) {
    await db.limitCounter.createMany({
      data: [{ scope: "OTP_ACCOUNT", key: limitKey(`user:${input.userId}`), failures: 0, windowStart: input.now, updatedAt: input.now }],
      skipDuplicates: true,
    });
  }
  return { token, expiresAt };
}
