import { beforeEach, describe, expect, it } from "vitest";
import { totpCode } from "@/lib/mfa/totp";
import { createTestDb, seedTotpUser, seedUser } from "@/lib/testing/test-db";
import { testMfaDeps } from "@/lib/testing/mfa-deps";
import { CHALLENGE_MAX_ATTEMPTS, LIMITS } from "@/lib/security/limits";
import { openChallenge } from "./challenge";
import { findPendingChallenge, sendSignInCode, verifyPageState, verifySignInCode } from "./otp-step";
import { redeemSignIn } from "./redeem";

const db = createTestDb();
let t: ReturnType<typeof testMfaDeps>;

beforeEach(() => {
  t = testMfaDeps(db);
});

const totpUser = () => seedTotpUser(db, t.deps().ring);

async function challengeFor(userId: string) {
  return (await openChallenge(db, { userId, callbackUrl: "/", mfaRequired: true, now: t.deps().now })).token;
}

/** What the verify action does: read the challenge behind the cookie, then check the code. */
async function verify(token: string, code: string) {
  const challenge = await findPendingChallenge(db, token, t.deps().now);
  if (!challenge) return { ok: false, error: "CHALLENGE_EXPIRED" } as const;
  return verifySignInCode(t.deps(), challenge, code);
}

async function send(token: string, options: { emailInstead?: boolean } = {}) {
  const challenge = await findPendingChallenge(db, token, t.deps().now);
  if (!challenge) throw new Error("challenge gone");
  return sendSignInCode(t.deps(), challenge, options);
}

const redeem = (token: string) => redeemSignIn(db, { token, now: t.deps().now });
const wrongOf = (code: string) => (code === "000000" ? "111111" : "000000");

describe("sign-in with an authenticator", () => {
  it("the right code completes the challenge, which then signs in exactly once", async () => {
    const { user, secret } = await totpUser();
    const token = await challengeFor(user.id);
    expect(await redeem(token)).toEqual({ ok: false, reason: "NOT_COMPLETED" });
    expect(await verify(token, totpCode(secret, t.deps().now))).toEqual({ ok: true, switchedToEmail: false, mfaReset: false, passwordReset: false });
    expect(await redeem(token)).toMatchObject({ ok: true, userId: user.id, amr: ["pwd", "otp"] });
    expect(await redeem(token)).toEqual({ ok: false, reason: "ALREADY_USED" });
  });

  it("a code works once: replaying it on a new challenge is refused, recorded as a replay and counted as a failure", async () => {
    const { user, secret } = await totpUser();
    const code = totpCode(secret, t.deps().now);
    expect((await verify(await challengeFor(user.id), code)).ok).toBe(true);
    const replayed = await challengeFor(user.id);
    expect(await verify(replayed, code)).toMatchObject({ ok: false, error: "INVALID_CODE" });
    expect(await db.securityEvent.findMany({ where: { userId: user.id, type: "OTP_FAILURE" }, select: { detail: true } })).toEqual([{ detail: "replay" }]);
    expect((await db.limitCounter.findFirstOrThrow({ where: { scope: "OTP_ACCOUNT" , failures: { gt: 0 } } })).failures).toBe(1);
    expect((await db.loginChallenge.findFirstOrThrow({ where: { userId: user.id, completedAt: null } })).failedAttempts).toBe(1);
    // A plainly wrong code is a plain failure.
    await verify(replayed, wrongOf(code));
    expect((await db.securityEvent.findMany({ where: { userId: user.id, type: "OTP_FAILURE" }, select: { detail: true }, orderBy: { createdAt: "asc" } })).map((e) => e.detail).sort()).toEqual([null, "replay"].sort());
  });

  it("after 5 codes the challenge is void, even for the right code", async () => {
    const { user, secret } = await totpUser();
    const token = await challengeFor(user.id);
    const code = totpCode(secret, t.deps().now);
    for (let i = 0; i < CHALLENGE_MAX_ATTEMPTS; i++) expect((await verify(token, wrongOf(code))).ok).toBe(false);
    expect(await verify(token, code)).toEqual({ ok: false, error: "CHALLENGE_EXPIRED" });
  });

  it("an expired challenge refuses the right code", async () => {
    const { user, secret } = await totpUser();
    const token = await challengeFor(user.id);
    t.advance(10 * 60_000);
    expect(await verify(token, totpCode(secret, t.deps().now))).toEqual({ ok: false, error: "CHALLENGE_EXPIRED" });
  });

  it("50 concurrent submissions of one valid code complete the challenge once and sign in once", async () => {
    const { user, secret } = await totpUser();
    const token = await challengeFor(user.id);
    const code = totpCode(secret, t.deps().now);
    const results = await Promise.all(Array.from({ length: 50 }, () => verify(token, code)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const signIns = await Promise.all(Array.from({ length: 50 }, () => redeem(token)));
    expect(signIns.filter((d) => d.ok)).toHaveLength(1);
    expect(await db.userSession.count({ where: { userId: user.id } })).toBe(1);
  });
});

describe("Email me a code instead", () => {
  it("changes nothing until the emailed code is verified, then switches the method to Email", async () => {
    const { user } = await totpUser();
    const token = await challengeFor(user.id);
    expect(await send(token, { emailInstead: true })).toMatchObject({ ok: true });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).mfaMethod).toBe("TOTP");
    expect((await findPendingChallenge(db, token, t.deps().now))?.switchToEmail).toBe(true);
    expect(await verify(token, wrongOf(t.lastCode()))).toMatchObject({ ok: false });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).mfaMethod).toBe("TOTP");
    expect(await verify(token, t.lastCode())).toEqual({ ok: true, switchedToEmail: true, mfaReset: false, passwordReset: false });
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ mfaMethod: "EMAIL", totpSecret: null });
    expect(t.notices.at(-1)?.text).toContain("your sign-in method is now Email");
  });
});

describe("Email me a code instead, under \"Authenticator app only\"", () => {
  it("is not offered, and refused when asked for directly; the authenticator still works", async () => {
    const { user, secret } = await totpUser();
    const company = await db.company.create({ data: { slug: `totp-only-${user.id}`, name: "Totp Only", mfaAllowedMethods: "TOTP_ONLY" } });
    await db.user.update({ where: { id: user.id }, data: { companyId: company.id } });
    const token = await challengeFor(user.id);
    const challenge = await findPendingChallenge(db, token, t.deps().now);
    expect(verifyPageState(challenge!)).toMatchObject({ mode: "TOTP", canEmailInstead: false });
    expect(await send(token, { emailInstead: true })).toEqual({ ok: false, error: "AUTHENTICATOR_ONLY" });
    expect(t.sent).toHaveLength(0);
    expect((await findPendingChallenge(db, token, t.deps().now))?.switchToEmail).toBe(false);
    expect(await verify(token, totpCode(secret, t.deps().now))).toEqual({ ok: true, switchedToEmail: false, mfaReset: false, passwordReset: false });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).mfaMethod).toBe("TOTP");
  });
});

describe("sign-in with email codes", () => {
  it("resend has a 30-second cooldown and voids the previous code", async () => {
    const user = await seedUser(db, { mfaMethod: "EMAIL" });
    const token = await challengeFor(user.id);
    expect(await send(token)).toMatchObject({ ok: true, maskedEmail: expect.stringMatching(/^.•••@example\.test$/) });
    const first = t.lastCode();
    t.advance(10_000);
    expect(await send(token)).toMatchObject({ ok: false, error: "RESEND_COOLDOWN" });
    t.advance(20_000);
    expect(await send(token)).toMatchObject({ ok: true });
    const second = t.lastCode();
    if (first !== second) expect((await verify(token, first)).ok).toBe(false);
    expect(await verify(token, second)).toEqual({ ok: true, switchedToEmail: false, mfaReset: false, passwordReset: false });
  });

  it("an emailed code takes at most 5 tries", async () => {
    const user = await seedUser(db, { mfaMethod: "EMAIL" });
    const tokens = [await challengeFor(user.id)];
    await send(tokens[0]!);
    const code = t.lastCode();
    // Five wrong tries spread over the challenge (5 attempts) use up the code too.
    for (let i = 0; i < 5; i++) expect((await verify(tokens[0]!, wrongOf(code))).ok).toBe(false);
    expect(await verify(tokens[0]!, code)).toEqual({ ok: false, error: "CHALLENGE_EXPIRED" });
  });

  it("the provider being down gives EMAIL_FAILED and leaves no usable code", async () => {
    const user = await seedUser(db, { mfaMethod: "EMAIL" });
    const token = await challengeFor(user.id);
    t.setEmailDown(true);
    expect(await send(token)).toEqual({ ok: false, error: "EMAIL_FAILED" });
    expect(await db.emailCode.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe("account-wide limits", () => {
  it("20 wrong codes in an hour lock the OTP step for 15 minutes and email the owner", async () => {
    const { user, secret } = await totpUser();
    let attempts = 0;
    while (attempts < LIMITS.otpPerAccount.max) {
      const token = await challengeFor(user.id);
      for (let i = 0; i < CHALLENGE_MAX_ATTEMPTS && attempts < LIMITS.otpPerAccount.max; i++, attempts++) {
        const lockedNow = attempts === LIMITS.otpPerAccount.max - 1 ? { lockedNow: true } : {};
        expect(await verify(token, wrongOf(totpCode(secret, t.deps().now)))).toEqual({ ok: false, error: "INVALID_CODE", ...lockedNow });
      }
      t.advance(60_000);
    }
    expect(await verify(await challengeFor(user.id), totpCode(secret, t.deps().now))).toMatchObject({ ok: false, error: "TOO_MANY_ATTEMPTS" });
    expect(t.notices.at(-1)?.text).toContain("too many wrong one-time passwords");
    expect(t.notices.filter((n) => n.text.includes("too many wrong"))).toHaveLength(1);
    t.advance(15 * 60_000);
    expect(await verify(await challengeFor(user.id), totpCode(secret, t.deps().now))).toEqual({ ok: true, switchedToEmail: false, mfaReset: false, passwordReset: false });
  });

  it("at most 5 code emails an hour per account", async () => {
    const user = await seedUser(db, { mfaMethod: "EMAIL" });
    for (let i = 0; i < LIMITS.emailPerAccount.max; i++) expect(await send(await challengeFor(user.id))).toMatchObject({ ok: true });
    const token = await challengeFor(user.id);
    expect(await send(token)).toMatchObject({ ok: false, error: "TOO_MANY_ATTEMPTS" });
    expect(t.sent).toHaveLength(LIMITS.emailPerAccount.max);
    t.advance(60 * 60_000);
    expect(await send(await challengeFor(user.id))).toMatchObject({ ok: true });
  });
});

describe("resend on an authenticator sign-in", () => {
  it("is refused unless the user asked for an email instead: no email, no code, no change", async () => {
    const { user } = await totpUser();
    const token = await challengeFor(user.id);
    expect(await send(token)).toEqual({ ok: false, error: "NO_EMAIL_CODES" });
    expect(t.sent).toHaveLength(0);
    expect(await db.emailCode.count({ where: { userId: user.id } })).toBe(0);
    expect((await findPendingChallenge(db, token, t.deps().now))?.switchToEmail).toBe(false);
  });
});

describe("the account's OTP limit under a burst", () => {
  it("60 wrong codes at once on 12 challenges count exactly to the limit, then are refused", async () => {
    const { user, secret } = await totpUser();
    const tokens = await Promise.all(Array.from({ length: 12 }, () => challengeFor(user.id)));
    const wrong = wrongOf(totpCode(secret, t.deps().now));
    const results = await Promise.all(tokens.flatMap((token) => Array.from({ length: 5 }, () => verify(token, wrong))));
    expect(results.filter((r) => !r.ok && r.error === "INVALID_CODE")).toHaveLength(LIMITS.otpPerAccount.max);
    expect(results.filter((r) => !r.ok && r.error === "TOO_MANY_ATTEMPTS").length).toBeGreaterThan(0);
    expect(t.notices.filter((n) => n.text.includes("too many wrong"))).toHaveLength(1);
    expect(await db.securityEvent.count({ where: { userId: user.id, type: "OTP_FAILURE" } })).toBe(LIMITS.otpPerAccount.max);
  });
});

describe("the context line of its emails", () => {
  const meta = { ip: "203.0.113.7", userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36" };

  it("a sign-in code says where it was asked for, in the user's time zone", async () => {
    const user = await seedUser(db, { mfaMethod: "EMAIL" });
    await db.user.update({ where: { id: user.id }, data: { timeZone: "America/New_York" } });
    const challenge = (await findPendingChallenge(db, await challengeFor(user.id), t.deps().now))!;
    expect(await sendSignInCode({ ...t.deps(), meta }, challenge)).toMatchObject({ ok: true });
    // The clock of the tests is 27 Nov 2026, 12:00 UTC.
    expect(t.sent.at(-1)!.text).toContain("Requested from Chrome on Linux, 203.0.113.7, at 07:00 EST on 27 Nov 2026.");
  });

  it("the lock notice carries the request that caused it: the attacker's", async () => {
    const { user, secret } = await totpUser();
    const attacker = { ip: "198.51.100.66", userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0" };
    for (let attempts = 0; attempts < LIMITS.otpPerAccount.max; ) {
      const token = await challengeFor(user.id);
      for (let i = 0; i < CHALLENGE_MAX_ATTEMPTS && attempts < LIMITS.otpPerAccount.max; i++, attempts++) {
        const challenge = (await findPendingChallenge(db, token, t.deps().now))!;
        await verifySignInCode({ ...t.deps(), meta: attacker }, challenge, wrongOf(totpCode(secret, t.deps().now)));
      }
    }
    const lock = t.notices.find((n) => n.text.includes("too many wrong one-time passwords"))!;
    expect(lock.text).toContain("From Firefox on Linux, 198.51.100.66, at 12:00 GMT on 27 Nov 2026.");
  });
});
