import { describe, expect, it } from "vitest";
import type { AllowedMfaMethods, MfaMethod } from "@/lib/generated/prisma/enums";
import { createClient } from "@/lib/database/client";
import { createTestDb, createTestDbFile } from "@/lib/testing/test-db";
import { DAY_MS, mfaStatus, offeredMethods, requirementMessage, statusLabel, type MfaPolicy, type StaffMfa } from "./mfa-status";
import { companyPolicySql, statusSql } from "./staff";

const now = new Date("2026-11-28T12:00:00Z");
const daysAgo = (n: number) => new Date(now.getTime() - n * DAY_MS);
const inDays = (n: number) => new Date(now.getTime() + n * DAY_MS);

const policy = (over: Partial<MfaPolicy> = {}): MfaPolicy => ({
  signInMethod: "PASSWORD",
  mfaRequired: true,
  mfaRequiredSince: daysAgo(5),
  mfaGraceDays: 14,
  mfaAllowedMethods: "ANY",
  ...over,
});
const staff = (over: Partial<StaffMfa> = {}): StaffMfa => ({ mfaMethod: "NONE", createdAt: daysAgo(100), mfaResetAt: null, mfaExemptUntil: null, ...over });

describe("mfaStatus: the decision table", () => {
  const rows: [string, StaffMfa, MfaPolicy, string][] = [
    ["SSO company: its identity provider decides", staff(), policy({ signInMethod: "SSO" }), "Managed by your identity provider"],
    ["not required, no MFA", staff(), policy({ mfaRequired: false, mfaRequiredSince: null }), "Not set up"],
    ["not required, authenticator", staff({ mfaMethod: "TOTP" }), policy({ mfaRequired: false, mfaRequiredSince: null }), "On"],
    ["not required, email", staff({ mfaMethod: "EMAIL" }), policy({ mfaRequired: false, mfaRequiredSince: null }), "On"],
    ["not required, email, authenticator only", staff({ mfaMethod: "EMAIL" }), policy({ mfaRequired: false, mfaRequiredSince: null, mfaAllowedMethods: "TOTP_ONLY" }), "Not set up"],
    ["required, authenticator", staff({ mfaMethod: "TOTP" }), policy(), "On"],
    ["required, email allowed", staff({ mfaMethod: "EMAIL" }), policy(), "On"],
    ["required, authenticator only, authenticator", staff({ mfaMethod: "TOTP" }), policy({ mfaAllowedMethods: "TOTP_ONLY" }), "On"],
    ["required 5 days ago with 14 days: due 9 days on", staff(), policy(), "Due by 7 Dec 2026"],
    ["required, authenticator only, email user: not accepted, so due", staff({ mfaMethod: "EMAIL" }), policy({ mfaAllowedMethods: "TOTP_ONLY" }), "Due by 7 Dec 2026"],
    ["required 20 days ago with 14 days: overdue", staff(), policy({ mfaRequiredSince: daysAgo(20) }), "Overdue"],
    ["authenticator only, email user, past the deadline", staff({ mfaMethod: "EMAIL" }), policy({ mfaRequiredSince: daysAgo(20), mfaAllowedMethods: "TOTP_ONLY" }), "Overdue"],
    ["0 days: overdue at once", staff(), policy({ mfaRequiredSince: now, mfaGraceDays: 0 }), "Overdue"],
    ["joined after the requirement: their own grace period", staff({ createdAt: daysAgo(1) }), policy({ mfaRequiredSince: daysAgo(20) }), "Due by 11 Dec 2026"],
    ["MFA reset by an administrator: a new grace period", staff({ mfaResetAt: daysAgo(2) }), policy({ mfaRequiredSince: daysAgo(20) }), "Due by 10 Dec 2026"],
    ["exempt, past the deadline", staff({ mfaExemptUntil: inDays(30) }), policy({ mfaRequiredSince: daysAgo(20) }), "Exempt until 28 Dec 2026"],
    ["exempt, before the deadline", staff({ mfaExemptUntil: inDays(30) }), policy(), "Exempt until 28 Dec 2026"],
    ["exemption ended, past the deadline", staff({ mfaExemptUntil: daysAgo(1) }), policy({ mfaRequiredSince: daysAgo(20) }), "Overdue"],
    ["exemption ended, deadline still ahead", staff({ mfaExemptUntil: daysAgo(1) }), policy(), "Due by 7 Dec 2026"],
    ["exempt but MFA on anyway", staff({ mfaMethod: "TOTP", mfaExemptUntil: inDays(30) }), policy(), "On"],
    ["exempt while nothing is required", staff({ mfaExemptUntil: inDays(30) }), policy({ mfaRequired: false, mfaRequiredSince: null }), "Not set up"],
  ];
  it.each(rows)("%s", (_name, user, p, label) => {
    expect(statusLabel(mfaStatus(user, p, now))).toBe(label);
  });

  it("counts days left and turns urgent on the last day", () => {
    const due = mfaStatus(staff(), policy({ mfaRequiredSince: daysAgo(5) }), now);
    expect(due).toMatchObject({ kind: "due", daysLeft: 9, lastDay: false });
    expect(requirementMessage("Acme Ltd", due)).toEqual({ text: "Acme Ltd requires multi-factor authentication. Set it up by 7 Dec 2026 (9 days left).", urgent: false });
    const last = mfaStatus(staff(), policy({ mfaRequiredSince: new Date(daysAgo(14).getTime() + 3_600_000) }), now);
    expect(last).toMatchObject({ kind: "due", daysLeft: 1, lastDay: true });
    expect(requirementMessage("Acme Ltd", last)?.urgent).toBe(true);
    expect(requirementMessage("Acme Ltd", last)?.text).toContain("(1 day left)");
    const overdue = mfaStatus(staff(), policy({ mfaRequiredSince: daysAgo(14) }), now);
    expect(overdue.kind).toBe("overdue");
    expect(requirementMessage("Acme Ltd", overdue)?.text).toBe("Acme Ltd requires multi-factor authentication. Set it up to continue.");
    expect(requirementMessage("Acme Ltd", mfaStatus(staff({ mfaMethod: "TOTP" }), policy(), now))).toBeNull();
  });

  it("offers None only while nothing requires MFA, and Email only while the company accepts it", () => {
    expect(offeredMethods(staff(), policy({ mfaRequired: false, mfaRequiredSince: null }), now)).toEqual(["NONE", "TOTP", "EMAIL"]);
    expect(offeredMethods(staff(), policy(), now)).toEqual(["TOTP", "EMAIL"]);
    expect(offeredMethods(staff(), policy({ mfaAllowedMethods: "TOTP_ONLY" }), now)).toEqual(["TOTP"]);
    expect(offeredMethods(staff(), policy({ mfaRequired: false, mfaRequiredSince: null, mfaAllowedMethods: "TOTP_ONLY" }), now)).toEqual(["NONE", "TOTP"]);
    expect(offeredMethods(staff({ mfaExemptUntil: inDays(3) }), policy({ mfaAllowedMethods: "TOTP_ONLY" }), now)).toEqual(["NONE", "TOTP"]);
  });
});

describe("statusSql says the same as mfaStatus", () => {
  const db = createTestDb();

  it("for every combination of requirement, method, allowed methods, exemption and deadline", async () => {
    const methods: MfaMethod[] = ["NONE", "TOTP", "EMAIL"];
    const alloweds: AllowedMfaMethods[] = ["ANY", "TOTP_ONLY"];
    const exemptions = [null, inDays(10), daysAgo(1)];
    const sinces = [null, daysAgo(5), daysAgo(20), now];
    const joins = [daysAgo(100), daysAgo(1)];
    const resets = [null, daysAgo(3)];
    const cases: { user: StaffMfa; p: MfaPolicy }[] = [];
    for (const mfaMethod of methods)
      for (const mfaAllowedMethods of alloweds)
        for (const mfaExemptUntil of exemptions)
          for (const since of sinces)
            for (const createdAt of joins)
              for (const mfaResetAt of resets)
                cases.push({
                  user: { mfaMethod, createdAt, mfaResetAt, mfaExemptUntil },
                  p: { signInMethod: "PASSWORD", mfaRequired: since !== null, mfaRequiredSince: since, mfaGraceDays: since === now ? 0 : 14, mfaAllowedMethods },
                });
    let i = 0;
    for (const { user, p } of cases) {
      const company = await db.company.create({ data: { slug: `c${i}`, name: `C${i}`, ...p } });
      await db.user.create({ data: { email: `u${i}@sql.test`, name: `U${i}`, companyId: company.id, ...user } });
      i++;
    }
    const rows = await db.$queryRaw<{ email: string; status: string }[]>`
      SELECT u.email, ${statusSql(companyPolicySql("co"), now)} AS status FROM "User" u JOIN "Company" co ON co.id = u."companyId" ORDER BY u.email`;
    const byEmail = new Map(rows.map((r) => [r.email, r.status]));
    const mismatches = cases.flatMap(({ user, p }, n) => {
      const expected = mfaStatus(user, p, now).kind;
      const got = byEmail.get(`u${n}@sql.test`);
      return got === expected ? [] : [{ n, user, p, expected, got }];
    });
    expect(cases.length).toBe(288);
    expect(mismatches).toEqual([]);
    // Every status is reached, so the comparison covers each branch.
    expect(new Set(byEmail.values())).toEqual(new Set(["on", "not-set-up", "exempt", "due", "overdue"]));
  });
});

describe("times in SQL do not depend on the server's time zone", () => {
  const { db, url } = createTestDbFile();

  it("a database set to Europe/London in summer time still compares our moments as UTC", async () => {
    await db.$executeRawUnsafe(`ALTER DATABASE "${new URL(url).pathname.slice(1)}" SET TimeZone = 'Europe/London'`);
    const fresh = createClient(url, 2);
    try {
      const summer = new Date("2027-06-30T11:30:00Z");
      const [row] = await fresh.$queryRaw<{ tz: string; same: boolean }[]>`SELECT current_setting('TimeZone') AS tz, ${summer}::timestamptz = '2027-06-30T11:30:00Z'::timestamptz AS same`;
      expect(row).toEqual({ tz: "UTC", same: true });
    } finally {
      await fresh.$disconnect();
    }
  });
});
