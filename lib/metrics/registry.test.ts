import { describe, expect, it } from "vitest";
import { metricValue } from "@/lib/testing/metrics";
import { createMetrics, metrics, observePool } from "./registry";

describe("metrics registry", () => {
  it("counts each call exactly once, per label set", async () => {
    const m = createMetrics();
    m.passwordSteps.inc({ result: "success" });
    m.otpSteps.inc({ method: "totp", result: "invalid_code" });
    m.otpSteps.inc({ method: "totp", result: "invalid_code" });
    m.lockouts.inc({ scope: "otp_account" });
    m.emails.inc({ transport: "outbox", result: "sent", via: "request" });
    m.emails.inc({ transport: "resend", result: "failed", via: "queue" });
    m.recoveryCodesUsed.inc();
    m.adminActions.inc({ action: "policy.changed" });
    m.passwordStepSeconds.observe(0.12);
    m.otpStepSeconds.observe(0.02);
    const value = (name: string, labels?: Record<string, string>) => metricValue(m.registry, `staff_portal_${name}`, labels);
    expect(await value("password_steps_total", { result: "success" })).toBe(1);
    expect(await value("password_steps_total", { result: "invalid_credentials" })).toBe(0);
    expect(await value("otp_steps_total", { method: "totp", result: "invalid_code" })).toBe(2);
    expect(await value("otp_steps_total", { method: "email", result: "invalid_code" })).toBe(0);
    expect(await value("lockouts_total", { scope: "otp_account" })).toBe(1);
    expect(await value("lockouts_total", { scope: "password_client" })).toBe(0);
    expect(await value("emails_total", { transport: "outbox", result: "sent", via: "request" })).toBe(1);
    expect(await value("emails_total", { transport: "resend", result: "failed", via: "queue" })).toBe(1);
    expect(await value("recovery_codes_used_total")).toBe(1);
    expect(await value("admin_actions_total", { action: "policy.changed" })).toBe(1);
    expect(await value("password_step_duration_seconds_count")).toBe(1);
    expect(await value("password_step_duration_seconds_sum")).toBeCloseTo(0.12);
    expect(await value("otp_step_duration_seconds_count")).toBe(1);
  });

  it("exposes the known series at 0 from the first scrape, in Prometheus's text format", async () => {
    const text = await createMetrics().registry.metrics();
    expect(text).toContain('staff_portal_password_steps_total{result="invalid_credentials"} 0');
    expect(text).toContain('staff_portal_otp_steps_total{method="admin-code",result="success"} 0');
    expect(text).toContain('staff_portal_lockouts_total{scope="password_client"} 0');
    expect(text).toContain("# TYPE staff_portal_password_step_duration_seconds histogram");
    expect(text).toContain("staff_portal_recovery_codes_used_total 0");
  });

  it("reads the pool at each scrape: in use, idle, waiting", async () => {
    let stats = { total: 5, idle: 2, waiting: 0 };
    const m = createMetrics({ poolStats: () => stats });
    const value = (state: string) => metricValue(m.registry, "staff_portal_db_pool_connections", { state });
    expect([await value("in_use"), await value("idle"), await value("waiting")]).toEqual([3, 2, 0]);
    stats = { total: 10, idle: 0, waiting: 4 };
    expect([await value("in_use"), await value("idle"), await value("waiting")]).toEqual([10, 0, 4]);
    // No pool yet (nothing has touched the database): all zero.
    expect(await metricValue(createMetrics().registry, "staff_portal_db_pool_connections", { state: "in_use" })).toBe(0);
  });

  it("adds Node.js's default metrics under the same prefix", async () => {
    const text = await createMetrics({ defaults: true }).registry.metrics();
    expect(text).toContain("staff_portal_process_cpu_user_seconds_total");
    expect(text).toContain("staff_portal_nodejs_heap_size_used_bytes");
  });

  it("is one registry per process, however often it is asked for, and reads the pool lib/db.ts registers", async () => {
    expect(metrics()).toBe(metrics());
    observePool(() => ({ total: 3, idle: 1, waiting: 2 }));
    expect(await metricValue(metrics().registry, "staff_portal_db_pool_connections", { state: "waiting" })).toBe(2);
  });
});
