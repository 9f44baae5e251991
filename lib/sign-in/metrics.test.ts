import { describe, expect, it } from "vitest";
import { createMetrics } from "@/lib/metrics/registry";
import { LIMITS } from "@/lib/security/limits";
import { createTestDb, seedUser, TEST_PASSWORD } from "@/lib/testing/test-db";
import { metricValue } from "@/lib/testing/metrics";
import { measureOtpStep, measurePasswordStep, otpMethodOf } from "./metrics";
import type { PendingChallenge } from "./otp-step";
import { passwordStep } from "./password-step";

const db = createTestDb();

function fresh() {
  const m = createMetrics();
  const value = (name: string, labels?: Record<string, string>) => metricValue(m.registry, `staff_portal_${name}`, labels);
  return { m, value };
}

const ok = { ok: true, switchedToEmail: false, mfaReset: false, passwordReset: false } as const;

describe("sign-in metrics", () => {
  it("a password step counts its result and its time once, and the lock it started", async () => {
    const { m, value } = fresh();
    await measurePasswordStep(async () => ({ ok: true, token: "t", mfaMethod: "TOTP", userId: "u" }), m);
    await measurePasswordStep(async () => ({ ok: false, error: "INVALID_CREDENTIALS" }), m);
    await measurePasswordStep(async () => ({ ok: false, error: "INVALID_CREDENTIALS", lockedNow: true }), m);
    await measurePasswordStep(async () => ({ ok: false, error: "TOO_MANY_ATTEMPTS", retryAt: new Date() }), m);
    expect(await value("password_steps_total", { result: "success" })).toBe(1);
    expect(await value("password_steps_total", { result: "invalid_credentials" })).toBe(2);
    expect(await value("password_steps_total", { result: "too_many_attempts" })).toBe(1);
    expect(await value("lockouts_total", { scope: "password_client" })).toBe(1);
    expect(await value("password_step_duration_seconds_count")).toBe(4);
  });

  it("a step that throws is counted as an error, timed, and the error goes on", async () => {
    const { m, value } = fresh();
    await expect(measurePasswordStep(() => Promise.reject(new Error("database down")), m)).rejects.toThrow("database down");
    await expect(measureOtpStep("email", () => Promise.reject(new Error("database down")), m)).rejects.toThrow("database down");
    expect(await value("password_steps_total", { result: "error" })).toBe(1);
    expect(await value("password_step_duration_seconds_count")).toBe(1);
    expect(await value("otp_steps_total", { method: "email", result: "error" })).toBe(1);
    expect(await value("otp_step_duration_seconds_count")).toBe(1);
  });

  it("an OTP step counts by method, a recovery code used up, and the OTP lock", async () => {
    const { m, value } = fresh();
    await measureOtpStep("totp", async () => ({ ok: false, error: "INVALID_CODE" }), m);
    await measureOtpStep("totp", async () => ({ ok: false, error: "INVALID_CODE", lockedNow: true }), m);
    await measureOtpStep("totp", async () => ok, m);
    await measureOtpStep("recovery", async () => ok, m);
    await measureOtpStep("recovery", async () => ({ ok: false, error: "INVALID_CODE" }), m);
    await measureOtpStep("admin-code", async () => ({ ok: false, error: "ACCESS_CODE_FORMAT" }), m);
    expect(await value("otp_steps_total", { method: "totp", result: "invalid_code" })).toBe(2);
    expect(await value("otp_steps_total", { method: "totp", result: "success" })).toBe(1);
    expect(await value("otp_steps_total", { method: "recovery", result: "success" })).toBe(1);
    expect(await value("otp_steps_total", { method: "recovery", result: "invalid_code" })).toBe(1);
    expect(await value("otp_steps_total", { method: "admin-code", result: "access_code_format" })).toBe(1);
    expect(await value("lockouts_total", { scope: "otp_account" })).toBe(1);
    expect(await value("recovery_codes_used_total")).toBe(1);
    expect(await value("otp_step_duration_seconds_count")).toBe(6);
  });

  it("labels a code by the user's method, or by the kind of backup code", () => {
    const challenge = (mfaMethod: "TOTP" | "EMAIL", switchToEmail = false) =>
      ({ switchToEmail, emailAllowed: true, resetTokenId: null, user: { mfaMethod } }) as unknown as PendingChallenge;
    expect(otpMethodOf(challenge("TOTP"), "code")).toBe("totp");
    expect(otpMethodOf(challenge("TOTP", true), "code")).toBe("email");
    expect(otpMethodOf(challenge("EMAIL"), "code")).toBe("email");
    expect(otpMethodOf(challenge("TOTP"), "recovery")).toBe("recovery");
    expect(otpMethodOf(challenge("EMAIL"), "access")).toBe("admin-code");
  });

  it("10 real wrong passwords from one client: 10 refusals, exactly one lockout; then the lock's refusal", async () => {
    const { m, value } = fresh();
    const user = await seedUser(db);
    const now = new Date("2026-11-27T12:00:00Z");
    const attempt = (password: string) =>
      measurePasswordStep(() => passwordStep(db, { email: user.email, password, callbackUrl: "/", meta: { ip: "198.51.100.9", userAgent: "test" }, now }), m);
    for (let i = 0; i < LIMITS.passwordPerClient.max; i++) await attempt(`wrong-${i}`);
    await attempt(TEST_PASSWORD);
    expect(await value("password_steps_total", { result: "invalid_credentials" })).toBe(LIMITS.passwordPerClient.max);
    expect(await value("password_steps_total", { result: "too_many_attempts" })).toBe(1);
    expect(await value("password_steps_total", { result: "success" })).toBe(0);
    expect(await value("lockouts_total", { scope: "password_client" })).toBe(1);
    expect(await value("password_step_duration_seconds_count")).toBe(LIMITS.passwordPerClient.max + 1);
  });
});
