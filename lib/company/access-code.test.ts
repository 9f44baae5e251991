import { describe, expect, it } from "vitest";
import type { MfaMethod } from "@/lib/generated/prisma/enums";
import { CODE_ALPHABET, hashCode, normaliseCode } from "@/lib/mfa/one-time-codes";
import { sealSecret } from "@/lib/mfa/secret-box";
import { generateTotpSecret, totpCode } from "@/lib/mfa/totp";
import { describeEvent } from "@/lib/security/events";
import { ACCESS_CODE_LENGTH } from "@/lib/security/limits";
import { readSession } from "@/lib/sign-in/statements";
import { testMfaDeps } from "@/lib/testing/mfa-deps";
import { createTestDb } from "@/lib/testing/test-db";
import { accessCodePanel, accessCodeUsed, issueAccessCode, type IssueAccessCodeInput } from "./access-code";
import type { Admin } from "./admin";
import { describeAudit, listAudit } from "./audit";
import { DAY_MS, mfaStatus } from "./mfa-status";

const db = createTestDb();
const start = new Date("2026-11-28T12:00:00Z");
const MINUTE = 60_000;
let n = 0;

async function company(options: { sso?: boolean } = {}) {
  n++;
  return db.company.create({ data: { slug: `ac${n}`, name: `Company ${n}`, signInMethod: options.sso ? "SSO" : "PASSWORD" } });
}

async function person(companyId: string, options: { role?: "ADMIN" | "STAFF"; mfa?: MfaMethod; name?: string } = {}) {
  n++;
  return db.user.create({
    data: {
      companyId,
      email: `ac${n}@example.test`,
      name: options.name ?? `Person ${n}`,
      passwordHash: "unused",
      role: options.role ?? "STAFF",
      mfaMethod: options.mfa ?? "NONE",
      createdAt: new Date(start.getTime() - 100 * DAY_MS),
    },
  });
}

/** A signed-in session (its amr and when it began) as the pages see it. */
async function signedIn(userId: string, options: { amr?: string; at?: Date } = {}): Promise<Admin> {
  const at = options.at ?? start;
  const sessionId = `s-${userId}-${++n}`;
  await db.userSession.create({ data: { id: sessionId, userId, amr: options.amr ?? "pwd otp", createdAt: at, lastSeenAt: at } });
  const session = await readSession(db, sessionId, at);
  return { user: session!.user, sessionId };
}

/** Acme with Alex Morgan (administrator, authenticator on, signed in with it) and Bea Turner (staff, authenticator on). */
async function acme(options: { amr?: string; adminMfa?: MfaMethod } = {}) {
  const t = testMfaDeps(db, start);
  const co = await company();
  const alexRow = await person(co.id, { role: "ADMIN", mfa: options.adminMfa ?? "TOTP", name: "Alex Morgan" });
  const secret = generateTotpSecret();
  if ((options.adminMfa ?? "TOTP") === "TOTP") {
    await db.user.update({ where: { id: alexRow.id }, data: { totpSecret: sealSecret(secret, t.deps().ring, { userId: alexRow.id, field: "totpSecret" }) } });
  }
  const alex = await signedIn(alexRow.id, { amr: options.amr });
  const bea = await person(co.id, { mfa: "TOTP", name: "Bea Turner" });
  const issue = (input: Partial<IssueAccessCodeInput> = {}, who: Admin = alex) =>
    issueAccessCode({ ...t.deps(), meta: { ip: "203.0.113.9", userAgent: "test" } }, who, { staffId: bea.id, reason: "Lost phone", minutes: 60, ...input });
  return { t, co, alex, bea, secret, issue };
}

/** A 6-digit code the authenticator does not show at `now` (nor a step either side). */
function wrongCode(secret: string, now: Date): string {
  const valid = [-1, 0, 1].map((step) => totpCode(secret, new Date(now.getTime() + step * 30_000)));
  return ["000000", "111111", "222222", "333333"].find((c) => !valid.includes(c))!;
}

const CODE_SHAPE = new RegExp(`^[${CODE_ALPHABET}]{4}-[${CODE_ALPHABET}]{4}$`);

describe("issueAccessCode", () => {
  it("returns an 8-character code of the unambiguous alphabet once, stores only its keyed hash, audits and tells both people", async () => {
    const { t, co, alex, bea, issue } = await acme();
    const result = await issue();
    if (!result.ok) throw new Error(result.error);
    expect(result.code).toMatch(CODE_SHAPE);
    expect(result.expiresAt).toEqual(new Date(start.getTime() + 60 * MINUTE));
    const code = normaliseCode(result.code, ACCESS_CODE_LENGTH)!;
    expect(code).toHaveLength(8);
    expect(code).not.toMatch(/[01OILU]/);

    const [row, ...others] = await db.mfaAccessCode.findMany({ where: { userId: bea.id } });
    expect(others).toHaveLength(0);
    expect(row).toMatchObject({ issuedById: alex.user.id, issuedByName: "Alex Morgan", reason: "Lost phone", usedAt: null, voidedAt: null, expiresAt: result.expiresAt });
    expect(row!.codeHash).toBe(hashCode(t.deps().ring, "access", bea.id, code));
    expect(JSON.stringify(row)).not.toContain(code);

    const audit = await listAudit(db, co.id, 1);
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]).toMatchObject({ action: "access_code.issued", actorName: "Alex Morgan", targetName: "Bea Turner", ip: "203.0.113.9" });
    expect(describeAudit(audit.rows[0]!.action, audit.rows[0]!.detail)).toBe("MFA access code issued by Alex Morgan for Bea Turner: Lost phone");
    for (const userId of [bea.id, alex.user.id]) {
      const events = await db.securityEvent.findMany({ where: { userId } });
      expect(events.map((e) => describeEvent(e.type, e.detail))).toEqual(["MFA access code issued by Alex Morgan for Bea Turner: Lost phone"]);
    }

    // Both emailed, neither with the code in any form.
    expect(t.notices.map((m) => m.to).sort()).toEqual([alex.user.email, bea.email].sort());
    for (const mail of t.notices) {
      for (const form of [code, result.code]) {
        expect(mail.text).not.toContain(form);
        expect(mail.html).not.toContain(form);
      }
    }
    expect(t.notices.find((m) => m.to === bea.email)!.text).toContain("contact your IT team");
  });

  it("a new code voids the previous one", async () => {
    const { bea, issue } = await acme();
    const first = await issue();
    const second = await issue({ minutes: 10 });
    expect(first.ok && second.ok).toBe(true);
    const rows = await db.mfaAccessCode.findMany({ where: { userId: bea.id }, orderBy: { createdAt: "asc" } });
    expect(rows).toHaveLength(2);
    expect(rows[0]!.voidedAt).toEqual(start);
    expect(rows[1]!.voidedAt).toBeNull();
    expect(rows[1]!.expiresAt).toEqual(new Date(start.getTime() + 10 * MINUTE));
    expect(rows[0]!.codeHash).not.toBe(rows[1]!.codeHash);
  });

  it("at most 3 for one staff member in 24 hours, then again after 24 hours", async () => {
    const { t, alex, bea, issue } = await acme();
    for (let i = 0; i < 3; i++) {
      expect((await issue()).ok).toBe(true);
      t.advance(MINUTE);
    }
    expect(await issue()).toEqual({ ok: false, error: "ACCESS_CODE_LIMIT" });
    expect((await accessCodePanel(db, alex, bea.id, t.deps().now)).issuedToday).toBe(3);
    // 24 hours after the first (in a new session: the first one's second factor is too old by now): one slot free again.
    t.advance(DAY_MS - 3 * MINUTE);
    expect(await issue()).toEqual({ ok: false, error: "FRESH_CODE_REQUIRED" });
    const tomorrow = await signedIn(alex.user.id, { at: t.deps().now });
    expect((await issue({}, tomorrow)).ok).toBe(true);
    expect(await issue({}, tomorrow)).toEqual({ ok: false, error: "ACCESS_CODE_LIMIT" });
    expect(await db.mfaAccessCode.count({ where: { userId: bea.id } })).toBe(4);
  });

  it("concurrent issues never exceed the cap, and leave one working code", async () => {
    const { bea, issue } = await acme();
    const results = await Promise.all([issue(), issue(), issue(), issue()]);
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect(results.filter((r) => !r.ok && r.error === "ACCESS_CODE_LIMIT")).toHaveLength(1);
    expect(await issue()).toEqual({ ok: false, error: "ACCESS_CODE_LIMIT" });
    expect(await db.mfaAccessCode.count({ where: { userId: bea.id } })).toBe(3);
    expect(await db.mfaAccessCode.count({ where: { userId: bea.id, voidedAt: null } })).toBe(1);
  });

  it("never for oneself, another company's member, or by a staff member; not in an SSO company; nothing to recover without MFA", async () => {
    const { co, alex, bea, issue } = await acme();
    expect(await issue({ staffId: alex.user.id })).toEqual({ ok: false, error: "OWN_ACCESS_CODE" });

    const other = await company();
    const gina = await person(other.id, { mfa: "TOTP" });
    expect(await issue({ staffId: gina.id })).toEqual({ ok: false, error: "NOT_FOUND" });
    expect(await issue({ staffId: "no-such-user" })).toEqual({ ok: false, error: "NOT_FOUND" });

    const carl = await signedIn((await person(co.id, { mfa: "TOTP" })).id);
    expect(await issue({}, carl)).toEqual({ ok: false, error: "NOT_FOUND" });

    const dan = await person(co.id);
    expect(await issue({ staffId: dan.id })).toEqual({ ok: false, error: "NO_MFA_TO_RECOVER" });

    const sso = await company({ sso: true });
    const ssoAdmin = await signedIn((await person(sso.id, { role: "ADMIN", mfa: "TOTP" })).id);
    const ssoStaff = await person(sso.id, { mfa: "TOTP" });
    expect(await issue({ staffId: ssoStaff.id }, ssoAdmin)).toEqual({ ok: false, error: "POLICY_MANAGED_BY_SSO" });

    expect(await db.mfaAccessCode.count({ where: { userId: { in: [alex.user.id, gina.id, bea.id, dan.id, ssoStaff.id] } } })).toBe(0);
    expect(await db.securityEvent.count({ where: { userId: gina.id } })).toBe(0);
  });

  it("refuses a reason that is empty or over 500 characters, and a validity under 10 minutes or over 24 hours", async () => {
    const { bea, issue } = await acme();
    expect(await issue({ minutes: 9 })).toMatchObject({ ok: false, error: "INVALID_INPUT", fieldErrors: { minutes: ["Choose from 10 minutes to 24 hours."] } });
    expect(await issue({ minutes: 1441 })).toMatchObject({ ok: false, error: "INVALID_INPUT", fieldErrors: { minutes: ["Choose from 10 minutes to 24 hours."] } });
    expect(await issue({ minutes: 30.5 })).toMatchObject({ ok: false, error: "INVALID_INPUT" });
    expect(await issue({ reason: "   " })).toMatchObject({ ok: false, error: "INVALID_INPUT", fieldErrors: { reason: ["Say why this person needs a code."] } });
    expect(await issue({ reason: "x".repeat(501) })).toMatchObject({ ok: false, error: "INVALID_INPUT", fieldErrors: { reason: ["Use at most 500 characters."] } });
    expect(await db.mfaAccessCode.count({ where: { userId: bea.id } })).toBe(0);
    expect((await issue({ minutes: 10, reason: "x".repeat(500) })).ok).toBe(true);
    expect((await issue({ minutes: 1440 })).ok).toBe(true);
  });

  it("an administrator without a recent second factor in this session is asked for a current code first, then not again", async () => {
    const { t, alex, bea, secret, issue } = await acme({ amr: "pwd" });
    expect((await accessCodePanel(db, alex, bea.id, start)).needsFreshCode).toBe(true);
    expect(await issue()).toEqual({ ok: false, error: "FRESH_CODE_REQUIRED" });
    expect(await issue({ currentCode: wrongCode(secret, start) })).toEqual({ ok: false, error: "INVALID_CODE" });
    expect(await db.mfaAccessCode.count({ where: { userId: bea.id } })).toBe(0);

    expect((await issue({ currentCode: totpCode(secret, t.deps().now) })).ok).toBe(true);
    expect((await db.userSession.findUniqueOrThrow({ where: { id: alex.sessionId } })).amr).toBe("pwd otp");
    expect((await accessCodePanel(db, alex, bea.id, t.deps().now)).needsFreshCode).toBe(false);
    expect((await issue()).ok).toBe(true);
    // The same authenticator code is not accepted twice.
    const other = await signedIn(alex.user.id, { amr: "pwd" });
    expect(await issue({ currentCode: totpCode(secret, t.deps().now) }, other)).toEqual({ ok: false, error: "INVALID_CODE" });
  });

  it("an access-code sign-in, a session over 12 hours old, or an administrator without MFA does not count as a second factor", async () => {
    const viaCode = await acme({ amr: "pwd admin-code" });
    expect(await viaCode.issue()).toEqual({ ok: false, error: "FRESH_CODE_REQUIRED" });

    const old = await acme();
    const stale = await signedIn(old.alex.user.id, { amr: "pwd otp", at: new Date(start.getTime() - 12 * 60 * MINUTE - 1) });
    expect(await old.issue({}, stale)).toEqual({ ok: false, error: "FRESH_CODE_REQUIRED" });
    const recovery = await signedIn(old.alex.user.id, { amr: "pwd recovery" });
    expect((await old.issue({}, recovery)).ok).toBe(true);

    const noMfa = await acme({ amr: "pwd", adminMfa: "NONE" });
    expect(await noMfa.issue({ currentCode: "123456" })).toEqual({ ok: false, error: "OWN_MFA_FIRST" });
    // Signed in with a code, then turned MFA off: the session's proof does not outlive the account's MFA.
    const turnedOff = await acme({ amr: "pwd otp", adminMfa: "NONE" });
    expect(await turnedOff.issue()).toEqual({ ok: false, error: "OWN_MFA_FIRST" });
  });
});

describe("accessCodeUsed", () => {
  /** What the OTP step's statement does with a right code: marks it used. */
  async function use(userId: string, at: Date) {
    const row = await db.mfaAccessCode.findFirstOrThrow({ where: { userId, usedAt: null, voidedAt: null } });
    await db.mfaAccessCode.update({ where: { id: row.id }, data: { usedAt: at } });
    return row.id;
  }

  it("resets the staff member's MFA and recovery codes, restarts their grace period, ends every session, and records it for both", async () => {
    const { t, co, alex, bea, issue } = await acme();
    await db.user.update({ where: { id: bea.id }, data: { totpSecret: "sealed", totpLastStep: 5, pendingTotpSecret: "pending", pendingTotpCreatedAt: start, recoveryCodesIssuedAt: start } });
    await db.recoveryCode.createMany({ data: [{ userId: bea.id, codeHash: "h1" }, { userId: bea.id, codeHash: "h2" }] });
    await signedIn(bea.id);
    await signedIn(bea.id);
    const waiting = await db.loginChallenge.create({ data: { tokenHash: `t${++n}`, userId: bea.id, expiresAt: new Date(start.getTime() + 10 * MINUTE) } });
    expect((await issue()).ok).toBe(true);
    t.advance(5 * MINUTE);
    const now = t.deps().now;
    const accessCodeId = await use(bea.id, now);
    t.notices.length = 0;

    const deps = { ...t.deps(), meta: { ip: "198.51.100.7", userAgent: "test" } };
    expect(await accessCodeUsed(deps, { userId: bea.id, accessCodeId })).toEqual({ ok: true, state: "reset" });

    const after = await db.user.findUniqueOrThrow({ where: { id: bea.id } });
    expect(after).toMatchObject({ mfaMethod: "NONE", totpSecret: null, totpLastStep: null, pendingTotpSecret: null, pendingTotpCreatedAt: null, recoveryCodesIssuedAt: null, mfaResetAt: now });
    expect(await db.recoveryCode.count({ where: { userId: bea.id } })).toBe(0);
    expect(await db.userSession.count({ where: { userId: bea.id, revokedAt: null } })).toBe(0);
    expect((await db.loginChallenge.findUniqueOrThrow({ where: { id: waiting.id } })).expiresAt).toEqual(now);
    // The administrator's own session is untouched.
    expect(await db.userSession.count({ where: { userId: alex.user.id, revokedAt: null } })).toBe(1);

    // A company requirement gives Bea a new grace period from now.
    const policy = { signInMethod: "PASSWORD" as const, mfaRequired: true, mfaRequiredSince: new Date(start.getTime() - 30 * DAY_MS), mfaGraceDays: 14, mfaAllowedMethods: "ANY" as const };
    expect(mfaStatus(after, policy, now)).toMatchObject({ kind: "due", deadline: new Date(now.getTime() + 14 * DAY_MS) });

    const used = "MFA access code used by Bea Turner (issued by Alex Morgan)";
    for (const userId of [bea.id, alex.user.id]) {
      const events = await db.securityEvent.findMany({ where: { userId, type: "ACCESS_CODE_USED" } });
      expect(events.map((e) => describeEvent(e.type, e.detail))).toEqual([used]);
      expect(events[0]).toMatchObject({ ip: "198.51.100.7", createdAt: now });
    }
    const audit = await listAudit(db, co.id, 1);
    expect(audit.rows.map((r) => describeAudit(r.action, r.detail))).toEqual([used, "MFA access code issued by Alex Morgan for Bea Turner: Lost phone"]);
    expect(t.notices.map((m) => m.to).sort()).toEqual([alex.user.email, bea.email].sort());

    // Called again (a retried request): nothing more happens.
    expect(await accessCodeUsed(deps, { userId: bea.id, accessCodeId })).toEqual({ ok: true, state: "unchanged" });
    expect(await db.securityEvent.count({ where: { type: "ACCESS_CODE_USED", userId: { in: [bea.id, alex.user.id] } } })).toBe(2);
    expect((await listAudit(db, co.id, 1)).total).toBe(2);
    expect(t.notices).toHaveLength(2);
  });

  it("does nothing for a code that was not used, or that belongs to someone else; two calls at once apply it once", async () => {
    const { t, co, alex, bea, issue } = await acme();
    expect((await issue()).ok).toBe(true);
    const row = await db.mfaAccessCode.findFirstOrThrow({ where: { userId: bea.id } });
    expect(await accessCodeUsed(t.deps(), { userId: bea.id, accessCodeId: row.id })).toEqual({ ok: false, error: "NOT_FOUND" });
    await use(bea.id, start);
    expect(await accessCodeUsed(t.deps(), { userId: alex.user.id, accessCodeId: row.id })).toEqual({ ok: false, error: "NOT_FOUND" });
    expect((await db.user.findUniqueOrThrow({ where: { id: bea.id } })).mfaMethod).toBe("TOTP");

    const results = await Promise.all([accessCodeUsed(t.deps(), { userId: bea.id, accessCodeId: row.id }), accessCodeUsed(t.deps(), { userId: bea.id, accessCodeId: row.id })]);
    expect(results.map((r) => (r.ok ? r.state : r.error)).sort()).toEqual(["reset", "unchanged"]);
    expect((await listAudit(db, co.id, 1)).rows.filter((r) => r.action === "access_code.used")).toHaveLength(1);
  });

  it("still works when the issuing administrator has left: only the staff member's activity records it", async () => {
    const { t, alex, bea, issue } = await acme();
    expect((await issue()).ok).toBe(true);
    const accessCodeId = await use(bea.id, start);
    await db.user.delete({ where: { id: alex.user.id } });
    t.notices.length = 0;
    expect(await accessCodeUsed(t.deps(), { userId: bea.id, accessCodeId })).toEqual({ ok: true, state: "reset" });
    expect(await db.securityEvent.count({ where: { userId: bea.id, type: "ACCESS_CODE_USED" } })).toBe(1);
    expect(t.notices.map((m) => m.to)).toEqual([bea.email]);
  });
});
