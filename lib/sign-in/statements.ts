// The sign-in flow's hot statements, each named, each one round trip, each
// unit-tested against PostgreSQL with its race (statements.test.ts).
// Everything else stays on the Prisma API. Conditions on the row being
// changed are re-checked by PostgreSQL after it locks the row, so these
// guards hold across processes without a transaction of our own.
import { MOBILE_CHALLENGE } from "@/lib/mobile/challenge";
import { randomBytes, randomUUID } from "node:crypto";
import type { Db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { MfaPolicy, StaffMfa } from "@/lib/company/mfa-status";
import type { AllowedMfaMethods, MfaMethod, Role, SignInMethod } from "@/lib/generated/prisma/enums";
import type { RequestMeta } from "@/lib/security/events";
import type { Limit } from "@/lib/security/limits";
import { CHALLENGE_MAX_ATTEMPTS, EMAIL_CODE_MAX_ATTEMPTS, MAX_PENDING_CHALLENGES, SESSION_IDLE_MS, SESSION_MAX_AGE_MS, SESSION_TOUCH_INTERVAL_MS } from "@/lib/security/limits";
import { SECOND_FACTORS } from "./decision";
import { counterSql, reserveSql, settleFailureSql, settleSuccessSql } from "@/lib/security/rate-limit";

/** SQL for the OTP limit's key of a user: limitKey(`user:${id}`), computed in the database. */
const otpKeyOf = (userIdColumn: Prisma.Sql) => Prisma.sql`encode(sha256(convert_to(lower('user:' || ${userIdColumn}), 'UTF8')), 'hex')`;

/** A challenge that finishes a password reset is pending only while its link still works (unused, not voided, unexpired). */
const resetLinkLive = (challenge: Prisma.Sql, now: Date) =>
  Prisma.sql`(${challenge}."resetTokenId" IS NULL OR EXISTS (SELECT 1 FROM "PasswordResetToken" r WHERE r.id = ${challenge}."resetTokenId"
    AND r."usedAt" IS NULL AND r."voidedAt" IS NULL AND r."expiresAt" > ${now}::timestamptz))`;

export type PendingChallenge = {
  id: string;
  userId: string;
  callbackUrl: string;
  switchToEmail: boolean;
  /** Set when this challenge finishes a password reset (lib/auth/password-reset.ts). */
  resetTokenId: string | null;
  /** Whether the user's company accepts emailed codes (not under "Authenticator app only"). */
  emailAllowed: boolean;
  failedAttempts: number;
  expiresAt: Date;
  user: { id: string; email: string; name: string; timeZone: string; mfaMethod: MfaMethod; totpSecret: string | null; totpLastStep: number | null };
  /** The account's OTP lock, if one is running. */
  otpLockedUntil: Date | null;
  /** The newest live emailed sign-in code of this challenge. */
  emailCode: { id: string; codeHash: string; createdAt: Date } | null;
  /** When the newest emailed code (live or not) of this challenge was sent, for the resend cooldown. */
  lastCodeSentAt: Date | null;
};

type PendingRow = Omit<PendingChallenge, "user" | "emailCode"> & {
  email: string;
  name: string;
  timeZone: string;
  mfaMethod: MfaMethod;
  totpSecret: string | null;
  totpLastStep: number | null;
  emailCodeId: string | null;
  emailCodeHash: string | null;
  emailCodeCreatedAt: Date | null;
};

/**
 * `read-pending-challenge`: the challenge behind a cookie's token hash while
 * it still waits for a code, with its user, the account's OTP lock and the
 * challenge's emailed code; null otherwise.
 */
export async function readPendingChallenge(db: Db, tokenHash: string, now: Date): Promise<PendingChallenge | null> {
  const rows = await db.$queryRaw<PendingRow[]>`
    SELECT c.id, c."userId", c."callbackUrl", c."switchToEmail", c."resetTokenId", c."failedAttempts", c."expiresAt",
           (co."mfaAllowedMethods" = 'ANY') AS "emailAllowed",
           u.email, u.name, u."timeZone", u."mfaMethod", u."totpSecret", u."totpLastStep",
           CASE WHEN lc."lockedUntil" > ${now}::timestamptz THEN lc."lockedUntil" END AS "otpLockedUntil",
           live.id AS "emailCodeId", live."codeHash" AS "emailCodeHash", live."createdAt" AS "emailCodeCreatedAt",
           (SELECT max(e."createdAt") FROM "EmailCode" e WHERE e."challengeId" = c.id) AS "lastCodeSentAt"
    FROM "LoginChallenge" c
    JOIN "User" u ON u.id = c."userId"
    JOIN "Company" co ON co.id = u."companyId"
    LEFT JOIN "LimitCounter" lc ON lc.scope = 'OTP_ACCOUNT' AND lc.key = ${otpKeyOf(Prisma.sql`u.id`)}
    LEFT JOIN LATERAL (
      SELECT e.id, e."codeHash", e."createdAt" FROM "EmailCode" e
      WHERE e."challengeId" = c.id AND e.purpose = 'SIGN_IN' AND e."consumedAt" IS NULL
        AND e."expiresAt" > ${now}::timestamptz AND e.attempts < ${EMAIL_CODE_MAX_ATTEMPTS}::int
      ORDER BY e."createdAt" DESC LIMIT 1
    ) live ON true
    WHERE c."tokenHash" = ${tokenHash} AND c."completedAt" IS NULL AND c."consumedAt" IS NULL
      AND c."expiresAt" > ${now}::timestamptz AND c."failedAttempts" < ${CHALLENGE_MAX_ATTEMPTS}::int
      AND ${resetLinkLive(Prisma.sql`c`, now)}`;
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id,
    userId: row.userId,
    callbackUrl: row.callbackUrl,
    switchToEmail: row.switchToEmail,
    resetTokenId: row.resetTokenId,
    emailAllowed: row.emailAllowed,
    failedAttempts: row.failedAttempts,
    expiresAt: row.expiresAt,
    user: { id: row.userId, email: row.email, name: row.name, timeZone: row.timeZone, mfaMethod: row.mfaMethod, totpSecret: row.totpSecret, totpLastStep: row.totpLastStep },
    otpLockedUntil: row.otpLockedUntil,
    emailCode: row.emailCodeId && row.emailCodeHash && row.emailCodeCreatedAt ? { id: row.emailCodeId, codeHash: row.emailCodeHash, createdAt: row.emailCodeCreatedAt } : null,
    lastCodeSentAt: row.lastCodeSentAt,
  };
}

/**
 * Runs a statement again when PostgreSQL chose it as a deadlock's victim
 * (40P01: it was rolled back whole, so running it again is safe). The OTP
 * step locks the account's counter row first, so this happens only when that
 * row did not exist yet.
 */
async function retryOnDeadlock<T>(statement: () => Promise<T>, tries = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await statement();
    } catch (error) {
      const code = (error as { meta?: { code?: string } }).meta?.code ?? (error as { code?: string }).code;
      const deadlock = code === "40P01" || /deadlock detected/.test(String((error as Error).message));
      if (!deadlock || attempt >= tries) throw error;
    }
  }
}

/** What the code proved, as checked in memory before the statement. */
export type OtpProof =
  | { kind: "totp"; step: number; sealedSecret: string }
  | { kind: "email"; codeId: string; matched: boolean }
  /** A recovery code or an administrator's access code: its stored forms under each key of the ring (lib/mfa/one-time-codes.ts). */
  | { kind: "recovery"; hashes: string[] }
  | { kind: "access"; hashes: string[] }
  | { kind: "wrong"; replayed?: boolean };

/** What each proof adds to the challenge's amr once accepted. */
const amrOf = { totp: "pwd otp", email: "pwd otp", recovery: "pwd recovery", access: "pwd admin-code", wrong: "pwd" } as const;
/** The amr values that prove a second factor (lib/sign-in/decision.ts says the same). */
export const SECOND_FACTOR_AMR = SECOND_FACTORS;

export type OtpOutcome = {
  /** Set when the account's OTP step is locked: nothing was checked or spent. */
  lockedUntil: Date | null;
  /** False when the challenge was no longer pending (expired, used up, completed elsewhere). */
  spent: boolean;
  completed: boolean;
  /** True only for the one call whose failure locked the account's OTP step. */
  lockedNow: boolean;
  /** The account's wrong codes in a row had reached the ceiling: nothing was checked or spent. */
  disabled: boolean;
  /** After a wrong code: the account's wrong codes in a row, this one included. */
  streak: number | null;
  /** The id of the recovery or access code the proof used up. */
  usedCodeId: string | null;
  /** A recovery or access code completed the challenge while the account's wrong codes in a row had reached the ceiling: lifted (and recorded). */
  ceilingLifted: boolean;
};

/**
 * `settle-otp-attempt`: one statement that spends one of the challenge's 5
 * attempts and, when the code was right, accepts it once (the TOTP step, so
 * a code works once per user: RFC 6238 5.2; or the emailed code) and completes
 * the challenge. A wrong code counts against the account's OTP limit, is
 * recorded as a security event (a replayed TOTP code as such) and, at the limit, locks the OTP step; a right
 * one clears the account's failures. Of any number of concurrent calls with
 * one right code, one completes the challenge. The account's counter row is
 * locked first (FOR UPDATE) and read at its latest version, so a burst of
 * wrong codes on many challenges at once counts exactly and stops at the lock.
 */
export async function settleOtpAttempt(
  db: Db,
  input: { challengeId: string; userId: string; proof: OtpProof; limit: Limit; meta?: RequestMeta; now: Date },
): Promise<OtpOutcome> {
  const { challengeId, userId, proof, limit, now } = input;
  // The challenge row, locked after the account's counter row and re-checked at its latest version
  // (so a submission that waited behind one completing the challenge uses up nothing).
  const pending = Prisma.sql`EXISTS (SELECT 1 FROM allowed) AND EXISTS (SELECT 1 FROM pending_challenge)`;
  const accept =
    proof.kind === "totp"
      ? Prisma.sql`UPDATE "User" SET "totpLastStep" = ${proof.step}::int
          WHERE id = ${userId} AND "totpSecret" = ${proof.sealedSecret} AND ("totpLastStep" IS NULL OR "totpLastStep" < ${proof.step}::int) AND ${pending}
          RETURNING 1 AS ok`
      : proof.kind === "email"
        ? Prisma.sql`UPDATE "EmailCode" SET attempts = attempts + 1, "consumedAt" = CASE WHEN ${proof.matched}::boolean THEN ${now}::timestamptz END
            WHERE id = ${proof.codeId} AND "userId" = ${userId} AND "consumedAt" IS NULL AND "expiresAt" > ${now}::timestamptz
              AND attempts < ${EMAIL_CODE_MAX_ATTEMPTS}::int AND ${pending}
            RETURNING CASE WHEN "consumedAt" IS NOT NULL THEN 1 END AS ok`
        : proof.kind === "recovery"
          ? Prisma.sql`UPDATE "RecoveryCode" SET "usedAt" = ${now}::timestamptz
              WHERE id = (SELECT id FROM "RecoveryCode" WHERE "userId" = ${userId} AND "codeHash" = ANY (${proof.hashes}::text[]) AND "usedAt" IS NULL LIMIT 1)
                AND "usedAt" IS NULL AND ${pending}
              RETURNING 1 AS ok, id`
          : proof.kind === "access"
            ? Prisma.sql`UPDATE "MfaAccessCode" SET "usedAt" = ${now}::timestamptz
                WHERE id = (SELECT id FROM "MfaAccessCode" WHERE "userId" = ${userId} AND "codeHash" = ANY (${proof.hashes}::text[]) LIMIT 1)
                  AND "usedAt" IS NULL AND "voidedAt" IS NULL AND "expiresAt" > ${now}::timestamptz AND ${pending}
                RETURNING 1 AS ok, id`
            : Prisma.sql`SELECT NULL::int AS ok WHERE false`;
  // A recovery or access code is how an owner gets past the failure ceiling: for those the ceiling does not gate (the 15-minute lock still does).
  const liftsCeiling = proof.kind === "recovery" || proof.kind === "access";
  const acceptedId = liftsCeiling ? Prisma.sql`(SELECT id FROM accept)` : Prisma.sql`NULL::text`;
  const windowStart = new Date(now.getTime() - limit.windowMs);
  const until = new Date(now.getTime() + (limit.lockMs ?? 0));
  const fresh = Prisma.sql`(CASE WHEN "LimitCounter"."lockedUntil" IS NULL THEN "LimitCounter"."windowStart" <= ${windowStart}::timestamptz ELSE "LimitCounter"."lockedUntil" <= ${now}::timestamptz END)`;
  const newFailures = Prisma.sql`(CASE WHEN ${fresh} THEN 1 ELSE "LimitCounter".failures + 1 END)`;
  const lockable = limit.lockMs ? Prisma.sql`true` : Prisma.sql`false`;
  const attemptId = randomUUID();
  const locksNow = Prisma.sql`(${lockable} AND ${newFailures} >= ${limit.max}::int AND ("LimitCounter"."lockedUntil" IS NULL OR ${fresh}))`;
  const otpKey = otpKeyOf(Prisma.sql`${userId}`);
  // A failure is a replay when the code was right for a step already used: known
  // before the statement, or found by it (a concurrent call accepted the step first).
  const replayDetail =
    proof.kind === "wrong"
      ? Prisma.sql`${proof.replayed ? "replay" : null}::text`
      : proof.kind === "totp"
        ? Prisma.sql`'replay'::text`
        : proof.kind === "recovery"
          ? Prisma.sql`'recovery'::text`
          : proof.kind === "access"
            ? Prisma.sql`'access'::text`
            : Prisma.sql`NULL::text`;
  const ceiling = limit.ceiling ?? 2 ** 31 - 1;
  const gated = liftsCeiling ? Prisma.sql`false` : Prisma.sql`streak >= ${ceiling}::int`;
  const [row] = await retryOnDeadlock(() => db.$queryRaw<{ lockedUntil: Date | null; disabled: boolean; spent: boolean; completed: boolean; lockedNow: boolean | null; streak: number | null; usedCodeId: string | null; ceilingLifted: boolean }[]>`
    WITH gate AS (
      SELECT "lockedUntil", streak FROM "LimitCounter" WHERE scope = 'OTP_ACCOUNT' AND key = ${otpKey} FOR UPDATE),
    allowed AS (SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM gate WHERE "lockedUntil" > ${now}::timestamptz OR ${gated})),
    pending_challenge AS (
      SELECT p.id FROM "LoginChallenge" p
      WHERE p.id = ${challengeId} AND p."completedAt" IS NULL AND p."consumedAt" IS NULL AND p."expiresAt" > ${now}::timestamptz
        AND p."failedAttempts" < ${CHALLENGE_MAX_ATTEMPTS}::int AND ${resetLinkLive(Prisma.sql`p`, now)} AND EXISTS (SELECT 1 FROM allowed)
      FOR UPDATE),
    accept AS (${accept}),
    right_code AS (SELECT 1 FROM accept WHERE ok IS NOT NULL),
    spend AS (
      UPDATE "LoginChallenge" SET "failedAttempts" = "failedAttempts" + 1,
        "completedAt" = CASE WHEN EXISTS (SELECT 1 FROM right_code) THEN ${now}::timestamptz END,
        amr = CASE WHEN EXISTS (SELECT 1 FROM right_code) THEN ${amrOf[proof.kind]}::text ELSE amr END
      WHERE id IN (SELECT id FROM pending_challenge) AND "completedAt" IS NULL AND "consumedAt" IS NULL
        AND "expiresAt" > ${now}::timestamptz AND "failedAttempts" < ${CHALLENGE_MAX_ATTEMPTS}::int
      RETURNING "completedAt"),
    cleared AS (
      UPDATE "LimitCounter" SET failures = 0, streak = 0
      WHERE scope = 'OTP_ACCOUNT' AND key = ${otpKey} AND EXISTS (SELECT 1 FROM spend WHERE "completedAt" IS NOT NULL)
      RETURNING 1),
    failed AS (
      INSERT INTO "LimitCounter" (scope, key, failures, streak, "windowStart", "updatedAt")
      SELECT 'OTP_ACCOUNT', ${otpKey}, 1, 1, ${now}::timestamptz, ${now}::timestamptz
      WHERE EXISTS (SELECT 1 FROM spend WHERE "completedAt" IS NULL)
      ON CONFLICT (scope, key) DO UPDATE SET
        failures = ${newFailures},
        streak = "LimitCounter".streak + 1,
        "windowStart" = CASE WHEN ${fresh} THEN ${now}::timestamptz ELSE "LimitCounter"."windowStart" END,
        "lockedUntil" = CASE WHEN ${locksNow} THEN ${until}::timestamptz WHEN ${fresh} THEN NULL ELSE "LimitCounter"."lockedUntil" END,
        "lockedBy" = CASE WHEN ${locksNow} THEN ${attemptId} WHEN ${fresh} THEN NULL ELSE "LimitCounter"."lockedBy" END,
        "updatedAt" = ${now}::timestamptz
      RETURNING "lockedBy" IS NOT DISTINCT FROM ${attemptId} AS "lockedNow", streak),
    failure_event AS (
      INSERT INTO "SecurityEvent" (id, "userId", type, detail, ip, "userAgent", "createdAt")
      SELECT ${randomUUID()}, ${userId}, 'OTP_FAILURE', ${replayDetail}, ${input.meta?.ip ?? null}, ${input.meta?.userAgent ?? null}, ${now}::timestamptz
      WHERE EXISTS (SELECT 1 FROM spend WHERE "completedAt" IS NULL)),
    lock_event AS (
      INSERT INTO "SecurityEvent" (id, "userId", type, detail, ip, "userAgent", "createdAt")
      SELECT ${randomUUID()}, ${userId}, 'LOCKOUT', 'otp', ${input.meta?.ip ?? null}, ${input.meta?.userAgent ?? null}, ${now}::timestamptz
      WHERE EXISTS (SELECT 1 FROM failed WHERE "lockedNow")),
    lift_event AS (
      INSERT INTO "SecurityEvent" (id, "userId", type, detail, ip, "userAgent", "createdAt")
      SELECT ${randomUUID()}, ${userId}, 'SIGN_IN_UNLOCKED', ${proof.kind === "access" ? "an administrator's access code" : "a recovery code"}::text, ${input.meta?.ip ?? null}, ${input.meta?.userAgent ?? null}, ${now}::timestamptz
      WHERE ${liftsCeiling}::boolean AND EXISTS (SELECT 1 FROM gate WHERE streak >= ${ceiling}::int) AND EXISTS (SELECT 1 FROM spend WHERE "completedAt" IS NOT NULL)
      RETURNING 1)
    SELECT (SELECT "lockedUntil" FROM gate WHERE "lockedUntil" > ${now}::timestamptz) AS "lockedUntil",
           EXISTS (SELECT 1 FROM gate WHERE ${gated}) AS disabled,
           CASE WHEN EXISTS (SELECT 1 FROM spend WHERE "completedAt" IS NOT NULL) THEN ${acceptedId} END AS "usedCodeId",
           EXISTS (SELECT 1 FROM lift_event) AS "ceilingLifted",
           EXISTS (SELECT 1 FROM spend) AS spent,
           EXISTS (SELECT 1 FROM spend WHERE "completedAt" IS NOT NULL) AS completed,
           (SELECT "lockedNow" FROM failed) AS "lockedNow",
           (SELECT streak FROM failed) AS streak`);
  return {
    lockedUntil: row!.lockedUntil,
    spent: row!.spent,
    completed: row!.completed,
    lockedNow: row!.lockedNow === true,
    disabled: row!.disabled,
    streak: row!.streak,
    usedCodeId: row!.usedCodeId,
    ceilingLifted: row!.ceilingLifted,
  };
}

export type RedeemedChallenge = {
  /** The challenge as found (null: no such token), for the decision table to name a refusal. */
  challenge: { userId: string; amr: string; completedAt: Date | null; consumedAt: Date | null; expiresAt: Date } | null;
  user: { id: string; mfaMethod: MfaMethod; signInMethod: SignInMethod } | null;
  /** The new session's id when the challenge was redeemed. */
  sessionId: string | null;
};

/**
 * `redeem-challenge`: one statement that consumes a completed challenge
 * (once: of concurrent calls, one wins) and turns it into a session row and a
 * sign-in event. Only a challenge of a password company's user, completed,
 * unexpired, unused, and with "otp" among its proofs when the user has MFA on.
 */
export async function redeemChallenge(db: Db, input: { tokenHash: string; meta?: RequestMeta; now: Date }): Promise<RedeemedChallenge> {
  const { now } = input;
  const sessionId = randomBytes(24).toString("base64url");
  const ip = input.meta?.ip?.slice(0, 64) ?? null;
  const userAgent = input.meta?.userAgent?.slice(0, 512) ?? null;
  const rows = await db.$queryRaw<
    { userId: string; amr: string; completedAt: Date | null; consumedAt: Date | null; expiresAt: Date; mfaMethod: MfaMethod; signInMethod: SignInMethod; sid: string | null }[]
  >`
    WITH target AS (
      SELECT c.id, c."userId", c.amr, c."completedAt", c."consumedAt", c."expiresAt", u."mfaMethod", co."signInMethod"
      FROM "LoginChallenge" c JOIN "User" u ON u.id = c."userId" JOIN "Company" co ON co.id = u."companyId"
      WHERE c."tokenHash" = ${input.tokenHash}),
    redeemed AS (
      UPDATE "LoginChallenge" c SET "consumedAt" = ${now}::timestamptz FROM target t
      WHERE c.id = t.id AND c."consumedAt" IS NULL AND c."completedAt" IS NOT NULL AND c."expiresAt" > ${now}::timestamptz
        AND c."callbackUrl" <> ${MOBILE_CHALLENGE}
        AND t."signInMethod" = 'PASSWORD' AND (t."mfaMethod" = 'NONE' OR string_to_array(c.amr, ' ') && ${[...SECOND_FACTOR_AMR]}::text[])
        AND (c."resetTokenId" IS NULL OR EXISTS (SELECT 1 FROM "PasswordResetToken" r WHERE r.id = c."resetTokenId" AND r."usedAt" IS NOT NULL))
      RETURNING c."userId", c.amr),
    links_voided AS (
      UPDATE "PasswordResetToken" SET "voidedAt" = ${now}::timestamptz
      WHERE "userId" IN (SELECT "userId" FROM redeemed) AND "usedAt" IS NULL AND "voidedAt" IS NULL),
    session AS (
      INSERT INTO "UserSession" (id, "userId", amr, "userAgent", ip, "createdAt", "lastSeenAt")
      SELECT ${sessionId}, "userId", amr, ${userAgent}, ${ip}, ${now}::timestamptz, ${now}::timestamptz FROM redeemed
      RETURNING id),
    seen AS (
      UPDATE "User" SET "lastSignInAt" = ${now}::timestamptz WHERE id IN (SELECT "userId" FROM redeemed)),
    event AS (
      INSERT INTO "SecurityEvent" (id, "userId", type, detail, ip, "userAgent", "createdAt")
      SELECT ${randomUUID()}, "userId", 'SIGN_IN_SUCCESS',
             CASE WHEN 'otp' = ANY (string_to_array(amr, ' ')) THEN 'otp' WHEN 'recovery' = ANY (string_to_array(amr, ' ')) THEN 'recovery'
                  WHEN 'admin-code' = ANY (string_to_array(amr, ' ')) THEN 'admin-code' ELSE 'pwd' END,
             ${ip}, ${userAgent}, ${now}::timestamptz
      FROM redeemed)
    SELECT t."userId", t.amr, t."completedAt", t."consumedAt", t."expiresAt", t."mfaMethod", t."signInMethod", (SELECT id FROM session) AS sid
    FROM target t`;
  const row = rows[0];
  if (!row) return { challenge: null, user: null, sessionId: null };
  return {
    challenge: { userId: row.userId, amr: row.amr, completedAt: row.completedAt, consumedAt: row.consumedAt, expiresAt: row.expiresAt },
    user: { id: row.userId, mfaMethod: row.mfaMethod, signInMethod: row.signInMethod },
    sessionId: row.sid,
  };
}

export type SessionUser = {
  sessionId: string;
  amr: string[];
  user: StaffMfa & {
    id: string;
    email: string;
    name: string;
    role: Role;
    /** The IANA time zone of their emails (Account settings -> Time zone). */
    timeZone: string;
    /** Unused recovery codes while MFA is on and a set was ever issued; null otherwise. */
    recoveryCodesLeft: number | null;
    company: MfaPolicy & { id: string; name: string; slug: string };
  };
};

type SessionRow = StaffMfa & {
  amr: string;
  id: string;
  email: string;
  name: string;
  role: Role;
  timeZone: string;
  recoveryCodesLeft: number | null;
  companyId: string;
  companyName: string;
  slug: string;
  signInMethod: SignInMethod;
  mfaRequired: boolean;
  mfaRequiredSince: Date | null;
  mfaGraceDays: number;
  mfaAllowedMethods: AllowedMfaMethods;
};

/**
 * `read-session`: the signed-in user of a request in one statement: the
 * session row with its user and company, only while the session is live
 * (not revoked, under 12 hours since sign-in, used within the last 30
 * minutes); "last seen" is refreshed at most once a minute, in the same statement.
 */
export async function readSession(db: Db, sessionId: string, now: Date): Promise<SessionUser | null> {
  const touchBefore = new Date(now.getTime() - SESSION_TOUCH_INTERVAL_MS);
  const signedInAfter = new Date(now.getTime() - SESSION_MAX_AGE_MS);
  const seenAfter = new Date(now.getTime() - SESSION_IDLE_MS);
  const rows = await db.$queryRaw<SessionRow[]>`
    WITH live AS (
      SELECT id, "userId", amr FROM "UserSession"
      WHERE id = ${sessionId} AND kind = 'WEB' AND "revokedAt" IS NULL
        AND "createdAt" > ${signedInAfter}::timestamptz AND "lastSeenAt" > ${seenAfter}::timestamptz),
    touched AS (
      UPDATE "UserSession" SET "lastSeenAt" = ${now}::timestamptz
      WHERE id IN (SELECT id FROM live) AND "lastSeenAt" < ${touchBefore}::timestamptz
      RETURNING id)
    SELECT s.amr, u.id, u.email, u.name, u.role, u."timeZone", u."mfaMethod", u."createdAt", u."mfaResetAt", u."mfaExemptUntil",
           CASE WHEN u."mfaMethod" <> 'NONE' AND u."recoveryCodesIssuedAt" IS NOT NULL
                THEN (SELECT count(*)::int FROM "RecoveryCode" r WHERE r."userId" = u.id AND r."usedAt" IS NULL) END AS "recoveryCodesLeft",
           co.id AS "companyId", co.name AS "companyName", co.slug, co."signInMethod",
           co."mfaRequired", co."mfaRequiredSince", co."mfaGraceDays", co."mfaAllowedMethods"
    FROM live s JOIN "User" u ON u.id = s."userId" JOIN "Company" co ON co.id = u."companyId"`;
  const row = rows[0];
  if (!row) return null;
  return {
    sessionId,
    amr: row.amr.split(" ").filter(Boolean),
    user: {
      id: row.id,
      email: row.email,
      name: row.name,
      role: row.role,
      timeZone: row.timeZone,
      recoveryCodesLeft: row.recoveryCodesLeft,
      mfaMethod: row.mfaMethod,
      createdAt: row.createdAt,
      mfaResetAt: row.mfaResetAt,
      mfaExemptUntil: row.mfaExemptUntil,
      company: {
        id: row.companyId,
        name: row.companyName,
        slug: row.slug,
        signInMethod: row.signInMethod,
        mfaRequired: row.mfaRequired,
        mfaRequiredSince: row.mfaRequiredSince,
        mfaGraceDays: row.mfaGraceDays,
        mfaAllowedMethods: row.mfaAllowedMethods,
      },
    },
  };
}

type CounterState = { windowStart: Date; lockedUntil: Date | null; failures: number; updatedAt: Date };

export type PasswordStepStart = {
  ipReserved: boolean;
  clientReserved: boolean;
  accountReserved: boolean;
  ipState: CounterState | undefined;
  clientState: CounterState | undefined;
  accountState: CounterState | undefined;
  /** The account's failures in a row: counting this attempt when it was reserved, else as found. */
  accountStreak: number;
  user: { id: string; passwordHash: string | null; mfaMethod: MfaMethod; signInMethod: SignInMethod; timeZone: string } | null;
};

export type PasswordLimits = {
  ipKey: string;
  clientKey: string;
  accountKey: string;
  ipLimit: Limit;
  clientLimit: Limit;
  accountLimit: Limit;
  /** The browser signed in to this account before: exempt from the account-wide delay. */
  knownDevice: boolean;
};

/**
 * `begin-password-step`: one statement that reserves an attempt against the
 * per-IP limit, then (only if that passed) the per-(account, client) lock,
 * then the account-wide delay and ceiling, and reads the user of the email
 * with their company's sign-in method.
 */
export async function beginPasswordStep(db: Db, input: PasswordLimits & { email: string; now: Date }): Promise<PasswordStepStart> {
  const { now } = input;
  type Counter = { windowStart: Date | null; lockedUntil: Date | null; failures: number | null; updatedAt: Date | null };
  const [row] = await db.$queryRaw<
    {
      ip: number | null;
      client: number | null;
      account: number | null;
      ipState: Counter | null;
      clientState: Counter | null;
      accountState: Counter | null;
      accountStreak: number | null;
      userId: string | null;
      passwordHash: string | null;
      mfaMethod: MfaMethod | null;
      signInMethod: SignInMethod | null;
      timeZone: string | null;
    }[]
  >`
    WITH ip AS (${reserveSql("PASSWORD_IP", input.ipKey, input.ipLimit, now)}),
    client AS (${reserveSql("PASSWORD_CLIENT", input.clientKey, input.clientLimit, now, Prisma.sql`EXISTS (SELECT 1 FROM ip)`)}),
    account AS (${reserveSql("PASSWORD_ACCOUNT", input.accountKey, input.accountLimit, now, Prisma.sql`EXISTS (SELECT 1 FROM client)`, { exemptFromDelay: input.knownDevice })}),
    ip_before AS (${counterSql("PASSWORD_IP", input.ipKey)}),
    client_before AS (${counterSql("PASSWORD_CLIENT", input.clientKey)}),
    account_before AS (${counterSql("PASSWORD_ACCOUNT", input.accountKey)}),
    person AS (
      SELECT u.id, u."passwordHash", u."mfaMethod", u."timeZone", co."signInMethod"
      FROM "User" u JOIN "Company" co ON co.id = u."companyId" WHERE u.email = ${input.email})
    SELECT (SELECT failures FROM ip) AS ip, (SELECT failures FROM client) AS client, (SELECT failures FROM account) AS account,
           (SELECT row_to_json(ib) FROM ip_before ib) AS "ipState",
           (SELECT row_to_json(cb) FROM client_before cb) AS "clientState",
           (SELECT row_to_json(ab) FROM account_before ab) AS "accountState",
           coalesce((SELECT streak FROM account), (SELECT streak FROM account_before), 0) AS "accountStreak",
           p.id AS "userId", p."passwordHash", p."mfaMethod", p."signInMethod", p."timeZone"
    FROM (SELECT 1) one LEFT JOIN person p ON true`;
  const state = (c: Counter | null): CounterState | undefined =>
    c?.windowStart
      ? {
          windowStart: new Date(c.windowStart),
          lockedUntil: c.lockedUntil ? new Date(c.lockedUntil) : null,
          failures: c.failures ?? 0,
          updatedAt: new Date(c.updatedAt ?? c.windowStart),
        }
      : undefined;
  return {
    ipReserved: row!.ip !== null,
    clientReserved: row!.client !== null,
    accountReserved: row!.account !== null,
    ipState: state(row!.ipState),
    clientState: state(row!.clientState),
    accountState: state(row!.accountState),
    accountStreak: row!.accountStreak ?? 0,
    user: row!.userId
      ? { id: row!.userId, passwordHash: row!.passwordHash, mfaMethod: row!.mfaMethod!, signInMethod: row!.signInMethod!, timeZone: row!.timeZone! }
      : null,
  };
}

/**
 * `pass-password-step`: one statement that settles the limits as a success
 * (the IP's attempt given back, the client's and the account's failures
 * cleared) and opens the challenge: complete at once without MFA, waiting
 * for a code with it (and then at most 5 wait per account: the oldest beyond
 * that are voided).
 */
export async function passPasswordStep(
  db: Db,
  input: PasswordLimits & {
    challenge: { tokenHash: string; userId: string; callbackUrl: string; mfaRequired: boolean; expiresAt: Date };
    now: Date;
  },
): Promise<void> {
  const { challenge, now } = input;
  const ip = settleSuccessSql("PASSWORD_IP", input.ipKey, input.ipLimit) ?? Prisma.sql`SELECT 1`;
  // Rows are locked IP first, then client, then account, as in begin-password-step:
  // each update waits for the one before (it reads it), the insert for all.
  const client =
    settleSuccessSql("PASSWORD_CLIENT", input.clientKey, input.clientLimit, Prisma.sql`(SELECT count(*) FROM ip) >= 0`) ?? Prisma.sql`SELECT 1`;
  const account =
    settleSuccessSql("PASSWORD_ACCOUNT", input.accountKey, input.accountLimit, Prisma.sql`(SELECT count(*) FROM client) >= 0`) ?? Prisma.sql`SELECT 1`;
  // The account's OTP counter row exists from the start, so that the OTP step can lock it (settle-otp-attempt).
  const otpCounter = challenge.mfaRequired
    ? Prisma.sql`INSERT INTO "LimitCounter" (scope, key, failures, "windowStart", "updatedAt")
        VALUES ('OTP_ACCOUNT', ${otpKeyOf(Prisma.sql`${challenge.userId}`)}, 0, ${now}::timestamptz, ${now}::timestamptz) ON CONFLICT DO NOTHING`
    : Prisma.sql`SELECT 1`;
  // At most 5 challenges wait for a code per account: opening one voids all but the 4 newest others.
  const voidOldest = challenge.mfaRequired
    ? Prisma.sql`UPDATE "LoginChallenge" SET "consumedAt" = ${now}::timestamptz
        WHERE id IN (SELECT id FROM "LoginChallenge"
          WHERE "userId" = ${challenge.userId} AND "completedAt" IS NULL AND "consumedAt" IS NULL AND "expiresAt" > ${now}::timestamptz
          ORDER BY "createdAt" DESC, id DESC OFFSET ${MAX_PENDING_CHALLENGES - 1}::int)`
    : Prisma.sql`SELECT 1`;
  await db.$executeRaw`
    WITH ip AS (${ip}), client AS (${client}), account AS (${account}), otp_counter AS (${otpCounter}), voided AS (${voidOldest})
    INSERT INTO "LoginChallenge" (id, "tokenHash", "userId", "callbackUrl", amr, "expiresAt", "completedAt", "createdAt")
    SELECT ${randomUUID()}, ${challenge.tokenHash}, ${challenge.userId}, ${challenge.callbackUrl}, 'pwd', ${challenge.expiresAt}::timestamptz,
           ${challenge.mfaRequired ? null : now}::timestamptz, ${now}::timestamptz
    WHERE (SELECT count(*) FROM account) >= 0`;
}

/**
 * `fail-password-step`: one statement that settles the (account, client)
 * limit as a failure (locking that pair at the limit) and records the failure, and the lock,
 * in the user's activity when the email is a user's. Returns the lock's end
 * when this failure started it.
 */
export async function failPasswordStep(
  db: Db,
  input: { clientKey: string; clientLimit: Limit; userId: string | null; meta?: RequestMeta; now: Date },
): Promise<{ lockedUntil: Date | null }> {
  const { now } = input;
  const ip = input.meta?.ip ?? null;
  const userAgent = input.meta?.userAgent ?? null;
  const lock = settleFailureSql("PASSWORD_CLIENT", input.clientKey, input.clientLimit, now) ?? Prisma.sql`SELECT NULL::timestamptz AS "lockedUntil" WHERE false`;
  const [row] = await db.$queryRaw<{ lockedUntil: Date | null }[]>`
    WITH locked AS (${lock}),
    failure AS (
      INSERT INTO "SecurityEvent" (id, "userId", type, ip, "userAgent", "createdAt")
      SELECT ${randomUUID()}, ${input.userId}, 'SIGN_IN_FAILURE', ${ip}, ${userAgent}, ${now}::timestamptz WHERE ${input.userId}::text IS NOT NULL),
    lockout AS (
      INSERT INTO "SecurityEvent" (id, "userId", type, detail, ip, "userAgent", "createdAt")
      SELECT ${randomUUID()}, ${input.userId}, 'LOCKOUT', 'password', ${ip}, ${userAgent}, ${now}::timestamptz
      WHERE ${input.userId}::text IS NOT NULL AND EXISTS (SELECT 1 FROM locked))
    SELECT (SELECT "lockedUntil" FROM locked) AS "lockedUntil"`;
  return { lockedUntil: row?.lockedUntil ?? null };
}
