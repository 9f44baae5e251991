// The hard ceiling (NIST SP 800-63B 5.2.2): at most 100 failures in a row per
// account and factor, over any time, with the injected clock.
import { beforeEach, describe, expect, it } from "vitest";
import { totpCode } from "@/lib/mfa/totp";
import { FAILURE_CEILING } from "@/lib/security/limits";
import { limitKey } from "@/lib/security/rate-limit";
import { unlockSignIn } from "@/lib/security/unlock";
import { testMfaDeps } from "@/lib/testing/mfa-deps";
import { createTestDb, seedTotpUser, seedUser, TEST_PASSWORD } from "@/lib/testing/test-db";
import { openChallenge } from "./challenge";
import { findPendingChallenge, verifySignInCode } from "./otp-step";
import { passwordStep } from "./password-step";

const db = createTestDb();
let t: ReturnType<typeof testMfaDeps>;
beforeEach(() => {
  t = testMfaDeps(db);
});

const totpUser = () => seedTotpUser(db, t.deps().ring);

async function verify(userId: string, code: string) {
  const { token } = await openChallenge(db, { userId, callbackUrl: "/", mfaRequired: true, now: t.deps().now });
  const challenge = await findPendingChallenge(db, token, t.deps().now);
  return verifySignInCode(t.deps(), challenge!, code);
}

const wrongOf = (code: string) => (code === "000000" ? "111111" : "000000");
const inARow = () => t.notices.filter((n) => n.subject.includes("repeated failed sign-ins"));

describe("100 wrong one-time passwords in a row", () => {
  it("a day of guessing checks at most 100 codes; the owner is emailed at 20, 50 and 100; then even the right code is refused until unlocked", async () => {
    const { user, secret } = await totpUser();
    let checked = 0;
    let disabledAt: number | null = null;
    // A patient attacker: every code they may try, waiting out each 15-minute lock, for 24 hours.
    for (let minute = 0; minute < 24 * 60 && disabledAt === null; minute++) {
      const result = await verify(user.id, wrongOf(totpCode(secret, t.deps().now)));
      if (!result.ok && result.error === "INVALID_CODE") checked++;
      else if (!result.ok && result.error === "SIGN_IN_DISABLED") disabledAt = minute;
      else t.advance(15 * 60_000);
    }
    expect(checked).toBe(FAILURE_CEILING);
    expect(disabledAt).not.toBeNull();
    expect(await verify(user.id, totpCode(secret, t.deps().now))).toEqual({ ok: false, error: "SIGN_IN_DISABLED" });
    t.advance(24 * 3600_000);
    expect(await verify(user.id, totpCode(secret, t.deps().now))).toEqual({ ok: false, error: "SIGN_IN_DISABLED" });
    // The lock notice at 20 (and each lock), the in-a-row notices at 50 and 100.
    expect(t.notices.some((n) => n.text.includes("too many wrong one-time passwords"))).toBe(true);
    expect(inARow().map((n) => /There have been (\d+)/.exec(n.text)?.[1])).toEqual(["50", "100"]);
    expect(inARow()[1]!.text).toContain("is now disabled");

    expect(await unlockSignIn(db, { email: user.email, by: "ops@acme.test", now: t.deps().now })).toEqual({ ok: true, lifted: { password: false, otp: true } });
    expect(await verify(user.id, totpCode(secret, t.deps().now))).toEqual({ ok: true, switchedToEmail: false, mfaReset: false, passwordReset: false });
    expect(await db.securityEvent.findFirst({ where: { userId: user.id, type: "SIGN_IN_UNLOCKED" }, select: { detail: true } })).toEqual({ detail: "ops@acme.test" });
  });

  it("a success clears the count: 99 wrong, one right, 99 wrong again never disables", async () => {
    const { user, secret } = await totpUser();
    await verify(user.id, wrongOf(totpCode(secret, t.deps().now)));
    await db.limitCounter.update({ where: { scope_key: { scope: "OTP_ACCOUNT", key: limitKey(`user:${user.id}`) } }, data: { streak: 99, failures: 0 } });
    expect((await verify(user.id, totpCode(secret, t.deps().now))).ok).toBe(true);
    expect((await db.limitCounter.findUniqueOrThrow({ where: { scope_key: { scope: "OTP_ACCOUNT", key: limitKey(`user:${user.id}`) } } })).streak).toBe(0);
  });

  it("a burst of 40 concurrent wrong codes at 98 in a row checks exactly 2 more", async () => {
    const { user, secret } = await totpUser();
    await verify(user.id, wrongOf(totpCode(secret, t.deps().now)));
    await db.limitCounter.update({ where: { scope_key: { scope: "OTP_ACCOUNT", key: limitKey(`user:${user.id}`) } }, data: { streak: 98, failures: 0 } });
    const tokens = await Promise.all(Array.from({ length: 8 }, () => openChallenge(db, { userId: user.id, callbackUrl: "/", mfaRequired: true, now: t.deps().now })));
    const wrong = wrongOf(totpCode(secret, t.deps().now));
    const results = await Promise.all(
      tokens.flatMap(({ token }) =>
        Array.from({ length: 5 }, async () => {
          const challenge = await findPendingChallenge(db, token, t.deps().now);
          return challenge ? verifySignInCode(t.deps(), challenge, wrong) : ({ ok: false, error: "CHALLENGE_EXPIRED" } as const);
        }),
      ),
    );
    expect(results.filter((r) => !r.ok && r.error === "INVALID_CODE")).toHaveLength(2);
    expect((await db.limitCounter.findUniqueOrThrow({ where: { scope_key: { scope: "OTP_ACCOUNT", key: limitKey(`user:${user.id}`) } } })).streak).toBe(100);
  });
});

describe("100 wrong passwords in a row", () => {
  const attempt = (email: string, password: string, ip: string) =>
    passwordStep(db, { email, password, callbackUrl: "/", meta: { ip, userAgent: "test" }, now: t.deps().now }, t.deps());

  it("from many addresses over hours: 100 are checked, then even the right password is refused until unlocked; known and unknown emails alike", async () => {
    const user = await seedUser(db);
    for (const email of [user.email, "nobody-at-all@example.test"]) {
      let checked = 0;
      let result;
      for (let i = 0; i < 400; i++) {
        result = await attempt(email, `guess-${i}`, `198.51.${i % 200}.${1 + (i % 250)}`);
        if (!result.ok && result.error === "INVALID_CREDENTIALS") checked++;
        else if (!result.ok && result.error === "SIGN_IN_DISABLED") break;
        else t.advance(15 * 60_000);
      }
      expect(checked, email).toBe(FAILURE_CEILING);
      expect(result).toEqual({ ok: false, error: "SIGN_IN_DISABLED" });
    }
    expect(await attempt(user.email, TEST_PASSWORD, "203.0.113.5")).toEqual({ ok: false, error: "SIGN_IN_DISABLED" });
    expect(inARow().map((n) => /There have been (\d+)/.exec(n.text)?.[1])).toEqual(["20", "50", "100"]);
    expect(inARow().every((n) => n.to === user.email)).toBe(true);

    expect(await unlockSignIn(db, { email: user.email, by: "ops", now: t.deps().now })).toMatchObject({ ok: true, lifted: { password: true } });
    expect(await attempt(user.email, TEST_PASSWORD, "203.0.113.5")).toMatchObject({ ok: true });
  });

  it("a right password clears the count", async () => {
    const user = await seedUser(db);
    for (let i = 0; i < 9; i++) await attempt(user.email, `guess-${i}`, "198.51.100.9");
    expect(await attempt(user.email, TEST_PASSWORD, "198.51.100.9")).toMatchObject({ ok: true });
    expect((await db.limitCounter.findUniqueOrThrow({ where: { scope_key: { scope: "PASSWORD_ACCOUNT", key: limitKey(user.email) } } })).streak).toBe(0);
  });
});
