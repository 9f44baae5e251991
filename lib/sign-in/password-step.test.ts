import { beforeEach, describe, expect, it } from "vitest";
import { createTestDb, seedUser, TEST_PASSWORD } from "@/lib/testing/test-db";
import { LIMITS } from "@/lib/security/limits";
import { passwordStep } from "./password-step";

const db = createTestDb();
const t0 = new Date("2026-11-27T12:00:00Z");
const at = (ms: number) => new Date(t0.getTime() + ms);
let ipCounter = 0;
let ip: string;

beforeEach(() => {
  ip = `198.51.100.${++ipCounter}`;
});

const attempt = (email: string, password: string, now: Date, fromIp = ip) =>
  passwordStep(db, { email, password, callbackUrl: "/", meta: { ip: fromIp, userAgent: "test" }, now });

describe("password step", () => {
  it("at most 5 sign-ins wait for a code per account: a sixth voids the oldest", async () => {
    const user = await seedUser(db, { mfaMethod: "TOTP" });
    const tokens: string[] = [];
    for (let i = 0; i < 7; i++) {
      const result = await attempt(user.email, TEST_PASSWORD, at(i * 1000));
      if (!result.ok) throw new Error(result.error);
      tokens.push(result.token);
    }
    const { findPendingChallenge } = await import("./otp-step");
    const pending = await Promise.all(tokens.map((token) => findPendingChallenge(db, token, at(10_000))));
    expect(pending.map((c) => c !== null)).toEqual([false, false, true, true, true, true, true]);
    expect(await db.loginChallenge.count({ where: { userId: user.id, consumedAt: null, completedAt: null } })).toBe(5);
  });

  it("opens a challenge for the right password and records nothing secret", async () => {
    const user = await seedUser(db);
    const result = await attempt(user.email, TEST_PASSWORD, at(0));
    expect(result).toMatchObject({ ok: true, mfaMethod: "NONE", userId: user.id });
    const rows = JSON.stringify(await db.limitCounter.findMany());
    expect(rows).not.toContain(user.email);
    expect(rows).not.toContain(ip);
  });

  it("after 10 wrong passwords in 15 minutes the account is locked for 15 minutes, right password or not", async () => {
    const user = await seedUser(db);
    for (let i = 0; i < LIMITS.passwordPerAccount.max; i++) {
      expect(await attempt(user.email, `wrong-${i}`, at(i * 1000), `192.0.2.${i}`)).toEqual({ ok: false, error: "INVALID_CREDENTIALS" });
    }
    const locked = await attempt(user.email, TEST_PASSWORD, at(60_000));
    expect(locked).toMatchObject({ ok: false, error: "TOO_MANY_ATTEMPTS" });
    expect(await attempt(user.email, "wrong", at(60_000))).toEqual(locked);
    const events = await db.securityEvent.findMany({ where: { userId: user.id }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => e.type)).toContain("LOCKOUT");
    expect((await attempt(user.email, TEST_PASSWORD, at(9_000 + 15 * 60_000))).ok).toBe(true);
  });

  it("unknown emails are limited the same way (no hint that an account exists)", async () => {
    for (let i = 0; i < LIMITS.passwordPerAccount.max; i++) await attempt("ghost@example.test", "wrong", at(i));
    expect(await attempt("ghost@example.test", "wrong", at(100))).toMatchObject({ ok: false, error: "TOO_MANY_ATTEMPTS" });
  });

  it("one IP gets at most 50 failed attempts in 15 minutes, across accounts", async () => {
    const user = await seedUser(db);
    for (let i = 0; i < LIMITS.passwordPerIp.max; i++) await attempt(`spray-${i}@example.test`, "wrong", at(i));
    expect(await attempt(user.email, TEST_PASSWORD, at(1000))).toMatchObject({ ok: false, error: "TOO_MANY_ATTEMPTS" });
    expect((await attempt(user.email, TEST_PASSWORD, at(1000), "192.0.2.200")).ok).toBe(true);
    expect((await attempt(user.email, TEST_PASSWORD, at(15 * 60_000 + 100))).ok).toBe(true);
  });
});
