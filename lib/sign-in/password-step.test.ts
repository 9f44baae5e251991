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

  it("10 wrong passwords from one client lock that client out for 15 minutes, right password or not", async () => {
    const user = await seedUser(db);
    for (let i = 0; i < LIMITS.passwordPerClient.max; i++) {
      // The same answer each time; only the result of the tenth says (to the metrics) that it started the lock.
      const lockedNow = i === LIMITS.passwordPerClient.max - 1 ? { lockedNow: true } : {};
      expect(await attempt(user.email, `wrong-${i}`, at(i * 1000))).toEqual({ ok: false, error: "INVALID_CREDENTIALS", ...lockedNow });
    }
    const locked = await attempt(user.email, TEST_PASSWORD, at(60_000));
    expect(locked).toMatchObject({ ok: false, error: "TOO_MANY_ATTEMPTS", retryAt: at(9_000 + 15 * 60_000) });
    expect(await attempt(user.email, "wrong", at(60_000))).toEqual(locked);
    const events = await db.securityEvent.findMany({ where: { userId: user.id }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => e.type)).toContain("LOCKOUT");
    // Another client is not locked: only delayed (1 s after the tenth failure), and gets in.
    expect((await attempt(user.email, TEST_PASSWORD, at(60_000), "203.0.113.50")).ok).toBe(true);
    expect((await attempt(user.email, TEST_PASSWORD, at(9_000 + 15 * 60_000))).ok).toBe(true);
  });

  it("failures from many clients delay further attempts account-wide (1 s doubling to 30 s); the owner's known browser is not delayed", async () => {
    const user = await seedUser(db);
    // An attacker spreads 15 attempts over 15 addresses inside 150 ms: 10 are checked, then each must wait.
    const burst = [];
    for (let i = 0; i < 15; i++) burst.push(await attempt(user.email, `guess-${i}`, at(i * 10), `192.0.2.${i + 1}`));
    expect(burst.filter((r) => !r.ok && r.error === "INVALID_CREDENTIALS")).toHaveLength(10);
    expect(burst.slice(10)).toEqual(Array(5).fill({ ok: false, error: "TOO_MANY_ATTEMPTS", retryAt: expect.any(Date) }));
    // A new client right after: told to wait (1 s after the tenth failure at 90 ms, and at least a second).
    expect(await attempt(user.email, TEST_PASSWORD, at(1_000), "198.51.100.200")).toMatchObject({ ok: false, error: "TOO_MANY_ATTEMPTS", retryAt: at(2_000) });
    // Waiting doubles: an attacker honouring each delay gets 1 s, 2 s, 4 s ... 30 s apart.
    const waits: number[] = [];
    let clock = 1_100;
    for (let i = 0; i < 7; i++) {
      let result = await attempt(user.email, `patient-${i}`, at(clock), `192.0.2.${100 + i}`);
      while (!result.ok && result.error === "TOO_MANY_ATTEMPTS") {
        const next = result.retryAt.getTime() - t0.getTime();
        waits.push(next - clock);
        clock = next;
        result = await attempt(user.email, `patient-${i}`, at(clock), `192.0.2.${100 + i}`);
      }
      expect(result).toEqual({ ok: false, error: "INVALID_CREDENTIALS" });
    }
    expect(Math.max(...waits)).toBeLessThanOrEqual(30_000);
    expect(waits.at(-1)).toBe(30_000);
    // The owner's browser, known for this account, is let through at once.
    expect(await passwordStep(db, { email: user.email, password: TEST_PASSWORD, callbackUrl: "/", meta: { ip: "198.51.100.201", userAgent: "owner" }, now: at(clock), knownDeviceId: "owner-laptop" })).toMatchObject({ ok: true });
    // Its success cleared the account-wide count: a new client is no longer delayed.
    expect((await attempt(user.email, TEST_PASSWORD, at(clock + 100), "198.51.100.202")).ok).toBe(true);
  });

  it("while 12 clients hammer the account, the owner at their known browser signs in every time", async () => {
    const user = await seedUser(db);
    const attacker = (i: number, ms: number) => attempt(user.email, `guess-${i}`, at(ms), `192.0.2.${(i % 12) + 1}`);
    for (let round = 0; round < 5; round++) {
      await Promise.all(Array.from({ length: 12 }, (_, i) => attacker(round * 12 + i, round * 60_000)));
      const owner = await passwordStep(db, { email: user.email, password: TEST_PASSWORD, callbackUrl: "/", meta: { ip: "203.0.113.9", userAgent: "owner" }, now: at(round * 60_000 + 500), knownDeviceId: "owner-laptop" });
      expect(owner, `round ${round}`).toMatchObject({ ok: true });
    }
  });

  it("unknown emails are limited the same way (no hint that an account exists)", async () => {
    for (let i = 0; i < LIMITS.passwordPerClient.max; i++) await attempt("ghost@example.test", "wrong", at(i));
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
