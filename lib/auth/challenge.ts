import type { Db } from "@/lib/db";
import { CHALLENGE_TTL_MS } from "@/lib/security/limits";
import { decideCredentialsSignIn, type SignInDecision } from "./sign-in-decision";
import { hashToken, isWellFormedToken, newToken } from "./tokens";

export const CHALLENGE_COOKIE = "sp_challenge";

export function parseAmr(amr: string): string[] {
  return amr.split(" ").filter(Boolean);
}

/**
 * Opens the challenge that stands between the password step and a session.
 * Without MFA it is complete at once (proof: "pwd"); with MFA it waits for a code.
 */
export async function openChallenge(
  db: Db,
  input: { userId: string; callbackUrl: string; mfaRequired: boolean; now: Date },
): Promise<{ token: string; expiresAt: Date }> {
  const { token, tokenHash } = newToken();
  const expiresAt = new Date(input.now.getTime() + CHALLENGE_TTL_MS);
  await db.loginChallenge.create({
    data: {
      tokenHash,
      userId: input.userId,
      callbackUrl: input.callbackUrl,
      amr: "pwd",
      expiresAt,
      completedAt: input.mfaRequired ? null : input.now,
    },
  });
  return { token, expiresAt };
}

/** The challenge behind a cookie while it still waits for a code, with its user; null otherwise. */
export async function findPendingChallenge(db: Db, token: unknown, now: Date) {
  if (!isWellFormedToken(token)) return null;
  const challenge = await db.loginChallenge.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { user: { include: { company: true } } },
  });
  if (!challenge || challenge.completedAt || challenge.consumedAt || challenge.expiresAt <= now) return null;
  return challenge;
}

export type PendingChallenge = NonNullable<Awaited<ReturnType<typeof findPendingChallenge>>>;

/**
 * Marks a pending challenge as passed with a one-time password. Conditional on
 * it still being pending, so of two concurrent correct codes only one wins.
 */
export async function completeChallenge(db: Db, challengeId: string, now: Date): Promise<boolean> {
  const { count } = await db.loginChallenge.updateMany({
    where: { id: challengeId, completedAt: null, consumedAt: null, expiresAt: { gt: now } },
    data: { completedAt: now, amr: "pwd otp" },
  });
  return count === 1;
}

/** Resolves a challenge cookie token to its user id (no decision is taken here). */
export async function challengeUserId(db: Db, token: unknown): Promise<{ userId: string; amr: string[] } | null> {
  if (!isWellFormedToken(token)) return null;
  const challenge = await db.loginChallenge.findUnique({ where: { tokenHash: hashToken(token) } });
  return challenge ? { userId: challenge.userId, amr: parseAmr(challenge.amr) } : null;
}

/**
 * The signIn callback's check: decides with `decideCredentialsSignIn`, then
 * consumes the challenge with a conditional update so that it creates at most
 * one session, even under concurrent requests.
 */
export async function consumeChallengeForSignIn(
  db: Db,
  input: { token: unknown; userId: string; now: Date },
): Promise<SignInDecision> {
  const user = await db.user.findUnique({ where: { id: input.userId }, include: { company: true } });
  const challenge = isWellFormedToken(input.token)
    ? await db.loginChallenge.findUnique({ where: { tokenHash: hashToken(input.token) } })
    : null;
  const decision = decideCredentialsSignIn(
    user && { id: user.id, mfaMethod: user.mfaMethod, companySignInMethod: user.company.signInMethod },
    challenge && { ...challenge, amr: parseAmr(challenge.amr) },
    input.now,
  );
  if (!decision.allow || !challenge) return decision;
  const { count } = await db.loginChallenge.updateMany({
    where: { id: challenge.id, consumedAt: null, completedAt: { not: null }, expiresAt: { gt: input.now } },
    data: { consumedAt: input.now },
  });
  return count === 1 ? decision : { allow: false, reason: "ALREADY_USED" };
}
