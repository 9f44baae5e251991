// The OTP step with a recovery code or an administrator's access code in
// place of a one-time password: single use under concurrency, the same
// limits, the failure ceiling lifted, and what a session then proves.
import { beforeEach, describe, expect, it } from "vitest";
import { totpCode } from "@/lib/mfa/totp";
import { formatCode, hashCode, randomCode } from "@/lib/mfa/one-time-codes";
import { keyRingFrom } from "@/lib/mfa/secret-box";
import { startMfaChange } from "@/lib/mfa/settings";
import { createTestDb, seedTotpUser, TEST_PASSWORD } from "@/lib/testing/test-db";
import { testMfaDeps } from "@/lib/testing/mfa-deps";
import { FAILURE_CEILING, LIMITS } from "@/lib/security/limits";
import { limitKey } from "@/lib/security/rate-limit";
import { openChallenge } from "./challenge";
import { findPendingChallenge, verifySignInCode, type CodeKind } from "./otp-step";
import { redeemSignIn } from "./redeem";

const db = createTestDb();
let t: ReturnType<typeof testMfaDeps>;

beforeEach(() => {
  t = testMfaDeps(db);
});

async function challengeFor(userId: string) {
  return (await openChallenge(db, { userId, callbackUrl: "/", mfaRequired: true, now: t.deps().now })).token;
}

async function verify(token: string, code: string, kind: CodeKind) {
  const challenge = await findPendingChallenge(db, token, t.deps().now);
  if (!challenge) return { ok: false, error: "CHALLENGE_EXPIRED" } as const;
  return verifySignInCode(t.deps(), challenge, code, kind);
}

/** A set of recovery codes stored as the settings page stores them: keyed hashes only. */
async function giveRecoveryCodes(userId: string, count = 10) {
  const codes = Array.from({ length: count }, () => randomCode(10));
  await db.recoveryCode.createMany({ data: codes.map((code) => ({ userId, codeHash: hashCode(t.deps().ring, "recovery", userId, code) })) });
  await db.user.update({ where: { id: userId }, data: { recoveryCodesIssuedAt: t.deps().now } });
  return codes.map(formatCode);
}

async function giveAccessCode(userId: string, options: { minutes?: number; voided?: boolean } = {}) {
  const admin = await db.user.findFirstOrThrow({ where: { id: { not: userId } } }).catch(() => null);
  const code = randomCode(8);
  await db.mfaAccessCode.create({
    data: {
      userId,
      issuedById: admin?.id ?? null,
      issuedByName: admin?.name ?? "An administrator",
      reason: "Lost phone",
      codeHash: hashCode(t.deps().ring, "access", userId, code),
      expiresAt: new Date(t.deps().now.getTime() + (options.minutes ?? 60) * 60_000),
      voidedAt: options.voided ? t.deps().now : null,
    },
  });
  return formatCode(code);
}

const otpCounter = (userId: string) => db.limitCounter.findUnique({ where: { scope_key: { scope: "OTP_ACCOUNT", key: limitKey(`user:${userId}`) } } });

describe("a recovery code at sign-in", () => {
  it("completes the sign-in once, proves 'recovery', is used up, and the owner is told how many are left", async () => {
    const { user } = await seedTotpUser(db, t.deps().ring);
    const [code] = await giveRecoveryCodes(user.id);
    const token = await challengeFor(user.id);
    expect(await verify(token, code!, "recovery")).toMatchObject({ ok: true, mfaReset: false });
    expect(await redeemSignIn(db, { token, now: t.deps().now })).toMatchObject({ ok: true, amr: ["pwd", "recovery"] });
    expect(await db.recoveryCode.count({ where: { userId: user.id, usedAt: null } })).toBe(9);
    expect(await db.securityEvent.findFirst({ where: { userId: user.id, type: "RECOVERY_CODE_USED" }, select: { detail: true } })).toEqual({ detail: "9" });
    expect(t.notices.at(-1)?.text).toMatch(/A recovery code was used to sign in from .+ at .+\. 9 codes left\./);

    // The same code a second time: refused and counted like a wrong one-time password.
    const again = await challengeFor(user.id);
    expect(await verify(again, code!, "recovery")).toEqual({ ok: false, error: "INVALID_CODE" });
    expect((await otpCounter(user.id))?.failures).toBe(1);
    expect(await db.securityEvent.findFirst({ where: { userId: user.id, type: "OTP_FAILURE" }, select: { detail: true } })).toEqual({ detail: "recovery" });
  });

  it("ignores case, spaces and hyphens; something that cannot be a code is refused without counting", async () => {
    const { user } = await seedTotpUser(db, t.deps().ring);
    const [code] = await giveRecoveryCodes(user.id);
    const token = await challengeFor(user.id);
    expect(await verify(token, "ABCDE-FGH", "recovery")).toEqual({ ok: false, error: "RECOVERY_CODE_FORMAT" });
    expect(await verify(token, "0OOOO-11111", "recovery")).toEqual({ ok: false, error: "RECOVERY_CODE_FORMAT" });
    expect((await otpCounter(user.id))?.failures ?? 0).toBe(0);
    const typed = ` ${code!.toLowerCase().replace("-", " - ")} `;
    expect(await verify(token, typed, "recovery")).toMatchObject({ ok: true });
  });

  it("50 concurrent submissions of one code, on 50 sign-ins: exactly one succeeds", async () => {
    const { user } = await seedTotpUser(db, t.deps().ring);
    const [code] = await giveRecoveryCodes(user.id);
    const tokens = await Promise.all(Array.from({ length: 50 }, () => challengeFor(user.id)));
    const challenges = await Promise.all(tokens.map((token) => findPendingChallenge(db, token, t.deps().now)));
    const results = await Promise.all(challenges.map((challenge) => verifySignInCode(t.deps(), challenge!, code!, "recovery")));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await db.recoveryCode.count({ where: { userId: user.id, usedAt: { not: null } } })).toBe(1);
    // The other 49 were wrong codes against the account's OTP limit, which locked at 20.
    expect(results.filter((r) => !r.ok && r.error === "INVALID_CODE").length).toBeLessThanOrEqual(LIMITS.otpPerAccount.max);
  });

  it("another user's code, or a code hashed under another key, does not work", async () => {
    const a = await seedTotpUser(db, t.deps().ring);
    const b = await seedTotpUser(db, t.deps().ring);
    const [codeOfA] = await giveRecoveryCodes(a.user.id);
    expect(await verify(await challengeFor(b.user.id), codeOfA!, "recovery")).toEqual({ ok: false, error: "INVALID_CODE" });
    const foreign = keyRingFrom({ key: Buffer.alloc(32, 7).toString("base64"), keyId: "other" });
    const code = randomCode(10);
    await db.recoveryCode.create({ data: { userId: b.user.id, codeHash: hashCode(foreign, "recovery", b.user.id, code) } });
    expect(await verify(await challengeFor(b.user.id), code, "recovery")).toEqual({ ok: false, error: "INVALID_CODE" });
  });

  it("two different codes submitted at once on one sign-in: one completes it, the other is not used up", async () => {
    const { user } = await seedTotpUser(db, t.deps().ring);
    const codes = await giveRecoveryCodes(user.id);
    for (let round = 0; round < 4; round++) {
      const token = await challengeFor(user.id);
      const challenge = (await findPendingChallenge(db, token, t.deps().now))!;
      const pair = codes.slice(round * 2, round * 2 + 2);
      const results = await Promise.all(pair.map((code) => verifySignInCode(t.deps(), challenge, code, "recovery")));
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(await db.recoveryCode.count({ where: { userId: user.id, usedAt: { not: null } } })).toBe(round + 1);
    }
  });

  it("a session opened with a recovery code changes MFA with the password alone; others still need a current code", async () => {
    const { user } = await seedTotpUser(db, t.deps().ring);
    const caller = { userId: user.id, sessionId: undefined };
    expect(await startMfaChange(t.deps(), { ...caller, amr: ["pwd", "otp"] }, { method: "EMAIL", currentPassword: TEST_PASSWORD })).toEqual({ ok: false, error: "STEP_UP_REQUIRED" });
    expect(await startMfaChange(t.deps(), { ...caller, amr: ["pwd", "recovery"] }, { method: "TOTP", currentPassword: TEST_PASSWORD })).toMatchObject({ ok: true, state: "totp-pending" });
  });

  it("lifts the OTP failure ceiling, on the record; a one-time password does not", async () => {
    const { user, secret } = await seedTotpUser(db, t.deps().ring);
    const [code] = await giveRecoveryCodes(user.id);
    const token = await challengeFor(user.id);
    await db.limitCounter.update({ where: { scope_key: { scope: "OTP_ACCOUNT", key: limitKey(`user:${user.id}`) } }, data: { streak: FAILURE_CEILING } });
    expect(await verify(token, totpCode(secret, t.deps().now), "code")).toEqual({ ok: false, error: "SIGN_IN_DISABLED" });
    expect(await verify(token, code!, "recovery")).toMatchObject({ ok: true });
    expect((await otpCounter(user.id))?.streak).toBe(0);
    expect(await db.securityEvent.findFirst({ where: { userId: user.id, type: "SIGN_IN_UNLOCKED" }, select: { detail: true } })).toEqual({ detail: "a recovery code" });
  });

  it("is refused while the OTP step is locked, like any code", async () => {
    const { user } = await seedTotpUser(db, t.deps().ring);
    const [code] = await giveRecoveryCodes(user.id);
    const token = await challengeFor(user.id);
    await db.limitCounter.update({ where: { scope_key: { scope: "OTP_ACCOUNT", key: limitKey(`user:${user.id}`) } }, data: { lockedUntil: new Date(t.deps().now.getTime() + 60_000) } });
    expect(await verify(token, code!, "recovery")).toMatchObject({ ok: false, error: "TOO_MANY_ATTEMPTS" });
    expect(await db.recoveryCode.count({ where: { userId: user.id, usedAt: null } })).toBe(10);
  });
});

describe("an administrator's access code at sign-in", () => {
  it("completes the sign-in once, proves 'admin-code', and resets the user's MFA for them to set up again", async () => {
    const { user } = await seedTotpUser(db, t.deps().ring);
    await giveRecoveryCodes(user.id);
    const code = await giveAccessCode(user.id);
    const token = await challengeFor(user.id);
    expect(await verify(token, code.toLowerCase(), "access")).toMatchObject({ ok: true, mfaReset: true });
    expect(await redeemSignIn(db, { token, now: t.deps().now })).toMatchObject({ ok: true, amr: ["pwd", "admin-code"] });
    const after = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after).toMatchObject({ mfaMethod: "NONE", totpSecret: null, mfaResetAt: t.deps().now });
    expect(await db.recoveryCode.count({ where: { userId: user.id } })).toBe(0);
    // Used up: the same code fails on a later sign-in (the user has no MFA now, so it is simply wrong).
    await db.user.update({ where: { id: user.id }, data: { mfaMethod: "TOTP" } });
    expect(await verify(await challengeFor(user.id), code, "access")).toEqual({ ok: false, error: "INVALID_CODE" });
  });

  it("an expired or voided code does not work; 8 characters only", async () => {
    const { user } = await seedTotpUser(db, t.deps().ring);
    const expired = await giveAccessCode(user.id, { minutes: 10 });
    const voided = await giveAccessCode(user.id, { voided: true });
    t.advance(10 * 60_000);
    const token = await challengeFor(user.id);
    expect(await verify(token, expired, "access")).toEqual({ ok: false, error: "INVALID_CODE" });
    expect(await verify(token, voided, "access")).toEqual({ ok: false, error: "INVALID_CODE" });
    expect(await verify(token, "ABCDEFGHJK", "access")).toEqual({ ok: false, error: "ACCESS_CODE_FORMAT" });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).mfaMethod).toBe("TOTP");
  });

  it("a recovery code is not an access code, nor the reverse", async () => {
    const { user } = await seedTotpUser(db, t.deps().ring);
    const access = await giveAccessCode(user.id);
    const token = await challengeFor(user.id);
    expect(await verify(token, access, "recovery")).toEqual({ ok: false, error: "RECOVERY_CODE_FORMAT" });
    const [recovery] = await giveRecoveryCodes(user.id);
    expect(await verify(token, recovery!, "access")).toEqual({ ok: false, error: "ACCESS_CODE_FORMAT" });
  });
});
