import type { Db } from "@/lib/db";
import type { EmailCodePurpose } from "@/lib/generated/prisma/enums";
import { EMAIL_CODE_MAX_ATTEMPTS, EMAIL_CODE_TTL_MS } from "@/lib/security/limits";
import { emailCodeMatches, generateEmailCode, hashEmailCode } from "./email-code";

export type { EmailCodePurpose };
type Scope = { userId: string; purpose: EmailCodePurpose; challengeId?: string | null };

/**
 * Creates a new code and voids every earlier unused one of the same scope
 * (user, purpose, sign-in challenge). Returns the plaintext code for the email.
 */
export async function issueEmailCode(db: Db, key: Buffer, scope: Scope, now: Date): Promise<{ id: string; code: string }> {
  const code = generateEmailCode();
  const codeHash = hashEmailCode(key, { userId: scope.userId, purpose: scope.purpose, code });
  const created = await db.$transaction(async (tx) => {
    await tx.emailCode.updateMany({
      where: { userId: scope.userId, purpose: scope.purpose, challengeId: scope.challengeId ?? null, consumedAt: null },
      data: { consumedAt: now },
    });
    return tx.emailCode.create({
      data: {
        userId: scope.userId,
        purpose: scope.purpose,
        challengeId: scope.challengeId ?? null,
        codeHash,
        expiresAt: new Date(now.getTime() + EMAIL_CODE_TTL_MS),
        createdAt: now,
      },
    });
  });
  return { id: created.id, code };
}

/** Withdraws a code whose email could not be sent. */
export async function withdrawEmailCode(db: Db, id: string): Promise<void> {
  await db.emailCode.deleteMany({ where: { id } });
}

export type EmailCodeCheck = "ok" | "wrong" | "unavailable";

/**
 * Checks a code against the live code of the scope. Each check first reserves
 * an attempt with a conditional update (at most 5 per code, even under
 * concurrent requests); a match then consumes the code, once.
 */
export async function checkEmailCode(db: Db, key: Buffer, scope: Scope, code: string, now: Date): Promise<EmailCodeCheck> {
  const live = await db.emailCode.findFirst({
    where: {
      userId: scope.userId,
      purpose: scope.purpose,
      challengeId: scope.challengeId ?? null,
      consumedAt: null,
      expiresAt: { gt: now },
    },
    orderBy: { createdAt: "desc" },
  });
  if (!live) return "unavailable";
  const reserved = await db.emailCode.updateMany({
    where: { id: live.id, consumedAt: null, expiresAt: { gt: now }, attempts: { lt: EMAIL_CODE_MAX_ATTEMPTS } },
    data: { attempts: { increment: 1 } },
  });
  if (reserved.count !== 1) return "unavailable";
  if (!emailCodeMatches(key, live.codeHash, { userId: scope.userId, purpose: scope.purpose, code })) return "wrong";
  const consumed = await db.emailCode.updateMany({
    where: { id: live.id, consumedAt: null },
    data: { consumedAt: now },
  });
  return consumed.count === 1 ? "ok" : "unavailable";
}
