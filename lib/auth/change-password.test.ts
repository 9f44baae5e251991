import { describe, expect, it } from "vitest";
import { limitKey } from "@/lib/security/rate-limit";
import { testMfaDeps } from "@/lib/testing/mfa-deps";
import { createTestDb, seedUser, TEST_PASSWORD } from "@/lib/testing/test-db";
import { changePassword } from "./change-password";
import { verifyPassword } from "./password";

const db = createTestDb();

async function signedInUser() {
  const user = await seedUser(db);
  const now = new Date("2026-11-27T12:00:00Z");
  for (const id of [`${user.id}-here`, `${user.id}-there`]) await db.userSession.create({ data: { id, userId: user.id, amr: "pwd", createdAt: now, lastSeenAt: now } });
  return user;
}

describe("Change password", () => {
  it("changes it, signs out the other browsers, records it and emails the owner a notice", async () => {
    const t = testMfaDeps(db);
    const user = await signedInUser();
    const result = await changePassword(t.deps(), { userId: user.id, sessionId: `${user.id}-here`, currentPassword: TEST_PASSWORD, newPassword: "violet tram 42 kettle" });
    expect(result).toEqual({ ok: true });
    const after = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(after.passwordHash, "violet tram 42 kettle")).toBe(true);
    expect((await db.userSession.findMany({ where: { userId: user.id, revokedAt: null } })).map((s) => s.id)).toEqual([`${user.id}-here`]);
    expect(await db.securityEvent.count({ where: { userId: user.id, type: "PASSWORD_CHANGED" } })).toBe(1);
    expect(t.notices).toHaveLength(1);
    expect(t.notices[0]).toMatchObject({ to: user.email });
    expect(t.notices[0]!.text).toContain("The password of your account was changed");
  });

  it.each(["Password2026!", "qwertyuiop123", "1qaz2wsx3edc"])("refuses the common password %s and changes, counts and sends nothing", async (common) => {
    const t = testMfaDeps(db);
    const user = await signedInUser();
    const result = await changePassword(t.deps(), { userId: user.id, sessionId: `${user.id}-here`, currentPassword: TEST_PASSWORD, newPassword: common });
    expect(result).toEqual({ ok: false, error: "PASSWORD_TOO_COMMON" });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBe(user.passwordHash);
    expect(await db.userSession.count({ where: { userId: user.id, revokedAt: null } })).toBe(2);
    expect(await db.limitCounter.count({ where: { scope: "PASSWORD_ACCOUNT", key: limitKey(user.email) } })).toBe(0);
    expect(t.notices).toHaveLength(0);
  });

  it("ends the sign-ins that passed the old password and still wait for a code", async () => {
    const t = testMfaDeps(db);
    const user = await signedInUser();
    const now = t.deps().now;
    const pending = await db.loginChallenge.create({ data: { tokenHash: `${user.id}-pending`, userId: user.id, expiresAt: new Date(now.getTime() + 600_000), createdAt: now } });
    expect(await changePassword(t.deps(), { userId: user.id, sessionId: `${user.id}-here`, currentPassword: TEST_PASSWORD, newPassword: "violet tram 42 kettle" })).toEqual({ ok: true });
    expect((await db.loginChallenge.findUniqueOrThrow({ where: { id: pending.id } })).consumedAt).not.toBeNull();
  });

  it("a wrong current password changes nothing and sends nothing", async () => {
    const t = testMfaDeps(db);
    const user = await signedInUser();
    expect(await changePassword(t.deps(), { userId: user.id, sessionId: undefined, currentPassword: "not-the-password", newPassword: "violet tram 42 kettle" })).toEqual({
      ok: false,
      error: "WRONG_CURRENT_PASSWORD",
    });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBe(user.passwordHash);
    expect(t.notices).toHaveLength(0);
  });

  it("5 wrong current passwords in one session end that session (recorded); another session is not affected", async () => {
    const t = testMfaDeps(db);
    const user = await signedInUser();
    const attempt = (sessionId: string, currentPassword: string) =>
      changePassword(t.deps(), { userId: user.id, sessionId, currentPassword, newPassword: "violet tram 42 kettle" });
    for (let i = 0; i < 4; i++) expect(await attempt(`${user.id}-here`, `wrong-${i}`)).toEqual({ ok: false, error: "WRONG_CURRENT_PASSWORD" });
    expect(await attempt(`${user.id}-here`, "wrong-5")).toEqual({ ok: false, error: "SESSION_ENDED" });
    expect((await db.userSession.findUniqueOrThrow({ where: { id: `${user.id}-here` } })).revokedAt).not.toBeNull();
    expect(await db.securityEvent.findFirst({ where: { userId: user.id, type: "SESSIONS_REVOKED", detail: "reauth" } })).not.toBeNull();
    // The sign-in limits were not touched, and the other session still changes the password.
    expect(await db.limitCounter.count({ where: { scope: "PASSWORD_ACCOUNT", key: limitKey(user.email) } })).toBe(0);
    expect(await attempt(`${user.id}-there`, TEST_PASSWORD)).toEqual({ ok: true });
  });

  it("an account locked at the sign-in form (10 wrong passwords from anywhere) does not stop its owner's open session from changing the password", async () => {
    const t = testMfaDeps(db);
    const user = await signedInUser();
    const { passwordStep } = await import("@/lib/sign-in/password-step");
    for (let i = 0; i < 11; i++) await passwordStep(db, { email: user.email, password: `guess-${i}`, callbackUrl: "/", meta: { ip: `198.51.100.${i + 1}`, userAgent: "attacker" }, now: t.deps().now });
    expect(await passwordStep(db, { email: user.email, password: TEST_PASSWORD, callbackUrl: "/", meta: { ip: "203.0.113.5", userAgent: "owner" }, now: t.deps().now })).toMatchObject({ ok: false, error: "TOO_MANY_ATTEMPTS" });
    expect(await changePassword(t.deps(), { userId: user.id, sessionId: `${user.id}-here`, currentPassword: TEST_PASSWORD, newPassword: "violet tram 42 kettle" })).toEqual({ ok: true });
  });
});
