import { describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { hashPassword } from "@/lib/auth/password";
import { readSession } from "@/lib/sign-in/statements";
import { createTestDb, TEST_PASSWORD } from "@/lib/testing/test-db";
import { changeRole, endExemption, endOfUkDay, grantExemption, savePolicy, staffMember, type Admin, type AdminDeps } from "./admin";
import { auditCsv, describeAudit, listAudit } from "./audit";
import { DAY_MS, mfaStatus } from "./mfa-status";
import { listStaff } from "./staff";
import { staffCsv } from "./staff-csv";

const db = createTestDb();
const now = new Date("2026-11-28T12:00:00Z");
let hash: Promise<string> | undefined;
let n = 0;

async function company(db: PrismaClient, options: { sso?: boolean } = {}) {
  n++;
  return db.company.create({ data: { slug: `co${n}`, name: `Company ${n}`, signInMethod: options.sso ? "SSO" : "PASSWORD" } });
}

async function person(companyId: string, options: { role?: "ADMIN" | "STAFF"; mfa?: "NONE" | "TOTP" | "EMAIL"; name?: string; createdAt?: Date } = {}) {
  hash ??= hashPassword(TEST_PASSWORD);
  n++;
  return db.user.create({
    data: {
      companyId,
      email: `p${n}@example.test`,
      name: options.name ?? `Person ${String(n).padStart(4, "0")}`,
      passwordHash: await hash,
      role: options.role ?? "STAFF",
      mfaMethod: options.mfa ?? "NONE",
      createdAt: options.createdAt ?? new Date(now.getTime() - 100 * DAY_MS),
    },
  });
}

/** The administrator as the pages see them: the session statement's user. */
async function signedIn(userId: string): Promise<Admin> {
  const sessionId = `s-${userId}-${++n}`;
  await db.userSession.create({ data: { id: sessionId, userId, amr: "pwd otp", createdAt: now, lastSeenAt: now } });
  const session = await readSession(db, sessionId, now);
  return { user: session!.user, sessionId };
}

function deps(at = now) {
  const announced: { companyId: string; since: Date }[] = [];
  const d: AdminDeps = { db, now: at, meta: { ip: "203.0.113.9", userAgent: "test" }, announce: async (input) => void announced.push(input) };
  return { d, announced };
}

const on = (graceDays: number, allowed: "ANY" | "TOTP_ONLY" = "ANY") => ({ required: "on" as const, graceDays, allowed, currentPassword: TEST_PASSWORD });

describe("savePolicy", () => {
  it("turns the requirement on: saved, audited with before and after, one announcement queued", async () => {
    const co = await company(db);
    const alex = await signedIn((await person(co.id, { role: "ADMIN", mfa: "TOTP" })).id);
    const { d, announced } = deps();
    expect(await savePolicy(d, alex, on(14))).toEqual({ ok: true, state: "saved" });
    const saved = await db.company.findUniqueOrThrow({ where: { id: co.id } });
    expect(saved).toMatchObject({ mfaRequired: true, mfaRequiredSince: now, mfaGraceDays: 14, mfaAllowedMethods: "ANY" });
    expect(announced).toEqual([{ companyId: co.id, since: now }]);
    const log = await listAudit(db, co.id, 1);
    expect(log.rows).toHaveLength(1);
    expect(log.rows[0]).toMatchObject({ action: "policy.changed", actorEmail: alex.user.email, ip: "203.0.113.9" });
    expect(describeAudit(log.rows[0]!.action, log.rows[0]!.detail)).toBe(
      "Changed sign-in security from requirement Off, 14 days, Authenticator app or email to requirement On, 14 days, Authenticator app or email",
    );
    // Saving the same values again changes nothing and queues nothing.
    expect(await savePolicy(d, alex, on(14))).toEqual({ ok: true, state: "unchanged" });
    expect(announced).toHaveLength(1);
  });

  it("refuses an administrator whose own MFA is off, a wrong password, a staff member, and an SSO company", async () => {
    const co = await company(db);
    const noMfa = await signedIn((await person(co.id, { role: "ADMIN" })).id);
    expect(await savePolicy(deps().d, noMfa, on(14))).toEqual({ ok: false, error: "OWN_MFA_FIRST" });
    const admin = await signedIn((await person(co.id, { role: "ADMIN", mfa: "EMAIL" })).id);
    expect(await savePolicy(deps().d, admin, { ...on(14), currentPassword: "wrong-password-1" })).toEqual({ ok: false, error: "WRONG_CURRENT_PASSWORD" });
    // Email does not meet "Authenticator app only": the administrator would lock themselves out.
    expect(await savePolicy(deps().d, admin, on(0, "TOTP_ONLY"))).toEqual({ ok: false, error: "OWN_MFA_FIRST" });
    const staff = await signedIn((await person(co.id, { mfa: "TOTP" })).id);
    expect(await savePolicy(deps().d, staff, on(14))).toEqual({ ok: false, error: "NOT_FOUND" });
    expect((await db.company.findUniqueOrThrow({ where: { id: co.id } })).mfaRequired).toBe(false);
    expect((await listAudit(db, co.id, 1)).total).toBe(0);
    const sso = await company(db, { sso: true });
    const ssoAdmin = await signedIn((await person(sso.id, { role: "ADMIN", mfa: "TOTP" })).id);
    expect(await savePolicy(deps().d, ssoAdmin, on(14))).toEqual({ ok: false, error: "POLICY_MANAGED_BY_SSO" });
  });

  it("asks for confirmation, with the count, before shortening a running grace period makes staff overdue", async () => {
    const co = await company(db);
    const admin = await signedIn((await person(co.id, { role: "ADMIN", mfa: "TOTP" })).id);
    for (let i = 0; i < 3; i++) await person(co.id);
    await person(co.id, { mfa: "EMAIL" });
    await savePolicy(deps().d, admin, on(14));
    const later = new Date(now.getTime() + 5 * DAY_MS);
    // Down to 3 days: the 3 without MFA are past it at once; the email user still meets the policy.
    expect(await savePolicy(deps(later).d, admin, on(3))).toEqual({ ok: false, error: "CONFIRM_OVERDUE", overdueCount: 3 });
    expect((await db.company.findUniqueOrThrow({ where: { id: co.id } })).mfaGraceDays).toBe(14);
    // Authenticator app only as well: the email user joins them.
    expect(await savePolicy(deps(later).d, admin, on(3, "TOTP_ONLY"))).toEqual({ ok: false, error: "CONFIRM_OVERDUE", overdueCount: 4 });
    // Down to 10 days overdue nobody: no question.
    expect(await savePolicy(deps(later).d, admin, on(10))).toEqual({ ok: true, state: "saved" });
    expect(await savePolicy(deps(later).d, admin, { ...on(3), confirmOverdue: true })).toEqual({ ok: true, state: "saved" });
    const company2 = await db.company.findUniqueOrThrow({ where: { id: co.id } });
    // The grace period keeps running from when the requirement was turned on.
    expect(company2).toMatchObject({ mfaGraceDays: 3, mfaRequiredSince: now });
    expect((await listStaff(db, company2, { status: "overdue" }, later)).total).toBe(3);
  });

  it("of two administrators saving at once, one is told the policy changed under them", async () => {
    const co = await company(db);
    const a = await signedIn((await person(co.id, { role: "ADMIN", mfa: "TOTP" })).id);
    const b = await signedIn((await person(co.id, { role: "ADMIN", mfa: "TOTP" })).id);
    const results = await Promise.all([savePolicy(deps().d, a, on(7)), savePolicy(deps().d, b, on(30, "TOTP_ONLY"))]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.error === "POLICY_CHANGED")).toHaveLength(1);
    expect((await listAudit(db, co.id, 1)).total).toBe(1);
  });
});

describe("staff members: exemptions and roles, only within the administrator's company", () => {
  it("an administrator of one company can neither read nor change a staff member of another (ids posted directly)", async () => {
    const acme = await company(db);
    const globex = await company(db);
    const alex = await signedIn((await person(acme.id, { role: "ADMIN", mfa: "TOTP" })).id);
    const gina = await person(globex.id);
    expect(await staffMember(db, alex, gina.id)).toBeNull();
    expect(await grantExemption(deps().d, alex, { userId: gina.id, reason: "x", until: "2026-12-20" })).toEqual({ ok: false, error: "NOT_FOUND" });
    expect(await endExemption(deps().d, alex, { userId: gina.id })).toEqual({ ok: false, error: "NOT_FOUND" });
    expect(await changeRole(deps().d, alex, { userId: gina.id, role: "ADMIN" })).toEqual({ ok: false, error: "NOT_FOUND" });
    const after = await db.user.findUniqueOrThrow({ where: { id: gina.id } });
    expect(after).toMatchObject({ role: "STAFF", mfaExemptUntil: null });
    expect((await listAudit(db, globex.id, 1)).total + (await listAudit(db, acme.id, 1)).total).toBe(0);
    const list = await listStaff(db, alex.user.company, {}, now);
    expect(list.rows.map((r) => r.id)).not.toContain(gina.id);
    expect(await staffCsv(db, alex.user.company, {}, now)).not.toContain(gina.email);
    expect(await auditCsv(db, acme.id)).not.toContain(gina.email);
  });

  it("a staff member is told not found by every administrator function", async () => {
    const co = await company(db);
    const bea = await signedIn((await person(co.id)).id);
    const other = await person(co.id);
    expect(await staffMember(db, bea, other.id)).toBeNull();
    expect(await grantExemption(deps().d, bea, { userId: other.id, reason: "x", until: "2026-12-20" })).toEqual({ ok: false, error: "NOT_FOUND" });
    expect(await changeRole(deps().d, bea, { userId: bea.user.id, role: "ADMIN" })).toEqual({ ok: false, error: "NOT_FOUND" });
    expect((await db.user.findUniqueOrThrow({ where: { id: bea.user.id } })).role).toBe("STAFF");
  });

  it("exempts until the end of a UK day at most 90 days ahead, tells the staff member, and can end it", async () => {
    const co = await company(db);
    const admin = await signedIn((await person(co.id, { role: "ADMIN", mfa: "TOTP" })).id);
    await savePolicy(deps().d, admin, on(0));
    const bea = await person(co.id);
    const policy = await db.company.findUniqueOrThrow({ where: { id: co.id } });
    expect(mfaStatus(bea, policy, now).kind).toBe("overdue");
    expect(await grantExemption(deps().d, admin, { userId: bea.id, reason: "On leave", until: "2027-02-27" })).toMatchObject({ ok: false, error: "INVALID_INPUT" });
    expect(await grantExemption(deps().d, admin, { userId: bea.id, reason: "On leave", until: "2026-11-27" })).toMatchObject({ ok: false, error: "INVALID_INPUT" });
    expect(await grantExemption(deps().d, admin, { userId: bea.id, reason: "On leave", until: "2026-02-30" })).toMatchObject({ ok: false, error: "INVALID_INPUT" });
    const granted = await grantExemption(deps().d, admin, { userId: bea.id, reason: "On leave", until: "2027-01-31" });
    expect(granted).toEqual({ ok: true, until: new Date("2027-01-31T23:59:59.999Z") });
    const exempt = await db.user.findUniqueOrThrow({ where: { id: bea.id } });
    expect(mfaStatus(exempt, policy, now)).toEqual({ kind: "exempt", until: new Date("2027-01-31T23:59:59.999Z") });
    const events = await db.securityEvent.findMany({ where: { userId: bea.id } });
    expect(events.map((e) => [e.type, e.detail])).toEqual([["MFA_EXEMPTED", "2027-01-31"]]);
    expect(await endExemption(deps().d, admin, { userId: bea.id })).toEqual({ ok: true });
    expect(mfaStatus(await db.user.findUniqueOrThrow({ where: { id: bea.id } }), policy, now).kind).toBe("overdue");
    const actions = (await listAudit(db, co.id, 1)).rows.map((r) => r.action);
    expect(actions).toEqual(["exemption.ended", "exemption.granted", "policy.changed"]);
  });

  it("ends a UK day in GMT and in BST", () => {
    expect(endOfUkDay("2027-01-31")?.toISOString()).toBe("2027-01-31T23:59:59.999Z");
    expect(endOfUkDay("2027-06-30")?.toISOString()).toBe("2027-06-30T22:59:59.999Z");
    expect(endOfUkDay("2027-13-01")).toBeNull();
  });

  it("changes another person's role, never one's own, and a demoted administrator's next request sees it", async () => {
    const co = await company(db);
    const a = await signedIn((await person(co.id, { role: "ADMIN", mfa: "TOTP" })).id);
    const bId = (await person(co.id, { role: "ADMIN", mfa: "TOTP" })).id;
    const b = await signedIn(bId);
    expect(await changeRole(deps().d, a, { userId: a.user.id, role: "STAFF" })).toEqual({ ok: false, error: "OWN_ROLE" });
    expect(await changeRole(deps().d, a, { userId: bId, role: "STAFF" })).toEqual({ ok: true });
    expect((await readSession(db, b.sessionId, now))?.user.role).toBe("STAFF");
    // Each request reads the session's user afresh: b's next request is a staff member's.
    const fresh = await signedIn(bId);
    expect(await changeRole(deps().d, fresh, { userId: a.user.id, role: "STAFF" })).toEqual({ ok: false, error: "NOT_FOUND" });
    const log = await listAudit(db, co.id, 1);
    expect(describeAudit(log.rows[0]!.action, log.rows[0]!.detail)).toBe("Changed role from Administrator to Staff");
    // An administrator's own exemption is for another administrator to decide.
    expect(await grantExemption(deps().d, a, { userId: a.user.id, reason: "Me", until: "2026-12-20" })).toEqual({ ok: false, error: "OWN_EXEMPTION" });
    // A page past the end shows the last one.
    expect(await listAudit(db, co.id, 999)).toMatchObject({ page: 1, pages: 1 });
    expect((await db.securityEvent.findFirst({ where: { userId: bId, type: "ROLE_CHANGED" } }))?.detail).toBe("STAFF");
  });

  it("two administrators demoting each other at once leave one administrator, never none", async () => {
    for (let round = 0; round < 5; round++) {
      const co = await company(db);
      const a = await signedIn((await person(co.id, { role: "ADMIN", mfa: "TOTP" })).id);
      const b = await signedIn((await person(co.id, { role: "ADMIN", mfa: "TOTP" })).id);
      const results = await Promise.all([changeRole(deps().d, a, { userId: b.user.id, role: "STAFF" }), changeRole(deps().d, b, { userId: a.user.id, role: "STAFF" })]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(await db.user.count({ where: { companyId: co.id, role: "ADMIN" } })).toBe(1);
      expect((await listAudit(db, co.id, 1)).total).toBe(1);
    }
  });
});

describe("the staff list", () => {
  it("searches, filters by status, pages 50 at a time sorted by name, and the CSV holds the same rows", async () => {
    const co = await company(db);
    const admin = await signedIn((await person(co.id, { role: "ADMIN", mfa: "TOTP", name: "Aaron Admin" })).id);
    for (let i = 0; i < 60; i++) await person(co.id, { name: `Zed ${String(i).padStart(2, "0")}`, mfa: i % 3 === 0 ? "TOTP" : "NONE" });
    await person(co.id, { name: "Percent 100% Person" });
    await savePolicy(deps().d, admin, on(14));
    const policy = { ...admin.user.company, ...(await db.company.findUniqueOrThrow({ where: { id: co.id } })) };
    const first = await listStaff(db, policy, {}, now);
    expect(first).toMatchObject({ total: 62, page: 1, pages: 2 });
    expect(first.rows).toHaveLength(50);
    expect(first.rows[0]!.name).toBe("Aaron Admin");
    expect(first.rows.map((r) => r.name)).toEqual([...first.rows.map((r) => r.name)].sort());
    const second = await listStaff(db, policy, { page: 2 }, now);
    expect(second.rows).toHaveLength(12);
    const due = await listStaff(db, policy, { status: "due" }, now);
    expect(due.total).toBe(41);
    expect(due.rows.every((r) => r.status.kind === "due")).toBe(true);
    expect((await listStaff(db, policy, { status: "on" }, now)).total).toBe(21);
    expect((await listStaff(db, policy, { q: "zed 0" }, now)).total).toBe(10);
    // A search is text, never a pattern: "%" matches only a "%".
    expect((await listStaff(db, policy, { q: "100%" }, now)).rows.map((r) => r.name)).toEqual(["Percent 100% Person"]);
    expect((await listStaff(db, policy, { q: "_" }, now)).total).toBe(0);
    expect(await listStaff(db, policy, { page: 999 }, now)).toMatchObject({ page: 2, pages: 2 });
    const csv = (await staffCsv(db, policy, { status: "due" }, now)).replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(csv[0]).toBe("Name,Email,Role,MFA method,MFA status,Last sign-in");
    expect(csv).toHaveLength(42);
    expect(csv.slice(1, 51).map((line) => line.split(",")[0])).toEqual(due.rows.map((r) => r.name));
    expect(csv[1]).toContain(",Staff,None,Due by 12 Dec 2026,Never");
  });
});
