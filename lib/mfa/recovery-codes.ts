import { reauthenticate } from "@/lib/auth/reauthenticate";
import type { Db } from "@/lib/db";
import { emailContextOf } from "@/lib/email/origin";
import { recoveryCodesGeneratedEmail } from "@/lib/email/templates";
import type { Prisma } from "@/lib/generated/prisma/client";
import { recordEvent } from "@/lib/security/events";
import { RECOVERY_CODE_COUNT, RECOVERY_CODE_LENGTH } from "@/lib/security/limits";
import type { MfaDeps } from "./deps";
import { formatCode, hashCode, randomCode } from "./one-time-codes";
import type { KeyRing } from "./secret-box";
import { checkStepUpCode, provenWithRecoveryCode } from "./settings";

/** The database client, or the transaction a caller already holds. */
export type DbOrTransaction = Db | Prisma.TransactionClient;

// A client (lib/db.ts's proxy included) has $transaction; Prisma leaves it off a transaction's client.
const isClient = (db: DbOrTransaction): db is Db => typeof (db as Partial<Db>).$transaction === "function";

/** Runs `work` in the caller's transaction, or in a new one. */
function inTransaction<T>(db: DbOrTransaction, work: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  return isClient(db) ? db.$transaction(work) : work(db);
}

/**
 * A new set of recovery codes: RECOVERY_CODE_COUNT distinct codes of
 * RECOVERY_CODE_LENGTH characters of the look-alike-free alphabet (49 bits
 * each), unformatted, as they are hashed.
 */
export function generateRecoveryCodes(): string[] {
  const codes = new Set<string>();
  while (codes.size < RECOVERY_CODE_COUNT) codes.add(randomCode(RECOVERY_CODE_LENGTH));
  return [...codes];
}

/**
 * Replaces the user's recovery codes with a new set and returns it formatted
 * ("ABCDE-FGHJK") to be shown once. Only HMAC-SHA-256 hashes of the
 * normalised codes (no hyphen) are stored, bound to the user. The user row is
 * written first, so that concurrent issues for one user queue behind its
 * lock and the last one's set is the only one left; the previous set stops
 * working when this transaction commits.
 */
export async function issueRecoveryCodes(db: DbOrTransaction, ring: KeyRing, userId: string, now: Date): Promise<string[]> {
  const codes = generateRecoveryCodes();
  await inTransaction(db, async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { recoveryCodesIssuedAt: now } });
    await tx.recoveryCode.deleteMany({ where: { userId } });
    await tx.recoveryCode.createMany({
      data: codes.map((code) => ({ userId, codeHash: hashCode(ring, "recovery", userId, code), createdAt: now })),
    });
  });
  return codes.map(formatCode);
}

/** How many of the user's recovery codes are still unused. */
export async function recoveryCodesLeft(db: DbOrTransaction, userId: string): Promise<number> {
  return db.recoveryCode.count({ where: { userId, usedAt: null } });
}

/** What Account settings shows: the unused codes, or null when the user never had a set. */
export async function recoveryCodeCount(db: DbOrTransaction, userId: string): Promise<number | null> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { recoveryCodesIssuedAt: true } });
  return user.recoveryCodesIssuedAt ? recoveryCodesLeft(db, userId) : null;
}

/** Deletes every recovery code of the user (MFA turned off): back to "never had any". */
export async function deleteRecoveryCodes(db: DbOrTransaction, userId: string): Promise<void> {
  await inTransaction(db, async (tx) => {
    await tx.recoveryCode.deleteMany({ where: { userId } });
    await tx.user.update({ where: { id: userId }, data: { recoveryCodesIssuedAt: null } });
  });
}

export type RegenerateResult =
  | { ok: true; codes: string[] }
  | { ok: false; error: "MFA_MANAGED_BY_SSO" | "NO_RECOVERY_CODES" | "WRONG_CURRENT_PASSWORD" | "SESSION_ENDED" | "STEP_UP_REQUIRED" | "INVALID_CODE" };

/**
 * "Generate new codes" in Account settings: after the current password and a
 * current code of the present method, a new set replaces the old one at once.
 * Logged in the activity list and announced to the owner by email.
 */
export async function regenerateRecoveryCodes(
  deps: MfaDeps,
  caller: { userId: string; sessionId: string | undefined; amr?: readonly string[] },
  input: { currentPassword: string; currentCode?: string },
): Promise<RegenerateResult> {
  const user = await deps.db.user.findUniqueOrThrow({ where: { id: caller.userId }, include: { company: true } });
  if (user.company.signInMethod === "SSO") return { ok: false, error: "MFA_MANAGED_BY_SSO" };
  if (user.mfaMethod === "NONE") return { ok: false, error: "NO_RECOVERY_CODES" };
  const reauth = await reauthenticate(deps.db, { ...caller, meta: deps.meta }, user, input.currentPassword, deps.now);
  if (!reauth.ok) return reauth;
  if (!provenWithRecoveryCode(caller)) {
    if (!input.currentCode) return { ok: false, error: "STEP_UP_REQUIRED" };
    const stepUp = await checkStepUpCode(deps, caller, user, input.currentCode);
    if (!stepUp.ok) return stepUp;
  }

  // Only while MFA is still on: a change in another tab since the checks above wins.
  const codes = await deps.db.$transaction(async (tx) => {
    const on = await tx.user.updateMany({ where: { id: user.id, mfaMethod: { not: "NONE" } }, data: { recoveryCodesIssuedAt: deps.now } });
    return on.count === 1 ? issueRecoveryCodes(tx, deps.ring, user.id, deps.now) : null;
  });
  if (!codes) return { ok: false, error: "NO_RECOVERY_CODES" };
  await recordEvent(deps.db, { userId: user.id, type: "RECOVERY_CODES_GENERATED", meta: deps.meta, now: deps.now });
  await deps.notify(await recoveryCodesGeneratedEmail(deps.appName, user.email, await emailContextOf(deps.meta, user.timeZone, deps.now)));
  return { ok: true, codes };
}
