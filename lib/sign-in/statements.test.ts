import { describe, expect, it } from "vitest";
import { hashToken, newToken } from "@/lib/auth/tokens";
import { sealSecret, keyRingFrom } from "@/lib/mfa/secret-box";
import { generateTotpSecret } from "@/lib/mfa/totp";
import { LIMITS } from "@/lib/security/limits";
import { limitKey } from "@/lib/security/rate-limit";
import { createTestDb, seedUser } from "@/lib/testing/test-db";
import { readPendingChallenge, readSession, redeemChallenge, settleOtpAttempt } from "./statements";

const db = createTestDb();
const now = new Date("2026-11-28T12:00:00Z");
const ring = keyRingFrom({ key: Buffer.alloc(32, 3).toString("base64"), keyId: "t" });
const meta = { ip: "203.0.113.7", userAgent: "test" };

async function totpChallenge() {
  const user = await seedUser(db, { mfaMethod: "TOTP" });
  const sealed = sealSecret(generateTotpSecret(), ring, { userId: user.id, field: "totpSecret" });
  await db.user.update({ where: { id: user.id }, data: { totpSecret: sealed } });
  const { token, tokenHash } = newToken();
  const challenge = await db.loginChallenge.create({ data: { userId: user.id, tokenHash, expiresAt: new Date(now.getTime() + 600_000) } });
  // As the password step leaves it: the account's OTP counter row exists.
  await db.limitCounter.createMany({
    data: [{ scope: "OTP_ACCOUNT", key: limitKey(`user:${user.id}`), failures: 0, windowStart: now, updatedAt: now }],
    skipDuplicates: true,
  });
  return { user, sealed, token, tokenHash, challenge };
}

describe("read-pending-challenge", () => {
  it("reads a pending challenge with its user in one statement, and nothing for a spent one", async () => {
    const { user, tokenHash } = await totpChallenge();
    const pending = await readPendingChallenge(db, tokenHash, now);
    expect(pending).toMatchObject({ userId: user.id, user: { email: user.email, mfaMethod: "TOTP" }, otpLockedUntil: null, emailCode: null });
    expect(await readPendingChallenge(db, tokenHash, new Date(now.getTime() + 600_000))).toBeNull();
    expect(await readPendingChallenge(db, hashToken("x".repeat(43)), now)).toBeNull();
  });

  it("computes the OTP limit's key as limitKey does", async () => {
    const { user, tokenHash } = await totpChallenge();
    await db.limitCounter.update({
      where: { scope_key: { scope: "OTP_ACCOUNT", key: limitKey(`user:${user.id}`) } },
      data: { failures: 20, lockedUntil: new Date(now.getTime() + 60_000) },
    });
    expect((await readPendingChallenge(db, tokenHash, now))?.otpLockedUntil).toEqual(new Date(now.getTime() + 60_000));
  });
});

describe("settle-otp-attempt", () => {
  it("a right code completes the challenge once; 50 concurrent callers, one winner", async () => {
    const { user, sealed, challenge } = await totpChallenge();
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, () =>
        settleOtpAttempt(db, { challengeId: challenge.id, userId: user.id, proof: { kind: "totp", step: 1000, sealedSecret: sealed }, limit: LIMITS.otpPerAccount, meta, now }),
      ),
    );
    expect(outcomes.filter((o) => o.completed)).toHaveLength(1);
    const after = await db.loginChallenge.findUniqueOrThrow({ where: { id: challenge.id } });
    expect(after).toMatchObject({ amr: "pwd otp" });
    expect(after.completedAt).not.toBeNull();
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).totpLastStep).toBe(1000);
  });

  it("a replayed step spends an attempt and completes nothing", async () => {
    const { user, sealed, challenge } = await totpChallenge();
    await db.user.update({ where: { id: user.id }, data: { totpLastStep: 1000 } });
    const outcome = await settleOtpAttempt(db, { challengeId: challenge.id, userId: user.id, proof: { kind: "totp", step: 1000, sealedSecret: sealed }, limit: LIMITS.otpPerAccount, meta, now });
    expect(outcome).toEqual({ lockedUntil: null, spent: true, completed: false, lockedNow: false, disabled: false, streak: 1, usedCodeId: null, ceilingLifted: false });
    expect(await db.securityEvent.count({ where: { userId: user.id, type: "OTP_FAILURE" } })).toBe(1);
  });

  it("at most 5 attempts per challenge, even from 20 concurrent wrong codes", async () => {
    const { user, challenge } = await totpChallenge();
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => settleOtpAttempt(db, { challengeId: challenge.id, userId: user.id, proof: { kind: "wrong" }, limit: LIMITS.otpPerAccount, meta, now })),
    );
    expect(outcomes.filter((o) => o.spent)).toHaveLength(5);
    expect((await db.loginChallenge.findUniqueOrThrow({ where: { id: challenge.id } })).failedAttempts).toBe(5);
    const counter = await db.limitCounter.findUniqueOrThrow({ where: { scope_key: { scope: "OTP_ACCOUNT", key: limitKey(`user:${user.id}`) } } });
    expect(counter.failures).toBe(5);
  });

  it("the failure that reaches the account's limit locks the OTP step, once", async () => {
    const limit = { ...LIMITS.otpPerAccount, max: 3 };
    const { user } = await totpChallenge();
    const locks: boolean[] = [];
    for (let i = 0; i < 4; i++) {
      const { challenge } = await totpChallenge();
      await db.loginChallenge.update({ where: { id: challenge.id }, data: { userId: user.id } });
      locks.push((await settleOtpAttempt(db, { challengeId: challenge.id, userId: user.id, proof: { kind: "wrong" }, limit, meta, now })).lockedNow);
    }
    expect(locks).toEqual([false, false, true, false]);
    expect(await db.securityEvent.count({ where: { userId: user.id, type: "LOCKOUT", detail: "otp" } })).toBe(1);
  });
});

describe("redeem-challenge", () => {
  it("turns a completed challenge into one session and one event; 50 concurrent callers, one winner", async () => {
    const { user, tokenHash, challenge } = await totpChallenge();
    await db.loginChallenge.update({ where: { id: challenge.id }, data: { completedAt: now, amr: "pwd otp" } });
    const results = await Promise.all(Array.from({ length: 50 }, () => redeemChallenge(db, { tokenHash, meta, now })));
    const winners = results.filter((r) => r.sessionId);
    expect(winners).toHaveLength(1);
    expect(await db.userSession.count({ where: { userId: user.id } })).toBe(1);
    expect(await db.securityEvent.findMany({ where: { userId: user.id, type: "SIGN_IN_SUCCESS" } })).toMatchObject([{ detail: "otp", ip: meta.ip }]);
    expect(results.find((r) => !r.sessionId)?.challenge?.consumedAt).not.toBeUndefined();
  });

  it("refuses a challenge without the OTP proof for a user with MFA on, and a pending one", async () => {
    const { user, tokenHash, challenge } = await totpChallenge();
    expect((await redeemChallenge(db, { tokenHash, meta, now })).sessionId).toBeNull();
    await db.loginChallenge.update({ where: { id: challenge.id }, data: { completedAt: now } });
    const refused = await redeemChallenge(db, { tokenHash, meta, now });
    expect(refused).toMatchObject({ sessionId: null, user: { id: user.id, mfaMethod: "TOTP", signInMethod: "PASSWORD" } });
    expect(await db.userSession.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe("read-session", () => {
  const minutes = (n: number) => new Date(now.getTime() + n * 60_000);

  it("reads the session with its user and company, refreshes last-seen at most once a minute, and ends with revocation", async () => {
    const user = await seedUser(db);
    await db.userSession.create({ data: { id: "s-1", userId: user.id, amr: "pwd", createdAt: now, lastSeenAt: now } });
    expect(await readSession(db, "s-1", now)).toMatchObject({ sessionId: "s-1", amr: ["pwd"], user: { id: user.id, company: { slug: "pw-co" } } });
    await readSession(db, "s-1", new Date(now.getTime() + 30_000));
    expect((await db.userSession.findUniqueOrThrow({ where: { id: "s-1" } })).lastSeenAt).toEqual(now);
    await readSession(db, "s-1", minutes(10));
    expect((await db.userSession.findUniqueOrThrow({ where: { id: "s-1" } })).lastSeenAt).toEqual(minutes(10));
    await db.userSession.update({ where: { id: "s-1" }, data: { revokedAt: minutes(10) } });
    expect(await readSession(db, "s-1", minutes(10))).toBeNull();
  });

  it("ends a session after 30 idle minutes, and does not revive it", async () => {
    const user = await seedUser(db);
    await db.userSession.create({ data: { id: "s-idle", userId: user.id, amr: "pwd", createdAt: now, lastSeenAt: now } });
    expect(await readSession(db, "s-idle", minutes(29))).not.toBeNull();
    // Used at 29 minutes, so 58 minutes is 29 idle minutes later.
    expect(await readSession(db, "s-idle", minutes(58))).not.toBeNull();
    expect(await readSession(db, "s-idle", minutes(58 + 31))).toBeNull();
    expect((await db.userSession.findUniqueOrThrow({ where: { id: "s-idle" } })).lastSeenAt).toEqual(minutes(58));
    expect(await readSession(db, "s-idle", minutes(58 + 32))).toBeNull();
  });

  it("ends a session 12 hours after sign-in however busy it is (a 30-day-old row opens nothing)", async () => {
    const user = await seedUser(db);
    await db.userSession.create({ data: { id: "s-busy", userId: user.id, amr: "pwd", createdAt: now, lastSeenAt: now } });
    let at = 0;
    for (; at < 12 * 60; at += 20) expect(await readSession(db, "s-busy", minutes(at)), `minute ${at}`).not.toBeNull();
    expect(await readSession(db, "s-busy", minutes(12 * 60))).toBeNull();
    await db.userSession.create({ data: { id: "s-old", userId: user.id, amr: "pwd", createdAt: minutes(-30 * 24 * 60), lastSeenAt: now } });
    expect(await readSession(db, "s-old", now)).toBeNull();
  });
});
