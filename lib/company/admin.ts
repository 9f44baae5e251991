import { SECOND_FACTORS } from "@/lib/sign-in/decision";
import { reauthenticate } from "@/lib/auth/reauthenticate";
import type { Db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { AllowedMfaMethods, Role } from "@/lib/generated/prisma/enums";
import { recordEvent, type RequestMeta } from "@/lib/security/events";
import type { SessionUser } from "@/lib/sign-in/statements";
import { recordAudit } from "./audit";
import { DAY_MS, MAX_EXEMPTION_DAYS, methodAccepted } from "./mfa-status";
import { countNewlyOverdue } from "./staff";

export type Admin = { user: SessionUser["user"]; sessionId: string };

export type AdminDeps = {
  db: Db;
  now: Date;
  meta?: RequestMeta;
  /**
   * Queues the "your company now requires MFA" email to every affected staff
   * member (never inline), inside the save's transaction: saved and queued, or neither.
   */
  announce: (input: { companyId: string; since: Date }, tx: Prisma.TransactionClient) => Promise<void>;
};

export const isAdmin = (user: { role: Role }) => user.role === "ADMIN";

type NotFound = { ok: false; error: "NOT_FOUND" };
const notFound: NotFound = { ok: false, error: "NOT_FOUND" };

export type PolicyInput = {
  required: "on" | "off";
  graceDays: number;
  allowed: AllowedMfaMethods;
  /** "Require MFA in the mobile apps too"; left out, unchanged. */
  mobileMfa?: boolean;
  currentPassword: string;
  confirmOverdue?: boolean;
};

export type SavePolicyResult =
  | { ok: true; state: "saved" | "unchanged" }
  | NotFound
  | { ok: false; error: "POLICY_MANAGED_BY_SSO" | "OWN_MFA_FIRST" | "WRONG_CURRENT_PASSWORD" | "SESSION_ENDED" | "POLICY_CHANGED" }
  | { ok: false; error: "CONFIRM_OVERDUE"; overdueCount: number };

/**
 * Company settings -> Sign-in security -> Save. Needs the administrator's
 * current password; turning the requirement on needs their own MFA on;
 * a change that makes staff overdue while a grace period runs needs a
 * confirmation that says how many. Turning it on starts everyone's grace
 * period now and queues one email to each affected staff member.
 */
export async function savePolicy(deps: AdminDeps, admin: Admin, input: PolicyInput): Promise<SavePolicyResult> {
  const { db, now } = deps;
  if (!isAdmin(admin.user)) return notFound;
  const company = await db.company.findUniqueOrThrow({ where: { id: admin.user.company.id } });
  if (company.signInMethod === "SSO") return { ok: false, error: "POLICY_MANAGED_BY_SSO" };
  const self = await db.user.findUniqueOrThrow({ where: { id: admin.user.id }, select: { passwordHash: true, mfaMethod: true } });
  const required = input.required === "on";
  // Their own MFA must meet the policy they save, or they would lock themselves out of it.
  if (required && !methodAccepted(self.mfaMethod, input.allowed)) return { ok: false, error: "OWN_MFA_FIRST" };
  const reauth = await reauthenticate(db, { userId: admin.user.id, sessionId: admin.sessionId, meta: deps.meta }, self, input.currentPassword, now);
  if (!reauth.ok) return reauth;

  const before = { required: company.mfaRequired, graceDays: company.mfaGraceDays, allowed: company.mfaAllowedMethods, mobileMfa: company.mfaRequiredOnMobile };
  const after = { required, graceDays: input.graceDays, allowed: input.allowed, mobileMfa: input.mobileMfa ?? company.mfaRequiredOnMobile };
  if (before.required === after.required && before.graceDays === after.graceDays && before.allowed === after.allowed && before.mobileMfa === after.mobileMfa) {
    return { ok: true, state: "unchanged" };
  }
  const next = {
    mfaRequired: required,
    mfaRequiredSince: required ? (company.mfaRequired ? company.mfaRequiredSince : now) : null,
    mfaGraceDays: input.graceDays,
    mfaAllowedMethods: input.allowed,
    mfaRequiredOnMobile: after.mobileMfa,
  };
  if (company.mfaRequired && required && !input.confirmOverdue) {
    const overdueCount = await countNewlyOverdue(db, company.id, next, now);
    if (overdueCount > 0) return { ok: false, error: "CONFIRM_OVERDUE", overdueCount };
  }
  const saved = await db.$transaction(async (tx) => {
    // Conditional on the values this decision was made on: of two administrators saving at once, the second is told.
    const { count } = await tx.company.updateMany({
      where: {
        id: company.id,
        mfaRequired: company.mfaRequired,
        mfaRequiredSince: company.mfaRequiredSince,
        mfaGraceDays: company.mfaGraceDays,
        mfaAllowedMethods: company.mfaAllowedMethods,
        mfaRequiredOnMobile: company.mfaRequiredOnMobile,
      },
      data: next,
    });
    if (count !== 1) return false;
    // Turning on "Require MFA in the mobile apps too" signs out the devices of MFA users that signed in without a second factor.
    if (after.mobileMfa && !before.mobileMfa) {
      await tx.userSession.updateMany({
        where: {
          kind: "MOBILE",
          revokedAt: null,
          user: { companyId: company.id, mfaMethod: { not: "NONE" } },
          AND: SECOND_FACTORS.map((proof) => ({ NOT: { amr: { contains: proof } } })),
        },
        data: { revokedAt: now },
      });
    }
    await recordAudit(tx, { companyId: company.id, actor: admin.user, action: "policy.changed", detail: { before, after }, meta: deps.meta, now });
    if (required && !company.mfaRequired) await deps.announce({ companyId: company.id, since: now }, tx);
    return true;
  });
  if (!saved) return { ok: false, error: "POLICY_CHANGED" };
  return { ok: true, state: "saved" };
}

/** A staff member of the administrator's own company, or null (never another company's). */
async function findStaff(db: Db, admin: Admin, userId: string) {
  return db.user.findFirst({ where: { id: userId, companyId: admin.user.company.id }, select: { id: true, name: true, email: true, role: true, mfaExemptUntil: true } });
}

const londonDay = new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", timeZone: "Europe/London" });

/** The last millisecond of a UK calendar day ("2027-01-31"), in GMT or BST. */
export function endOfUkDay(day: string): Date | null {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const midnightUtc = Date.UTC(y, m - 1, d + 1);
  if (Number.isNaN(midnightUtc) || londonDay.format(new Date(Date.UTC(y, m - 1, d, 12))) !== day) return null;
  for (const offsetHours of [0, 1]) {
    const end = midnightUtc - offsetHours * 3_600_000 - 1;
    if (londonDay.format(new Date(end)) === day && londonDay.format(new Date(end + 1)) !== day) return new Date(end);
  }
  return null;
}

/** The first and last day an exemption may end on, as the date field wants them ("2026-11-28"). */
export function exemptionDays(now: Date): { today: string; last: string } {
  return { today: londonDay.format(now), last: londonDay.format(new Date(now.getTime() + MAX_EXEMPTION_DAYS * DAY_MS)) };
}

export type ExemptionResult = { ok: true; until: Date } | NotFound | { ok: false; error: "POLICY_MANAGED_BY_SSO" | "OWN_EXEMPTION" } | { ok: false; error: "INVALID_INPUT"; fieldErrors: Record<string, string[]> };

/** Exempts a staff member from the MFA requirement until the end of a day at most 90 days ahead, with a reason. */
export async function grantExemption(deps: AdminDeps, admin: Admin, input: { userId: string; reason: string; until: string }): Promise<ExemptionResult> {
  const { db, now } = deps;
  if (!isAdmin(admin.user)) return notFound;
  const target = await findStaff(db, admin, input.userId);
  if (!target) return notFound;
  if (admin.user.company.signInMethod === "SSO") return { ok: false, error: "POLICY_MANAGED_BY_SSO" };
  // Another administrator decides on an administrator's own exemption, as on their role.
  if (target.id === admin.user.id) return { ok: false, error: "OWN_EXEMPTION" };
  const until = endOfUkDay(input.until);
  if (!until || until <= now || input.until > exemptionDays(now).last) {
    return { ok: false, error: "INVALID_INPUT", fieldErrors: { until: [`Choose a day from today to ${MAX_EXEMPTION_DAYS} days ahead.`] } };
  }
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: target.id }, data: { mfaExemptUntil: until, mfaExemptReason: input.reason } });
    await recordAudit(tx, { companyId: admin.user.company.id, actor: admin.user, target, action: "exemption.granted", detail: { until: input.until, reason: input.reason }, meta: deps.meta, now });
  });
  await recordEvent(db, { userId: target.id, type: "MFA_EXEMPTED", detail: input.until, meta: deps.meta, now });
  return { ok: true, until };
}

export type SimpleResult = { ok: true } | NotFound | { ok: false; error: "OWN_ROLE" };

/** Ends a staff member's exemption at once (their deadline rules apply again). */
export async function endExemption(deps: AdminDeps, admin: Admin, input: { userId: string }): Promise<SimpleResult> {
  const { db, now } = deps;
  if (!isAdmin(admin.user)) return notFound;
  const target = await findStaff(db, admin, input.userId);
  if (!target) return notFound;
  const ended = await db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({ where: { id: target.id, mfaExemptUntil: { gt: now } }, data: { mfaExemptUntil: null, mfaExemptReason: null } });
    if (count === 1) await recordAudit(tx, { companyId: admin.user.company.id, actor: admin.user, target, action: "exemption.ended", meta: deps.meta, now });
    return count === 1;
  });
  if (ended) await recordEvent(db, { userId: target.id, type: "MFA_EXEMPTION_ENDED", meta: deps.meta, now });
  return { ok: true };
}

/** Makes a staff member an administrator or staff again; never one's own role (another administrator must). */
export async function changeRole(deps: AdminDeps, admin: Admin, input: { userId: string; role: Role }): Promise<SimpleResult> {
  const { db, now } = deps;
  if (!isAdmin(admin.user)) return notFound;
  const target = await findStaff(db, admin, input.userId);
  if (!target) return notFound;
  if (target.id === admin.user.id) return { ok: false, error: "OWN_ROLE" };
  if (target.role === input.role) return { ok: true };
  const changed = await db.$transaction(async (tx) => {
    // Role changes of one company run one at a time, each re-checking that its
    // author is still an administrator: two administrators demoting each other
    // at once leave one of them, never none.
    await tx.$queryRaw`SELECT id FROM "Company" WHERE id = ${admin.user.company.id} FOR UPDATE`;
    const actor = await tx.user.findUnique({ where: { id: admin.user.id }, select: { role: true, companyId: true } });
    if (actor?.role !== "ADMIN" || actor.companyId !== admin.user.company.id) return null;
    const { count } = await tx.user.updateMany({ where: { id: target.id, role: target.role }, data: { role: input.role } });
    if (count === 1) await recordAudit(tx, { companyId: admin.user.company.id, actor: admin.user, target, action: "role.changed", detail: { before: target.role, after: input.role }, meta: deps.meta, now });
    return count === 1;
  });
  if (changed === null) return notFound;
  if (changed) await recordEvent(db, { userId: target.id, type: "ROLE_CHANGED", detail: input.role, meta: deps.meta, now });
  return { ok: true };
}

/** One staff member for their page in Company settings, or null outside the administrator's company. */
export async function staffMember(db: Db, admin: Admin, userId: string) {
  if (!isAdmin(admin.user)) return null;
  return db.user.findFirst({
    where: { id: userId, companyId: admin.user.company.id },
    select: { id: true, name: true, email: true, role: true, mfaMethod: true, createdAt: true, mfaResetAt: true, mfaExemptUntil: true, mfaExemptReason: true, lastSignInAt: true },
  });
}
