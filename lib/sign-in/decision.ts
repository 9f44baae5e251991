import type { MfaMethod, SignInMethod } from "@/lib/generated/prisma/enums";

/** What the NextAuth signIn callback knows about a credentials sign-in attempt. */
export type SignInUser = { id: string; mfaMethod: MfaMethod; companySignInMethod: SignInMethod };
export type SignInChallenge = {
  userId: string;
  amr: string[];
  completedAt: Date | null;
  consumedAt: Date | null;
  expiresAt: Date;
};

export type SignInRefusal =
  | "NO_USER"
  | "SSO_USER"
  | "NO_CHALLENGE"
  | "OTHER_USER"
  | "ALREADY_USED"
  | "EXPIRED"
  | "NOT_COMPLETED"
  | "OTP_REQUIRED";

export type SignInDecision = { allow: true } | { allow: false; reason: SignInRefusal };

/** The amr values that prove a second factor: a one-time password, a recovery code, an administrator's access code. */
export const SECOND_FACTORS: readonly string[] = ["otp", "recovery", "admin-code"];

/**
 * Decides whether a credentials sign-in may create a session. A session needs
 * a completed, unexpired, unused challenge of the same user; a user with MFA on
 * also needs a second factor among the challenge's proofs ("otp", "recovery"
 * or "admin-code"); a password, even a newly reset one, never is one. Pure: the caller consumes the
 * challenge atomically afterwards.
 */
export function decideCredentialsSignIn(
  user: SignInUser | null,
  challenge: SignInChallenge | null,
  now: Date,
): SignInDecision {
  if (!user) return { allow: false, reason: "NO_USER" };
  if (user.companySignInMethod === "SSO") return { allow: false, reason: "SSO_USER" };
  if (!challenge) return { allow: false, reason: "NO_CHALLENGE" };
  if (challenge.userId !== user.id) return { allow: false, reason: "OTHER_USER" };
  if (challenge.consumedAt) return { allow: false, reason: "ALREADY_USED" };
  if (challenge.expiresAt.getTime() <= now.getTime()) return { allow: false, reason: "EXPIRED" };
  if (!challenge.completedAt) return { allow: false, reason: "NOT_COMPLETED" };
  if (user.mfaMethod !== "NONE" && !challenge.amr.some((proof) => SECOND_FACTORS.includes(proof))) return { allow: false, reason: "OTP_REQUIRED" };
  return { allow: true };
}
