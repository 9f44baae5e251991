import { randomBytes, randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { outboxTransport } from "@/lib/email/outbox";
import { EmailDeliveryError, type EmailMessage, type SendOptions } from "@/lib/email/types";
import type { RequestMeta } from "@/lib/security/events";
import { FAILURE_CEILING } from "@/lib/security/limits";
import { limitKey } from "@/lib/security/rate-limit";
import { totpCode } from "@/lib/mfa/totp";
import { findPendingChallenge, sendSignInCode, verifyPageState, verifySignInCode } from "@/lib/sign-in/otp-step";
import { redeemSignIn } from "@/lib/sign-in/redeem";
import { passwordStep } from "@/lib/sign-in/password-step";
import { testMfaDeps } from "@/lib/testing/mfa-deps";
import { createTestDb, seedTotpUser, seedUser, TEST_PASSWORD } from "@/lib/testing/test-db";
import { resetPasswordSchema } from "@/lib/validation/auth";
import { verifyPassword } from "./password";
import {
  applyPasswordReset,
  choosePassword,
  isResetLinkLive,
  requestPasswordReset,
  sendResetLink,
  type ResetRequestJob,
  type ResetWorkerDeps,
} from "./password-reset";
import { hashToken } from "./tokens";

const db = createTestDb();
const NEW_PASSWORD = "violet tram 42 kettle";
const MINUTE = 60_000;

let t: ReturnType<typeof testMfaDeps>;
let jobs: { id: string; data: ResetRequestJob }[];
let mailed: { message: EmailMessage; options: SendOptions }[];
let ip: string;
const tokenKey = randomBytes(32);

beforeEach(() => {
  t = testMfaDeps(db);
  jobs = [];
  mailed = [];
  // Each test asks from an address of its own: the per-IP limit is shared by the file's database.
  ip = `198.51.100.${Math.floor(Math.random() * 250) + 1}-${randomUUID().slice(0, 8)}`;
});

const meta = (): RequestMeta => ({ ip, userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0" });

/** "Email me a link" from this test's address: the job goes to `jobs`. */
const request = (email: string, from = meta()) =>
  requestPasswordReset({ db, now: t.deps().now, meta: from, enqueue: async (data) => void jobs.push({ id: randomUUID(), data }) }, { email });

const workerDeps = (send: ResetWorkerDeps["send"] = async (message, options) => void mailed.push({ message, options })): ResetWorkerDeps => ({
  db,
  now: t.deps().now,
  appName: "Staff Portal",
  appUrl: "https://portal.example.test/",
  tokenKey,
  send,
});

/** Runs the worker on every queued job, in order. */
async function work(send?: ResetWorkerDeps["send"]) {
  const outcomes = [];
  for (const job of jobs.splice(0)) outcomes.push(await sendResetLink(workerDeps(send), job));
  return outcomes;
}

const tokenIn = (message: EmailMessage | undefined) => /\/login\/reset\/([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/.exec(message?.text ?? "")?.[1] ?? "";

/** Asks for a link and returns its token (from the email). */
async function linkFor(email: string): Promise<string> {
  expect(await request(email)).toEqual({ ok: true });
  expect(await work()).toEqual(["SENT"]);
  return tokenIn(mailed.at(-1)?.message);
}

async function withSessions(userId: string) {
  const now = t.deps().now;
  for (const id of [`${userId}-a`, `${userId}-b`]) await db.userSession.create({ data: { id, userId, amr: "pwd", createdAt: now, lastSeenAt: now } });
}

const userRow = (id: string) => db.user.findUniqueOrThrow({ where: { id } });
const liveSessions = (userId: string) => db.userSession.count({ where: { userId, revokedAt: null } });

describe("Forgot your password? The request", () => {
  it("answers a known and an unknown email alike with one queued job each; only the known one is emailed a link", async () => {
    const user = await seedUser(db);
    const unknown = `nobody-${randomUUID()}@example.test`;
    expect(await request(user.email)).toEqual({ ok: true });
    expect(await request(unknown)).toEqual({ ok: true });
    expect(jobs.map((j) => Object.keys(j.data).sort())).toEqual([
      ["email", "ip", "requestedAt", "userAgent"],
      ["email", "ip", "requestedAt", "userAgent"],
    ]);
    expect(await work()).toEqual(["SENT", "NO_ACCOUNT"]);
    expect(mailed).toHaveLength(1);
    const { message } = mailed[0]!;
    expect(message.to).toBe(user.email);
    expect(message.text).toContain("https://portal.example.test/login/reset/");
    expect(message.text).toContain("It works once, for 30 minutes.");
    // Where it was asked for: the request's browser and address, kept in the job.
    expect(message.text).toContain(`Requested from Chrome on Linux, ${ip}, at 12:00 GMT on 27 Nov 2026.`);
    // Only the token's SHA-256 is stored.
    const token = tokenIn(message);
    const rows = await db.passwordResetToken.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows[0]!.expiresAt.getTime() - t.deps().now.getTime()).toBe(30 * MINUTE);
    // The activity shows the request, with where it came from.
    expect(await db.securityEvent.findFirst({ where: { userId: user.id, type: "PASSWORD_RESET_REQUESTED" } })).toMatchObject({ ip });
    expect(await isResetLinkLive(db, token, t.deps().now)).toBe(true);
  });

  it("tells an SSO company's user to use single sign-on, queues nothing, and a job for them anyway sends nothing", async () => {
    const sso = await seedUser(db, { sso: true });
    expect(await request(sso.email)).toEqual({ ok: false, error: "SSO_REQUIRED" });
    expect(jobs).toHaveLength(0);
    jobs.push({ id: randomUUID(), data: { email: sso.email, ip, userAgent: null, requestedAt: t.deps().now.toISOString() } });
    expect(await work()).toEqual(["NO_ACCOUNT"]);
    expect(mailed).toHaveLength(0);
    expect(await db.passwordResetToken.count({ where: { userId: sso.id } })).toBe(0);
  });

  it("refuses more than 20 requests in 15 minutes from one address, whatever the emails; another address is not affected", async () => {
    for (let i = 0; i < 20; i++) expect(await request(`x${i}-${randomUUID()}@example.test`)).toEqual({ ok: true });
    const refused = await request(`y-${randomUUID()}@example.test`);
    expect(refused).toMatchObject({ ok: false, error: "TOO_MANY_ATTEMPTS" });
    expect(jobs).toHaveLength(20);
    expect(await request(`z-${randomUUID()}@example.test`, { ip: "203.0.113.77", userAgent: null })).toEqual({ ok: true });
    t.advance(15 * MINUTE);
    expect(await request(`w-${randomUUID()}@example.test`)).toEqual({ ok: true });
  });

  it("emails an account at most 3 links an hour; further requests get the same answer and no email", async () => {
    const user = await seedUser(db);
    for (let i = 0; i < 5; i++) expect(await request(user.email)).toEqual({ ok: true });
    expect(await work()).toEqual(["SENT", "SENT", "SENT", "LIMITED", "LIMITED"]);
    expect(mailed).toHaveLength(3);
    expect(await db.passwordResetToken.count({ where: { userId: user.id } })).toBe(3);
    expect(await db.securityEvent.count({ where: { userId: user.id, type: "PASSWORD_RESET_REQUESTED" } })).toBe(3);
    t.advance(60 * MINUTE);
    expect(await request(user.email)).toEqual({ ok: true });
    expect(await work()).toEqual(["SENT"]);
  });

  it("a newer link voids the older one", async () => {
    const user = await seedUser(db);
    const first = await linkFor(user.email);
    const second = await linkFor(user.email);
    expect(first).not.toBe(second);
    expect(await isResetLinkLive(db, first, t.deps().now)).toBe(false);
    expect(await choosePassword(t.deps(), { token: first, newPassword: NEW_PASSWORD })).toEqual({ ok: false, error: "RESET_LINK_INVALID" });
    expect((await userRow(user.id)).passwordHash).toBe(user.passwordHash);
    expect(await choosePassword(t.deps(), { token: second, newPassword: NEW_PASSWORD })).toMatchObject({ ok: true, next: "SIGN_IN" });
  });

  it("a job handled twice (a redelivery) stores one link, counts once and leaves one email, whose link works", async () => {
    const user = await seedUser(db);
    const outbox = outboxTransport(db);
    expect(await request(user.email)).toEqual({ ok: true });
    const job = jobs[0]!;
    const send: ResetWorkerDeps["send"] = (message, options) => outbox.send(message, options);
    expect(await sendResetLink(workerDeps(send), job)).toBe("SENT");
    expect(await sendResetLink(workerDeps(send), job)).toBe("SENT");
    const emails = await db.outboxEmail.findMany({ where: { to: user.email } });
    expect(emails).toHaveLength(1);
    expect(emails[0]!.idempotencyKey).toBe(`password-reset:${job.id}`);
    expect(await db.passwordResetToken.count({ where: { userId: user.id } })).toBe(1);
    expect(await db.securityEvent.count({ where: { userId: user.id, type: "PASSWORD_RESET_REQUESTED" } })).toBe(1);
    expect((await db.limitCounter.findUniqueOrThrow({ where: { scope_key: { scope: "RESET_ACCOUNT", key: limitKey(user.email) } } })).failures).toBe(1);
    expect(await isResetLinkLive(db, tokenIn(emails[0]!), t.deps().now)).toBe(true);
  });

  it("a send that failed is retried with the same link (the job throws, pg-boss hands it out again)", async () => {
    const user = await seedUser(db);
    expect(await request(user.email)).toEqual({ ok: true });
    const job = jobs[0]!;
    const down: ResetWorkerDeps["send"] = async () => {
      throw new EmailDeliveryError("provider down");
    };
    await expect(sendResetLink(workerDeps(down), job)).rejects.toThrow(EmailDeliveryError);
    t.advance(MINUTE);
    expect(await sendResetLink(workerDeps(), job)).toBe("SENT");
    expect(await db.passwordResetToken.count({ where: { userId: user.id } })).toBe(1);
    expect(await isResetLinkLive(db, tokenIn(mailed[0]?.message), t.deps().now)).toBe(true);
    // Once the link is no longer usable, a late retry sends nothing.
    t.advance(30 * MINUTE);
    expect(await sendResetLink(workerDeps(), job)).toBe("NOT_LIVE");
    expect(mailed).toHaveLength(1);
  });
});

describe("Forgot your password? The link", () => {
  it("works for 30 minutes", async () => {
    const user = await seedUser(db);
    const token = await linkFor(user.email);
    t.advance(30 * MINUTE - 1000);
    expect(await isResetLinkLive(db, token, t.deps().now)).toBe(true);
    t.advance(1000);
    expect(await isResetLinkLive(db, token, t.deps().now)).toBe(false);
    expect(await choosePassword(t.deps(), { token, newPassword: NEW_PASSWORD })).toEqual({ ok: false, error: "RESET_LINK_INVALID" });
    expect((await userRow(user.id)).passwordHash).toBe(user.passwordHash);
  });

  it("refuses malformed and unknown tokens", async () => {
    for (const token of ["", "short", "x".repeat(43), "a".repeat(10_000)]) {
      expect(await isResetLinkLive(db, token, t.deps().now)).toBe(false);
      expect(await choosePassword(t.deps(), { token, newPassword: NEW_PASSWORD })).toEqual({ ok: false, error: "RESET_LINK_INVALID" });
    }
  });

  it("without MFA: changes the password, signs out every session, records it, emails a notice, and signs the user in; the link works once", async () => {
    const user = await seedUser(db);
    await withSessions(user.id);
    const token = await linkFor(user.email);
    const result = await choosePassword(t.deps(), { token, newPassword: NEW_PASSWORD });
    if (!result.ok || result.next !== "SIGN_IN") throw new Error(`expected a sign-in, got ${JSON.stringify(result)}`);
    expect(result).toMatchObject({ email: user.email, redirectTo: "/" });
    expect(await verifyPassword((await userRow(user.id)).passwordHash, NEW_PASSWORD)).toBe(true);
    expect(await liveSessions(user.id)).toBe(0);
    expect(await db.securityEvent.count({ where: { userId: user.id, type: "PASSWORD_RESET" } })).toBe(1);
    expect(t.notices).toHaveLength(1);
    expect(t.notices[0]).toMatchObject({ to: user.email });
    expect(t.notices[0]!.text).toContain("Your Staff Portal password was reset");
    expect(t.notices[0]!.text).toContain("If this wasn't you");
    // The completed challenge redeems into a session (what completeSignIn hands NextAuth).
    expect(await redeemSignIn(db, { token: result.challengeToken, now: t.deps().now })).toMatchObject({ ok: true, userId: user.id });
    // Used up.
    expect(await isResetLinkLive(db, token, t.deps().now)).toBe(false);
    expect(await choosePassword(t.deps(), { token, newPassword: "another long password 7" })).toEqual({ ok: false, error: "RESET_LINK_INVALID" });
    expect(await verifyPassword((await userRow(user.id)).passwordHash, NEW_PASSWORD)).toBe(true);
  });

  it.each(["Password2026!", "qwertyuiop123"])("refuses the common password %s and changes nothing", async (common) => {
    const user = await seedUser(db);
    await withSessions(user.id);
    const token = await linkFor(user.email);
    expect(await choosePassword(t.deps(), { token, newPassword: common })).toEqual({ ok: false, error: "PASSWORD_TOO_COMMON" });
    expect((await userRow(user.id)).passwordHash).toBe(user.passwordHash);
    expect(await db.passwordResetToken.findFirstOrThrow({ where: { userId: user.id } })).toMatchObject({ newPasswordHash: null, usedAt: null, voidedAt: null });
    expect(await liveSessions(user.id)).toBe(2);
    expect(await db.loginChallenge.count({ where: { userId: user.id } })).toBe(0);
    expect(t.notices).toHaveLength(0);
    expect(await isResetLinkLive(db, token, t.deps().now)).toBe(true);
  });

  it("with MFA: nothing changes until applyPasswordReset runs (after the second factor); the last password chosen is the one applied", async () => {
    const { user } = await seedTotpUser(db, t.deps().ring);
    await withSessions(user.id);
    const token = await linkFor(user.email);
    const first = await choosePassword(t.deps(), { token, newPassword: "first long password 1" });
    expect(first).toMatchObject({ ok: true, next: "VERIFY", mfaMethod: "TOTP" });
    const second = await choosePassword(t.deps(), { token, newPassword: NEW_PASSWORD });
    if (!second.ok || second.next !== "VERIFY") throw new Error("expected the OTP step");

    // The account is as it was: old password, sessions, link unused; a pending challenge bound to the link waits for a code.
    expect((await userRow(user.id)).passwordHash).toBe(user.passwordHash);
    expect(await liveSessions(user.id)).toBe(2);
    const link = await db.passwordResetToken.findFirstOrThrow({ where: { userId: user.id } });
    expect(link).toMatchObject({ usedAt: null, voidedAt: null });
    expect(link.newPasswordHash).not.toBeNull();
    expect(t.notices).toHaveLength(0);
    const challenges = await db.loginChallenge.findMany({ where: { userId: user.id }, orderBy: { createdAt: "asc" } });
    expect(challenges).toHaveLength(2);
    // The earlier choice's challenge is void; the latest waits for a code.
    expect(challenges.find((c) => c.tokenHash === hashToken(second.challengeToken))).toMatchObject({ resetTokenId: link.id, completedAt: null, consumedAt: null, amr: "pwd" });
    expect(challenges.find((c) => c.tokenHash !== hashToken(second.challengeToken))?.consumedAt).not.toBeNull();
    expect(await db.limitCounter.count({ where: { scope: "OTP_ACCOUNT", key: limitKey(`user:${user.id}`) } })).toBe(1);
    // A sign-in with the old password waiting for its code elsewhere.
    const elsewhere = await passwordStep(db, { email: user.email, password: TEST_PASSWORD, callbackUrl: "/", meta: meta(), now: t.deps().now });
    expect(elsewhere).toMatchObject({ ok: true, mfaMethod: "TOTP" });

    // The OTP step, once the code is right:
    expect(await applyPasswordReset(t.deps(), { resetTokenId: link.id, userId: user.id })).toEqual({ ok: true });
    expect(await verifyPassword((await userRow(user.id)).passwordHash, NEW_PASSWORD)).toBe(true);
    expect(await liveSessions(user.id)).toBe(0);
    const after = await db.loginChallenge.findMany({ where: { userId: user.id, consumedAt: null } });
    // Only the reset's own challenge is left to redeem; the old password's sign-in in flight is void.
    expect(after.map((c) => c.tokenHash)).toEqual([hashToken(second.challengeToken)]);
    expect(t.notices).toHaveLength(1);
  });

  it("with MFA, end to end: a wrong code changes nothing; the right one at the OTP step applies it, and the reset's challenge then signs in", async () => {
    const { user, secret } = await seedTotpUser(db, t.deps().ring);
    const token = await linkFor(user.email);
    const chosen = await choosePassword(t.deps(), { token, newPassword: NEW_PASSWORD });
    if (!chosen.ok || chosen.next !== "VERIFY") throw new Error("expected the OTP step");
    const pending = async () => (await findPendingChallenge(db, chosen.challengeToken, t.deps().now))!;
    // Nothing to redeem before the code.
    expect(await redeemSignIn(db, { token: chosen.challengeToken, now: t.deps().now })).toMatchObject({ ok: false });
    const right = totpCode(secret, t.deps().now);
    expect(await verifySignInCode(t.deps(), await pending(), right === "000000" ? "111111" : "000000")).toMatchObject({ ok: false, error: "INVALID_CODE" });
    expect((await userRow(user.id)).passwordHash).toBe(user.passwordHash);
    expect(await verifySignInCode(t.deps(), await pending(), right)).toMatchObject({ ok: true });
    expect(await verifyPassword((await userRow(user.id)).passwordHash, NEW_PASSWORD)).toBe(true);
    expect(await redeemSignIn(db, { token: chosen.challengeToken, now: t.deps().now })).toMatchObject({ ok: true, userId: user.id });
    expect(await isResetLinkLive(db, token, t.deps().now)).toBe(false);
  });

  it("with an authenticator, the mailbox alone never gets in: no emailed code instead, not even posted directly", async () => {
    const { user } = await seedTotpUser(db, t.deps().ring);
    const token = await linkFor(user.email);
    const chosen = await choosePassword(t.deps(), { token, newPassword: NEW_PASSWORD });
    if (!chosen.ok || chosen.next !== "VERIFY") throw new Error("expected the OTP step");
    const challenge = (await findPendingChallenge(db, chosen.challengeToken, t.deps().now))!;
    expect(verifyPageState(challenge)).toMatchObject({ mode: "TOTP", canEmailInstead: false });
    const before = t.sent.length;
    expect(await sendSignInCode(t.deps(), challenge, { emailInstead: true })).toEqual({ ok: false, error: "AUTHENTICATOR_ONLY" });
    expect(t.sent.length).toBe(before);
    expect((await userRow(user.id)).passwordHash).toBe(user.passwordHash);
  });

  it("a link voided while its sign-in waits for the code: the code is refused and not used up", async () => {
    const { user, secret } = await seedTotpUser(db, t.deps().ring);
    const token = await linkFor(user.email);
    const chosen = await choosePassword(t.deps(), { token, newPassword: NEW_PASSWORD });
    if (!chosen.ok || chosen.next !== "VERIFY") throw new Error("expected the OTP step");
    const challenge = (await findPendingChallenge(db, chosen.challengeToken, t.deps().now))!;
    // Someone asks for another link meanwhile: this one is voided.
    await linkFor(user.email);
    expect(await verifySignInCode(t.deps(), challenge, totpCode(secret, t.deps().now))).toEqual({ ok: false, error: "CHALLENGE_EXPIRED" });
    expect((await userRow(user.id)).totpLastStep).toBe(user.totpLastStep);
    expect(await findPendingChallenge(db, chosen.challengeToken, t.deps().now)).toBeNull();
    expect((await userRow(user.id)).passwordHash).toBe(user.passwordHash);
  });

  it("does not apply when no password was chosen, for another user, or once used", async () => {
    const user = await seedUser(db);
    const other = await seedUser(db);
    const token = await linkFor(user.email);
    const link = await db.passwordResetToken.findFirstOrThrow({ where: { tokenHash: hashToken(token) } });
    expect(await applyPasswordReset(t.deps(), { resetTokenId: link.id, userId: user.id })).toEqual({ ok: false, error: "RESET_LINK_INVALID" });
    await db.passwordResetToken.update({ where: { id: link.id }, data: { newPasswordHash: "$argon2id$v=19$m=19456,t=2,p=1$not$real" } });
    expect(await applyPasswordReset(t.deps(), { resetTokenId: link.id, userId: other.id })).toEqual({ ok: false, error: "RESET_LINK_INVALID" });
    expect((await userRow(user.id)).passwordHash).toBe(user.passwordHash);
    expect((await userRow(other.id)).passwordHash).toBe(other.passwordHash);
    expect(t.notices).toHaveLength(0);
  });

  it("is single-use under concurrency: of 10 simultaneous applications exactly one succeeds", async () => {
    const { user } = await seedTotpUser(db, t.deps().ring);
    const token = await linkFor(user.email);
    expect(await choosePassword(t.deps(), { token, newPassword: NEW_PASSWORD })).toMatchObject({ ok: true, next: "VERIFY" });
    const link = await db.passwordResetToken.findFirstOrThrow({ where: { userId: user.id } });
    const results = await Promise.all(Array.from({ length: 10 }, () => applyPasswordReset(t.deps(), { resetTokenId: link.id, userId: user.id })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toHaveLength(9);
    expect(await db.securityEvent.count({ where: { userId: user.id, type: "PASSWORD_RESET" } })).toBe(1);
    expect(t.notices).toHaveLength(1);
    expect(await verifyPassword((await userRow(user.id)).passwordHash, NEW_PASSWORD)).toBe(true);
  });

  it("lifts the password failure ceiling and records it", async () => {
    const user = await seedUser(db);
    const now = t.deps().now;
    await db.limitCounter.create({
      data: { scope: "PASSWORD_ACCOUNT", key: limitKey(user.email), failures: 7, streak: FAILURE_CEILING, windowStart: now, updatedAt: now },
    });
    const signIn = (password: string) => passwordStep(db, { email: user.email, password, callbackUrl: "/", meta: meta(), now: t.deps().now });
    expect(await signIn(TEST_PASSWORD)).toEqual({ ok: false, error: "SIGN_IN_DISABLED" });

    const token = await linkFor(user.email);
    expect(await choosePassword(t.deps(), { token, newPassword: NEW_PASSWORD })).toMatchObject({ ok: true, next: "SIGN_IN" });
    expect(await db.limitCounter.findUniqueOrThrow({ where: { scope_key: { scope: "PASSWORD_ACCOUNT", key: limitKey(user.email) } } })).toMatchObject({
      failures: 0,
      streak: 0,
      lockedUntil: null,
    });
    expect(await db.securityEvent.findFirst({ where: { userId: user.id, type: "SIGN_IN_UNLOCKED" } })).toMatchObject({ detail: "a password reset" });
    expect(await signIn(NEW_PASSWORD)).toMatchObject({ ok: true });
  });

  it("clears failures below the ceiling without recording an unblock", async () => {
    const user = await seedUser(db);
    const now = t.deps().now;
    await db.limitCounter.create({ data: { scope: "PASSWORD_ACCOUNT", key: limitKey(user.email), failures: 12, streak: 30, windowStart: now, updatedAt: now } });
    const token = await linkFor(user.email);
    expect(await choosePassword(t.deps(), { token, newPassword: NEW_PASSWORD })).toMatchObject({ ok: true });
    expect(await db.limitCounter.findUniqueOrThrow({ where: { scope_key: { scope: "PASSWORD_ACCOUNT", key: limitKey(user.email) } } })).toMatchObject({ failures: 0, streak: 0 });
    expect(await db.securityEvent.count({ where: { userId: user.id, type: "SIGN_IN_UNLOCKED" } })).toBe(0);
  });

  it("is refused once the user's company signs in with SSO", async () => {
    const user = await seedUser(db);
    const token = await linkFor(user.email);
    const sso = await seedUser(db, { sso: true });
    await db.user.update({ where: { id: user.id }, data: { companyId: sso.companyId } });
    expect(await isResetLinkLive(db, token, t.deps().now)).toBe(false);
    expect(await choosePassword(t.deps(), { token, newPassword: NEW_PASSWORD })).toEqual({ ok: false, error: "SSO_REQUIRED" });
    // Nor does a password chosen before the switch apply after it.
    const link = await db.passwordResetToken.update({ where: { tokenHash: hashToken(token) }, data: { newPasswordHash: "$argon2id$v=19$m=19456,t=2,p=1$not$real" } });
    expect(await applyPasswordReset(t.deps(), { resetTokenId: link.id, userId: user.id })).toEqual({ ok: false, error: "RESET_LINK_INVALID" });
    expect((await userRow(user.id)).passwordHash).toBe(user.passwordHash);
  });
});

describe("The new-password form's schema", () => {
  it("has Change password's rules and messages", () => {
    const parse = (newPassword: string, confirmPassword: string) => resetPasswordSchema.safeParse({ token: "t", newPassword, confirmPassword });
    expect(parse(NEW_PASSWORD, NEW_PASSWORD).success).toBe(true);
    expect(parse("short", "short").error?.issues.map((i) => i.message)).toEqual(["Use at least 12 characters."]);
    expect(parse(NEW_PASSWORD, `${NEW_PASSWORD}!`).error?.issues).toEqual([expect.objectContaining({ path: ["confirmPassword"], message: "The passwords don't match." })]);
  });
});
