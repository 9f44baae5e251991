import { beforeEach, describe, expect, it } from "vitest";
import { consumeChallengeForSignIn, findPendingChallenge, openChallenge } from "@/lib/auth/challenge";
import { sealSecret } from "./secret-box";
import { createTestDb, seedUser } from "@/lib/testing/test-db";
import { testMfaDeps } from "@/lib/testing/mfa-deps";
import { CHALLENGE_MAX_ATTEMPTS, LIMITS } from "@/lib/security/limits";
import { sendSignInCode, verifySignInCode } from "./sign-in-otp";
import { generateTotpSecret, totpCode } from "./totp";

const db = createTestDb();
let t: ReturnType<typeof testMfaDeps>;

beforeEach(() => {
  t = testMfaDeps(db);
});

async function totpUser() {
  const secret = generateTotpSecret();
  const user = await seedUser(db, { mfaMethod: "TOTP" });
  await db.user.update({ where: { id: user.id }, data: { totpSecret: sealSecret(secret, t.deps().ring) } });
  return { user, secret };
}

async function challengeFor(userId: string) {
  const { token } = await openChallenge(db, { userId, callbackUrl: "/", mfaRequired: true, now: t.deps().now });
  const challenge = await findPendingChallenge(db, token, t.deps().now);
  if (!challenge) throw new Error("challenge not found");
  return { token, challenge };
}

const wrongOf = (code: string) => (code === "000000" ? "111111" : "000000");

describe("sign-in with an authenticator", () => {
  it("the right code completes the challenge, which then signs in exactly once", async () => {
    const { user, secret } = await totpUser();
    const { token, challenge } = await challengeFor(user.id);
    expect(await consumeChallengeForSignIn(db, { token, userId: user.id, now: t.deps().now })).toEqual({ allow: false, reason: "NOT_COMPLETED" });
    expect(await verifySignInCode(t.deps(), challenge, totpCode(secret, t.deps().now))).toEqual({ ok: true, switchedToEmail: false });
    expect(await consumeChallengeForSignIn(db, { token, userId: user.id, now: t.deps().now })).toEqual({ allow: true });
    expect(await consumeChallengeForSignIn(db, { token, userId: user.id, now: t.deps().now })).toEqual({ allow: false, reason: "ALREADY_USED" });
  });

  it("a code works once: replaying it on a new challenge is refused", async () => {
    const { user, secret } = await totpUser();
    const code = totpCode(secret, t.deps().now);
    expect((await verifySignInCode(t.deps(), (await challengeFor(user.id)).challenge, code)).ok).toBe(true);
    expect(await verifySignInCode(t.deps(), (await challengeFor(user.id)).challenge, code)).toMatchObject({ ok: false, error: "INVALID_CODE" });
  });

  it("after 5 codes the challenge is void, even for the right code", async () => {
    const { user, secret } = await totpUser();
    const { challenge } = await challengeFor(user.id);
    const code = totpCode(secret, t.deps().now);
    for (let i = 0; i < CHALLENGE_MAX_ATTEMPTS; i++) {
      expect((await verifySignInCode(t.deps(), challenge, wrongOf(code))).ok).toBe(false);
    }
    expect(await verifySignInCode(t.deps(), challenge, code)).toEqual({ ok: false, error: "CHALLENGE_EXPIRED" });
  });

  it("an expired challenge refuses the right code", async () => {
    const { user, secret } = await totpUser();
    const { challenge } = await challengeFor(user.id);
    t.advance(10 * 60_000);
    expect(await verifySignInCode(t.deps(), challenge, totpCode(secret, t.deps().now))).toEqual({ ok: false, error: "CHALLENGE_EXPIRED" });
  });

  it("50 concurrent submissions of one valid code complete the challenge once and sign in once", async () => {
    const { user, secret } = await totpUser();
    const { token, challenge } = await challengeFor(user.id);
    const code = totpCode(secret, t.deps().now);
    const results = await Promise.all(Array.from({ length: 50 }, () => verifySignInCode(t.deps(), challenge, code)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const signIns = await Promise.all(
      Array.from({ length: 50 }, () => consumeChallengeForSignIn(db, { token, userId: user.id, now: t.deps().now })),
    );
    expect(signIns.filter((d) => d.allow)).toHaveLength(1);
  });

  it("a challenge cannot be used for another user", async () => {
    const { user, secret } = await totpUser();
    const other = await seedUser(db);
    const { token, challenge } = await challengeFor(user.id);
    await verifySignInCode(t.deps(), challenge, totpCode(secret, t.deps().now));
    expect(await consumeChallengeForSignIn(db, { token, userId: other.id, now: t.deps().now })).toEqual({ allow: false, reason: "OTHER_USER" });
  });
});

describe("Email me a code instead", () => {
  it("changes nothing until the emailed code is verified, then switches the method to Email", async () => {
    const { user } = await totpUser();
    const { token, challenge } = await challengeFor(user.id);
    expect(await sendSignInCode(t.deps(), challenge, { emailInstead: true })).toMatchObject({ ok: true });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).mfaMethod).toBe("TOTP");
    const switched = await findPendingChallenge(db, token, t.deps().now);
    if (!switched) throw new Error("challenge gone");
    expect(switched.switchToEmail).toBe(true);
    expect(await verifySignInCode(t.deps(), switched, wrongOf(t.lastCode()))).toMatchObject({ ok: false });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).mfaMethod).toBe("TOTP");
    expect(await verifySignInCode(t.deps(), switched, t.lastCode())).toEqual({ ok: true, switchedToEmail: true });
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ mfaMethod: "EMAIL", totpSecret: null });
    expect(t.notices.at(-1)?.text).toContain("your sign-in method is now Email");
  });
});

describe("sign-in with email codes", () => {
  it("resend has a 30-second cooldown and voids the previous code", async () => {
    const user = await seedUser(db, { mfaMethod: "EMAIL" });
    const { challenge } = await challengeFor(user.id);
    expect(await sendSignInCode(t.deps(), challenge)).toMatchObject({ ok: true, maskedEmail: expect.stringMatching(/^.•••@example\.test$/) });
    const first = t.lastCode();
    t.advance(10_000);
    expect(await sendSignInCode(t.deps(), challenge)).toMatchObject({ ok: false, error: "RESEND_COOLDOWN" });
    t.advance(20_000);
    expect(await sendSignInCode(t.deps(), challenge)).toMatchObject({ ok: true });
    const second = t.lastCode();
    if (first !== second) expect((await verifySignInCode(t.deps(), challenge, first)).ok).toBe(false);
    expect(await verifySignInCode(t.deps(), challenge, second)).toEqual({ ok: true, switchedToEmail: false });
  });

  it("the provider being down gives EMAIL_FAILED and leaves no usable code", async () => {
    const user = await seedUser(db, { mfaMethod: "EMAIL" });
    const { challenge } = await challengeFor(user.id);
    t.setEmailDown(true);
    expect(await sendSignInCode(t.deps(), challenge)).toEqual({ ok: false, error: "EMAIL_FAILED" });
    expect(await db.emailCode.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe("account-wide limits", () => {
  it("20 wrong codes in an hour lock the OTP step for 15 minutes and email the owner", async () => {
    const { user, secret } = await totpUser();
    let attempts = 0;
    while (attempts < LIMITS.otpPerAccount.max) {
      const { challenge } = await challengeFor(user.id);
      for (let i = 0; i < CHALLENGE_MAX_ATTEMPTS && attempts < LIMITS.otpPerAccount.max; i++, attempts++) {
        const result = await verifySignInCode(t.deps(), challenge, wrongOf(totpCode(secret, t.deps().now)));
        expect(result).toEqual({ ok: false, error: "INVALID_CODE" });
      }
      t.advance(60_000);
    }
    const { challenge } = await challengeFor(user.id);
    expect(await verifySignInCode(t.deps(), challenge, totpCode(secret, t.deps().now))).toMatchObject({ ok: false, error: "TOO_MANY_ATTEMPTS" });
    expect(t.notices.at(-1)?.text).toContain("too many wrong one-time passwords");
    expect(t.notices.filter((n) => n.text.includes("too many wrong"))).toHaveLength(1);
    t.advance(15 * 60_000);
    const later = await challengeFor(user.id);
    expect(await verifySignInCode(t.deps(), later.challenge, totpCode(secret, t.deps().now))).toEqual({ ok: true, switchedToEmail: false });
  });

  it("at most 5 code emails an hour per account", async () => {
    const user = await seedUser(db, { mfaMethod: "EMAIL" });
    for (let i = 0; i < LIMITS.emailPerAccount.max; i++) {
      const { challenge } = await challengeFor(user.id);
      expect(await sendSignInCode(t.deps(), challenge)).toMatchObject({ ok: true });
    }
    const { challenge } = await challengeFor(user.id);
    expect(await sendSignInCode(t.deps(), challenge)).toMatchObject({ ok: false, error: "TOO_MANY_ATTEMPTS" });
    expect(t.sent).toHaveLength(LIMITS.emailPerAccount.max);
    t.advance(60 * 60_000);
    expect(await sendSignInCode(t.deps(), challenge)).toMatchObject({ ok: true });
  });
});

describe("resend on an authenticator sign-in", () => {
  it("is refused unless the user asked for an email instead: no email, no code, no change", async () => {
    const { user } = await totpUser();
    const { token, challenge } = await challengeFor(user.id);
    expect(await sendSignInCode(t.deps(), challenge)).toEqual({ ok: false, error: "NO_EMAIL_CODES" });
    expect(t.sent).toHaveLength(0);
    expect(await db.emailCode.count({ where: { userId: user.id } })).toBe(0);
    expect((await findPendingChallenge(db, token, t.deps().now))?.switchToEmail).toBe(false);
  });
});
