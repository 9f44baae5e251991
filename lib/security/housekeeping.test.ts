import { describe, expect, it } from "vitest";
import { openChallenge } from "@/lib/sign-in/challenge";
import { startSession } from "@/lib/auth/sessions";
import { issueEmailCode } from "@/lib/mfa/email-code-store";
import { createTestDb, seedUser } from "@/lib/testing/test-db";
import { pruneExpired } from "./housekeeping";

const db = createTestDb();
const HOUR = 60 * 60 * 1000;
const t0 = new Date("2026-11-27T12:00:00Z");
const at = (ms: number) => new Date(t0.getTime() + ms);

describe("pruneExpired", () => {
  it("deletes only what no check can use any more", async () => {
    const user = await seedUser(db);
    await openChallenge(db, { userId: user.id, callbackUrl: "/", mfaRequired: true, now: t0 });
    await issueEmailCode(db, Buffer.alloc(32), { userId: user.id, purpose: "ENROLL" }, t0);
    const old = await startSession(db, { userId: user.id, amr: ["pwd"], now: t0 });
    await db.limitCounter.create({ data: { scope: "PASSWORD_IP", key: "k", failures: 1, windowStart: t0, updatedAt: t0 } });
    // Failures in a row outlive every window: the hard ceiling must not be forgotten by housekeeping.
    await db.limitCounter.create({ data: { scope: "PASSWORD_ACCOUNT", key: "in-a-row", failures: 3, streak: 42, windowStart: t0, updatedAt: t0 } });
    await db.securityEvent.create({ data: { userId: user.id, type: "SIGN_IN_SUCCESS", createdAt: t0 } });
    await db.passwordResetToken.create({ data: { userId: user.id, tokenHash: "old-link", expiresAt: at(HOUR / 2), createdAt: t0 } });
    await db.mfaAccessCode.create({ data: { userId: user.id, issuedByName: "An admin", reason: "Lost phone", codeHash: "h", expiresAt: at(HOUR), createdAt: t0 } });

    const later = at(40 * HOUR);
    const fresh = await startSession(db, { userId: user.id, amr: ["pwd"], now: later });
    await openChallenge(db, { userId: user.id, callbackUrl: "/", mfaRequired: true, now: later });
    await db.passwordResetToken.create({ data: { userId: user.id, tokenHash: "new-link", expiresAt: at(40 * HOUR + HOUR / 2), createdAt: later } });
    const events = await db.securityEvent.count({ where: { userId: user.id } });
    await pruneExpired(db, later, 12 * HOUR);

    expect(await db.loginChallenge.count({ where: { userId: user.id } })).toBe(1);
    expect(await db.emailCode.count({ where: { userId: user.id } })).toBe(0);
    expect((await db.passwordResetToken.findMany({ where: { userId: user.id } })).map((r) => r.tokenHash)).toEqual(["new-link"]);
    // Access codes are the audit log's evidence: kept.
    expect(await db.mfaAccessCode.count({ where: { userId: user.id } })).toBe(1);
    expect(await db.limitCounter.count({ where: { key: "k" } })).toBe(0);
    expect(await db.limitCounter.findUnique({ where: { scope_key: { scope: "PASSWORD_ACCOUNT", key: "in-a-row" } } })).toMatchObject({ streak: 42 });
    expect((await db.userSession.findMany({ where: { userId: user.id } })).map((s) => s.id)).toEqual([fresh]);
    expect(old).not.toBe(fresh);
    expect(await db.securityEvent.count({ where: { userId: user.id } })).toBe(events);
  });
});
