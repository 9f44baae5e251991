import { hashToken, isWellFormedToken } from "@/lib/auth/tokens";
import type { Db } from "@/lib/db";
import type { RequestMeta } from "@/lib/security/events";
import { decideCredentialsSignIn, type SignInRefusal } from "./decision";
import { redeemChallenge } from "./statements";

export type Redemption = { ok: true; userId: string; amr: string[]; sessionId: string } | { ok: false; reason: SignInRefusal };

export const parseAmr = (amr: string): string[] => amr.split(" ").filter(Boolean);

/**
 * What NextAuth's `authorize` does with a challenge token: one statement that
 * redeems a completed challenge into a session row (once, whatever the
 * concurrency). When it cannot, the decision table names the reason.
 */
export async function redeemSignIn(db: Db, input: { token: unknown; meta?: RequestMeta; now: Date }): Promise<Redemption> {
  if (!isWellFormedToken(input.token)) return { ok: false, reason: "NO_CHALLENGE" };
  const found = await redeemChallenge(db, { tokenHash: hashToken(input.token), meta: input.meta, now: input.now });
  if (found.sessionId && found.challenge) {
    return { ok: true, userId: found.challenge.userId, amr: parseAmr(found.challenge.amr), sessionId: found.sessionId };
  }
  const decision = decideCredentialsSignIn(
    found.user && { id: found.user.id, mfaMethod: found.user.mfaMethod, companySignInMethod: found.user.signInMethod },
    found.challenge && { ...found.challenge, amr: parseAmr(found.challenge.amr) },
    input.now,
  );
  // Allowed by the table yet not redeemed: another request redeemed it first.
  return { ok: false, reason: decision.allow ? "ALREADY_USED" : decision.reason };
}
