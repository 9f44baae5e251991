import { beforeEach, describe, expect, it } from "vitest";
import { createTestDb, seedUser, TEST_PASSWORD } from "@/lib/testing/test-db";
import { testMfaDeps } from "@/lib/testing/mfa-deps";
import { confirmAuthenticator, confirmEmailMethod, sendStepUpCode, startMfaChange } from "./settings";
import { openSecret } from "./secret-box";
import { totpCode } from "./totp";

const db = createTestDb();
let t: ReturnType<typeof testMfaDeps>;
let caller: { userId: string; sessionId: string | undefined };

beforeEach(async () => {
  t = testMfaDeps(db);
  caller = { userId: (await seedUser(db)).id, sessionId: undefined };
});

const user = () => db.user.findUniqueOrThrow({ where: { id: caller.userId } });
const save = (method: "NONE" | "TOTP" | "EMAIL", currentPassword = TEST_PASSWORD, currentCode?: string) =>
  startMfaChange(t.deps(), caller, { method, currentPassword, currentCode });

async function enrollAuthenticator() {
  const started = await save("TOTP");
  if (!started.ok || started.state !== "totp-pending") throw new Error("expected a pending enrollment");
  t.advance(30_000);
  expect(await confirmAuthenticator(t.deps(), caller, totpCode(started.secret, t.deps().now))).toMatchObject({ ok: true });
  return started.secret;
}

describe("MFA settings", () => {
  it("need the current password and change nothing without it", async () => {
    expect(await save("TOTP", "wrong-password")).toEqual({ ok: false, error: "WRONG_CURRENT_PASSWORD" });
    expect((await user()).pendingTotpSecret).toBeNull();
  });

  it("are refused to users of SSO companies", async () => {
    caller = { userId: (await seedUser(db, { sso: true })).id, sessionId: undefined };
    expect(await save("EMAIL", "")).toEqual({ ok: false, error: "MFA_MANAGED_BY_SSO" });
  });

  it("authenticator: pending until confirmed, stored encrypted, a wrong code changes nothing", async () => {
    const started = await save("TOTP");
    if (!started.ok || started.state !== "totp-pending") throw new Error("expected pending");
    expect(started.uri).toContain(`secret=${started.secret}`);
    const pending = await user();
    expect(pending.mfaMethod).toBe("NONE");
    expect(pending.pendingTotpSecret).not.toContain(started.secret);
    const code = totpCode(started.secret, t.deps().now);
    const wrong = code === "000000" ? "111111" : "000000";
    expect(await confirmAuthenticator(t.deps(), caller, wrong)).toEqual({ ok: false, error: "INVALID_CODE" });
    expect((await user()).mfaMethod).toBe("NONE");
    // MFA was off: a first set of recovery codes comes with it (lib/mfa/recovery-codes.test.ts).
    expect(await confirmAuthenticator(t.deps(), caller, code)).toEqual({ ok: true, recoveryCodes: expect.any(Array) });
    const on = await user();
    expect(on.mfaMethod).toBe("TOTP");
    // Re-sealed for its new column, for this user: the same secret, a different ciphertext.
    expect(on.totpSecret).not.toBe(pending.pendingTotpSecret);
    expect(openSecret(on.totpSecret!, t.deps().ring, { userId: on.id, field: "totpSecret" })).toBe(started.secret);
    expect(() => openSecret(pending.pendingTotpSecret!, t.deps().ring, { userId: on.id, field: "totpSecret" })).toThrow();
    expect(on.pendingTotpSecret).toBeNull();
    expect(t.notices.at(-1)?.subject).toMatch(/Security notice/);
  });

  it("an abandoned enrollment expires after 15 minutes", async () => {
    const started = await save("TOTP");
    if (!started.ok || started.state !== "totp-pending") throw new Error("expected pending");
    t.advance(16 * 60_000);
    expect(await confirmAuthenticator(t.deps(), caller, totpCode(started.secret, t.deps().now))).toEqual({ ok: false, error: "NO_PENDING_ENROLLMENT" });
  });

  it("two concurrent confirms of one enrollment give one active method", async () => {
    const started = await save("TOTP");
    if (!started.ok || started.state !== "totp-pending") throw new Error("expected pending");
    const code = totpCode(started.secret, t.deps().now);
    const results = await Promise.all([confirmAuthenticator(t.deps(), caller, code), confirmAuthenticator(t.deps(), caller, code)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(t.notices).toHaveLength(1);
  });

  it("email: a code is emailed, confirming turns Email on and deletes the authenticator secret", async () => {
    const secret = await enrollAuthenticator();
    t.advance(30_000);
    const started = await save("EMAIL", TEST_PASSWORD, totpCode(secret, t.deps().now));
    expect(started).toMatchObject({ ok: true, state: "email-pending" });
    expect((await user()).mfaMethod).toBe("TOTP");
    expect(t.sent.at(-1)?.html).toContain(t.lastCode());
    // A change of method keeps the recovery codes of the authenticator's enrolment.
    expect(await confirmEmailMethod(t.deps(), caller, t.lastCode())).toEqual({ ok: true, recoveryCodes: null });
    const after = await user();
    expect(after).toMatchObject({ mfaMethod: "EMAIL", totpSecret: null, totpLastStep: null });
    // Every change is announced to the owner and logged: on, then changed.
    expect(t.notices.map((n) => n.text.split("\n")[0])).toEqual([
      "Multi-factor authentication with an authenticator app is now on for your account.",
      "Multi-factor authentication with email codes is now on for your account.",
    ]);
    const events = await db.securityEvent.findMany({ where: { userId: caller.userId } });
    expect(events.map((e) => `${e.type} ${e.detail}`).sort()).toEqual(["MFA_CHANGED EMAIL", "MFA_ENABLED TOTP"]);
  });

  it("email provider down: a clear error and nothing changed", async () => {
    t.setEmailDown(true);
    expect(await save("EMAIL")).toEqual({ ok: false, error: "EMAIL_FAILED" });
    expect((await user()).mfaMethod).toBe("NONE");
    expect(await db.emailCode.count({ where: { userId: caller.userId } })).toBe(0);
  });

  it("None turns MFA off and deletes the secret; coming back means a new secret", async () => {
    const first = await enrollAuthenticator();
    t.advance(30_000);
    expect(await save("NONE", TEST_PASSWORD, totpCode(first, t.deps().now))).toEqual({ ok: true, state: "disabled" });
    expect(await user()).toMatchObject({ mfaMethod: "NONE", totpSecret: null });
    expect(t.notices.at(-1)?.text).toContain("Multi-factor authentication has been turned off");
    const again = await save("TOTP");
    if (!again.ok || again.state !== "totp-pending") throw new Error("expected pending");
    expect(again.secret).not.toBe(first);
  });

  it("a change of method signs out the user's other sessions, not this one", async () => {
    const mk = (id: string) => db.userSession.create({ data: { id, userId: caller.userId, amr: "pwd" } });
    await mk(`this-${caller.userId}`);
    await mk(`other-${caller.userId}`);
    caller.sessionId = `this-${caller.userId}`;
    await enrollAuthenticator();
    const sessions = await db.userSession.findMany({ where: { userId: caller.userId }, orderBy: { id: "asc" } });
    const active = Object.fromEntries(sessions.map((s) => [s.id.split("-")[0], s.revokedAt === null]));
    expect(active).toEqual({ other: false, this: true });
  });

  it("step-up: with an authenticator on, changing or turning off MFA needs a current code from it too (used once)", async () => {
    const secret = await enrollAuthenticator();
    t.advance(30_000);
    expect(await save("NONE")).toEqual({ ok: false, error: "STEP_UP_REQUIRED" });
    const code = totpCode(secret, t.deps().now);
    expect(await save("NONE", TEST_PASSWORD, code === "000000" ? "111111" : "000000")).toEqual({ ok: false, error: "INVALID_CODE" });
    expect(await save("TOTP", TEST_PASSWORD)).toEqual({ ok: false, error: "STEP_UP_REQUIRED" });
    expect((await user()).mfaMethod).toBe("TOTP");
    expect(await save("NONE", TEST_PASSWORD, code)).toEqual({ ok: true, state: "disabled" });
    // Turning MFA on from None needs the password only.
    expect(await save("TOTP")).toMatchObject({ ok: true, state: "totp-pending" });
  });

  it("step-up: the same authenticator code does not work twice", async () => {
    const secret = await enrollAuthenticator();
    t.advance(30_000);
    const code = totpCode(secret, t.deps().now);
    expect(await save("TOTP", TEST_PASSWORD, code)).toMatchObject({ ok: true, state: "totp-pending" });
    expect(await save("NONE", TEST_PASSWORD, code)).toEqual({ ok: false, error: "INVALID_CODE" });
  });

  it("step-up: with Email on, a code emailed for the purpose; the sign-in code is not accepted", async () => {
    await db.user.update({ where: { id: caller.userId }, data: { mfaMethod: "EMAIL" } });
    expect(await save("NONE")).toEqual({ ok: false, error: "STEP_UP_REQUIRED" });
    expect(await sendStepUpCode(t.deps(), caller)).toMatchObject({ ok: true });
    const code = t.lastCode();
    expect(t.sent.at(-1)?.subject).toContain("Confirm a change");
    expect(await save("NONE", TEST_PASSWORD, code === "000000" ? "111111" : "000000")).toEqual({ ok: false, error: "INVALID_CODE" });
    expect(await save("NONE", TEST_PASSWORD, code)).toEqual({ ok: true, state: "disabled" });
  });

  it("step-up: 5 wrong codes in one session end that session", async () => {
    const secret = await enrollAuthenticator();
    await db.userSession.create({ data: { id: `s-${caller.userId}`, userId: caller.userId, amr: "pwd otp" } });
    caller.sessionId = `s-${caller.userId}`;
    const wrong = totpCode(secret, t.deps().now) === "000000" ? "111111" : "000000";
    for (let i = 0; i < 4; i++) expect(await save("NONE", TEST_PASSWORD, wrong)).toEqual({ ok: false, error: "INVALID_CODE" });
    expect(await save("NONE", TEST_PASSWORD, wrong)).toEqual({ ok: false, error: "SESSION_ENDED" });
    expect((await db.userSession.findUniqueOrThrow({ where: { id: caller.sessionId } })).revokedAt).not.toBeNull();
    expect((await user()).mfaMethod).toBe("TOTP");
  });
});

describe("MFA settings under the company's policy", () => {
  /** Moves the caller into a company of their own with this policy. */
  async function policy(p: { mfaRequired: boolean; mfaAllowedMethods: "ANY" | "TOTP_ONLY"; exemptUntil?: Date }) {
    const company = await db.company.create({
      data: { slug: `policy-${caller.userId}`, name: "Policy Co", mfaRequired: p.mfaRequired, mfaRequiredSince: p.mfaRequired ? t.deps().now : null, mfaGraceDays: 0, mfaAllowedMethods: p.mfaAllowedMethods },
    });
    await db.user.update({ where: { id: caller.userId }, data: { companyId: company.id, mfaExemptUntil: p.exemptUntil ?? null } });
  }

  it("required: None is refused (no password spent), the methods are not", async () => {
    await policy({ mfaRequired: true, mfaAllowedMethods: "ANY" });
    expect(await save("NONE")).toEqual({ ok: false, error: "METHOD_NOT_ALLOWED" });
    expect(await save("EMAIL")).toMatchObject({ ok: true, state: "email-pending" });
  });

  it("authenticator app only: Email is refused, also an Email enrollment started before the policy", async () => {
    const started = await save("EMAIL");
    expect(started).toMatchObject({ ok: true, state: "email-pending" });
    const code = t.lastCode();
    await policy({ mfaRequired: false, mfaAllowedMethods: "TOTP_ONLY" });
    expect(await save("EMAIL")).toEqual({ ok: false, error: "METHOD_NOT_ALLOWED" });
    expect(await confirmEmailMethod(t.deps(), caller, code)).toEqual({ ok: false, error: "METHOD_NOT_ALLOWED" });
    expect((await user()).mfaMethod).toBe("NONE");
    expect(await save("TOTP")).toMatchObject({ ok: true, state: "totp-pending" });
  });

  it("an exempt staff member may still choose None", async () => {
    await policy({ mfaRequired: true, mfaAllowedMethods: "ANY", exemptUntil: new Date(t.deps().now.getTime() + 86_400_000) });
    expect(await save("NONE")).toEqual({ ok: true, state: "unchanged" });
  });

  it("every change of method is copied into the company's audit log", async () => {
    await enrollAuthenticator();
    const entries = await db.auditEntry.findMany({ where: { actorId: caller.userId } });
    expect(entries.map((e) => [e.action, e.detail, e.targetId])).toEqual([["mfa.enabled", '{"method":"TOTP"}', caller.userId]]);
  });
});
