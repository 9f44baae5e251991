import { describe, expect, it } from "vitest";
import { createTestDb } from "@/lib/testing/test-db";
import type { Limit } from "./limits";
import { beginAttempt, finishAttempt, limitKey } from "./rate-limit";

const db = createTestDb();
const t0 = new Date("2026-11-27T12:00:00Z");
const at = (ms: number) => new Date(t0.getTime() + ms);
const MIN = 60_000;
const locking: Limit = { max: 3, windowMs: 15 * MIN, lockMs: 15 * MIN, counts: "failures", resetOnSuccess: true };
const sliding: Limit = { max: 3, windowMs: 15 * MIN, counts: "failures" };

async function fail(key: string, limit: Limit, now: Date) {
  const begun = await beginAttempt(db, "PASSWORD_ACCOUNT", key, limit, now);
  if (!begun.ok) return begun;
  return { ok: true as const, ...(await finishAttempt(db, "PASSWORD_ACCOUNT", key, limit, "FAIL", now)) };
}

describe("rate limits in the database", () => {
  it("keys are hashes, never the identifier", () => {
    expect(limitKey("Alex@Acme.test")).toBe(limitKey("alex@acme.test"));
    expect(limitKey("alex@acme.test")).toMatch(/^[0-9a-f]{64}$/);
  });

  it("locks after max failures for lockMs, then lets attempts through again", async () => {
    const key = limitKey("lock@example.test");
    expect(await fail(key, locking, at(0))).toMatchObject({ ok: true, lockedUntil: null });
    expect(await fail(key, locking, at(MIN))).toMatchObject({ ok: true, lockedUntil: null });
    expect(await fail(key, locking, at(2 * MIN))).toEqual({ ok: true, lockedUntil: at(17 * MIN) });
    expect(await beginAttempt(db, "PASSWORD_ACCOUNT", key, locking, at(3 * MIN))).toEqual({ ok: false, retryAt: at(17 * MIN) });
    expect(await beginAttempt(db, "PASSWORD_ACCOUNT", key, locking, at(17 * MIN - 1))).toMatchObject({ ok: false });
    expect(await beginAttempt(db, "PASSWORD_ACCOUNT", key, locking, at(17 * MIN))).toMatchObject({ ok: true });
  });

  it("without a lock, a full window refuses until the window that began with the first failure has run out", async () => {
    const key = limitKey("203.0.113.7");
    for (const m of [0, 1, 2]) await fail(key, sliding, at(m * MIN));
    expect(await beginAttempt(db, "PASSWORD_ACCOUNT", key, sliding, at(5 * MIN))).toEqual({ ok: false, retryAt: at(15 * MIN) });
    expect(await beginAttempt(db, "PASSWORD_ACCOUNT", key, sliding, at(15 * MIN + 1))).toMatchObject({ ok: true });
  });

  it("a success clears earlier failures when the limit says so", async () => {
    const key = limitKey("reset@example.test");
    await fail(key, locking, at(0));
    await fail(key, locking, at(1));
    const begun = await beginAttempt(db, "PASSWORD_ACCOUNT", key, locking, at(2));
    if (!begun.ok) throw new Error("expected to begin");
    await finishAttempt(db, "PASSWORD_ACCOUNT", key, locking, "OK", at(2));
    expect(await fail(key, locking, at(3))).toMatchObject({ ok: true, lockedUntil: null });
    expect(await fail(key, locking, at(4))).toMatchObject({ ok: true, lockedUntil: null });
  });

  it("of 20 concurrent attempts exactly max get through", async () => {
    const key = limitKey("burst@example.test");
    const results = await Promise.all(Array.from({ length: 20 }, () => beginAttempt(db, "PASSWORD_ACCOUNT", key, locking, at(0))));
    expect(results.filter((r) => r.ok)).toHaveLength(3);
  });

  it("keys and scopes are independent", async () => {
    const a = limitKey("a@example.test");
    for (const m of [0, 1, 2]) await fail(a, locking, at(m));
    expect(await beginAttempt(db, "PASSWORD_ACCOUNT", limitKey("b@example.test"), locking, at(3))).toMatchObject({ ok: true });
    expect(await beginAttempt(db, "OTP_ACCOUNT", a, locking, at(3))).toMatchObject({ ok: true });
  });
});
