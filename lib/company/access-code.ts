// "Help them sign in": an administrator's one-time access code for a staff
// member who lost their phone. Issued here (Company settings -> Staff -> a
// staff member); used at the OTP step of sign-in (lib/sign-in/otp-step.ts),
// which then calls accessCodeUsed for the effects.
import type { Db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { MfaMethod } from "@/lib/generated/prisma/enums";
import { emailContextOf } from "@/lib/email/origin";
import { accessCodeIssuedAdminEmail, accessCodeIssuedEmail, accessCodeUsedAdminEmail, accessCodeUsedEmail } from "@/lib/email/templates";
import type { MfaDeps } from "@/lib/mfa/deps";
import { formatCode, hashCode, randomCode } from "@/lib/mfa/one-time-codes";
import { checkStepUpCode } from "@/lib/mfa/settings";
import type { RequestMeta, SecurityEventType } from "@/lib/security/events";
import {
  ACCESS_CODE_LENGTH,
  ACCESS_CODE_MAX_MINUTES,
  ACCESS_CODE_MIN_MINUTES,
  ACCESS_CODES_PER_DAY,
  ADMIN_SECOND_FACTOR_MAX_AGE_MS,
} from "@/lib/security/limits";
import { ACCESS_CODE_REASON_MAX, ACCESS_CODE_VALIDITY_MESSAGE } from "@/lib/validation/company";
import { isAdmin, type Admin } from "./admin";
import { recordAudit } from "./audit";
import { DAY_MS } from "./mfa-status";

/** What issuing needs: the database, the clock, the keys (code hashes, the step-up code) and the mailer. */
export type AccessCodeDeps = MfaDeps;

/** What a session's amr must hold for the administrator to issue codes without a fresh one ("admin-code" and "pwd" do not count). */
const SECOND_FACTORS = ["otp", "recovery"];

export type IssueAccessCodeInput = { staffId: string; reason: string; minutes: number; currentCode?: string };

export type IssueAccessCodeResult =
  | { ok: true; code: string; expiresAt: Date }
  | {
      ok: false;
      error:
        | "NOT_FOUND"
        | "OWN_ACCESS_CODE"
        | "POLICY_MANAGED_BY_SSO"
        | "NO_MFA_TO_RECOVER"
        | "OWN_MFA_FIRST"
        | "FRESH_CODE_REQUIRED"
        | "INVALID_CODE"
        | "SESSION_ENDED"
        | "ACCESS_CODE_LIMIT";
    }
  | { ok: false; error: "INVALID_INPUT"; fieldErrors: Record<string, string[]> };

const notFound = { ok: false, error: "NOT_FOUND" } as const;

/** The reason and validity the domain accepts, whatever the form checked: field messages, or null. */
export function accessCodeInputErrors(input: { reason: string; minutes: number }): Record<string, string[]> | null {
  const errors: Record<string, string[]> = {};
  const reason = input.reason.trim();
  if (!reason) errors.reason = ["Say why this person needs a code."];
  else if (reason.length > ACCESS_CODE_REASON_MAX) errors.reason = [`Use at most ${ACCESS_CODE_REASON_MAX} characters.`];
  if (!Number.isInteger(input.minutes) || input.minutes < ACCESS_CODE_MIN_MINUTES || input.minutes > ACCESS_CODE_MAX_MINUTES) {
    errors.minutes = [ACCESS_CODE_VALIDITY_MESSAGE];
  }
  return Object.keys(errors).length ? errors : null;
}

/** Whether a session proved a second factor at sign-in (or by a step-up since) within the last 12 hours. */
export function hasFreshSecondFactor(session: { amr: string; createdAt: Date } | null, now: Date): boolean {
  if (!session) return false;
  const amr = session.amr.split(" ");
  return SECOND_FACTORS.some((f) => amr.includes(f)) && now.getTime() - session.createdAt.getTime() < ADMIN_SECOND_FACTOR_MAX_AGE_MS;
}

function readAdminSession(db: Db, admin: Admin) {
  return db.userSession.findFirst({ where: { id: admin.sessionId, userId: admin.user.id, revokedAt: null }, select: { amr: true, createdAt: true } });
}

/**
 * Role changes lock the company row (FOR UPDATE) before a user row; the
 * access-code transactions take the company's key-share lock first too, so
 * the two never wait on each other in opposite orders.
 */
async function holdCompany(tx: Prisma.TransactionClient, companyId: string) {
  await tx.$queryRaw`SELECT id FROM "Company" WHERE id = ${companyId} FOR KEY SHARE`;
}

const issuedDetail = (adminName: string, staffName: string, reason: string) => `by ${adminName} for ${staffName}: ${reason}`;
const usedDetail = (staffName: string, adminName: string) => `by ${staffName} (issued by ${adminName})`;

function eventRow(userId: string, type: SecurityEventType, detail: string, meta: RequestMeta | undefined, now: Date) {
  return { userId, type, detail, ip: meta?.ip?.slice(0, 64) ?? null, userAgent: meta?.userAgent?.slice(0, 512) ?? null, createdAt: now };
}

/**
 * "Create access code" on a staff member's page: a one-time code of 8
 * characters for a staff member of the administrator's own company who has
 * MFA on and lost their phone. Never for oneself; needs the administrator's
 * own second factor in this session within 12 hours (or a current code now,
 * after which this session counts as having one); at most 3 a staff member
 * per 24 hours, and a new code voids the previous. Only the code's keyed hash
 * is stored; the code is returned once, formatted ("ABCD-EFGH"). The audit
 * log and both people's activity record it, and both are emailed (never the code).
 */
export async function issueAccessCode(deps: AccessCodeDeps, admin: Admin, input: IssueAccessCodeInput): Promise<IssueAccessCodeResult> {
  const { db, now } = deps;
  if (!isAdmin(admin.user)) return notFound;
  const companyId = admin.user.company.id;
  const target = await db.user.findFirst({ where: { id: input.staffId, companyId }, select: { id: true, name: true, email: true, mfaMethod: true, timeZone: true } });
  if (!target) return notFound;
  if (target.id === admin.user.id) return { ok: false, error: "OWN_ACCESS_CODE" };
  if (admin.user.company.signInMethod === "SSO") return { ok: false, error: "POLICY_MANAGED_BY_SSO" };
  if (target.mfaMethod === "NONE") return { ok: false, error: "NO_MFA_TO_RECOVER" };
  const fieldErrors = accessCodeInputErrors(input);
  if (fieldErrors) return { ok: false, error: "INVALID_INPUT", fieldErrors };
  const reason = input.reason.trim();

  // Whoever issues second factors must use one: checked on the account now, not only on how this session began.
  if (admin.user.mfaMethod === "NONE") return { ok: false, error: "OWN_MFA_FIRST" };
  const session = await readAdminSession(db, admin);
  if (!hasFreshSecondFactor(session, now)) {
    const self = await db.user.findUniqueOrThrow({ where: { id: admin.user.id }, select: { id: true, mfaMethod: true, totpSecret: true, totpLastStep: true } });
    if (self.mfaMethod === "NONE") return { ok: false, error: "OWN_MFA_FIRST" };
    if (!input.currentCode) return { ok: false, error: "FRESH_CODE_REQUIRED" };
    const stepUp = await checkStepUpCode(deps, { userId: admin.user.id, sessionId: admin.sessionId }, self, input.currentCode);
    if (!stepUp.ok) return stepUp;
    // This session has now proven a second factor: the next code does not ask again.
    if (session && !session.amr.split(" ").includes("otp")) {
      await db.userSession.updateMany({ where: { id: admin.sessionId, userId: admin.user.id, amr: session.amr, revokedAt: null }, data: { amr: `${session.amr} otp`.trim() } });
    }
  }

  const expiresAt = new Date(now.getTime() + input.minutes * 60_000);
  const actor = { id: admin.user.id, name: admin.user.name, email: admin.user.email };
  const result = await db.$transaction(async (tx): Promise<IssueAccessCodeResult> => {
    await holdCompany(tx, companyId);
    // One issuer at a time per staff member: the count below then sees every code committed before it.
    const [locked] = await tx.$queryRaw<{ mfaMethod: MfaMethod }[]>`
      SELECT "mfaMethod" FROM "User" WHERE id = ${target.id} AND "companyId" = ${companyId} FOR NO KEY UPDATE`;
    if (!locked) return notFound;
    if (locked.mfaMethod === "NONE") return { ok: false, error: "NO_MFA_TO_RECOVER" };
    // Still an administrator of this company (a demotion committed meanwhile counts).
    const issuer = await tx.user.findUnique({ where: { id: admin.user.id }, select: { role: true, companyId: true } });
    if (issuer?.role !== "ADMIN" || issuer.companyId !== companyId) return notFound;
    const recent = await tx.mfaAccessCode.count({ where: { userId: target.id, createdAt: { gt: new Date(now.getTime() - DAY_MS) } } });
    if (recent >= ACCESS_CODES_PER_DAY) return { ok: false, error: "ACCESS_CODE_LIMIT" };
    await tx.mfaAccessCode.updateMany({ where: { userId: target.id, usedAt: null, voidedAt: null }, data: { voidedAt: now } });
    const code = randomCode(ACCESS_CODE_LENGTH);
    await tx.mfaAccessCode.create({
      data: { userId: target.id, issuedById: admin.user.id, issuedByName: admin.user.name, reason, codeHash: hashCode(deps.ring, "access", target.id, code), expiresAt, createdAt: now },
    });
    await recordAudit(tx, {
      companyId,
      actor,
      target,
      action: "access_code.issued",
      detail: { by: admin.user.name, for: target.name, reason, expiresAt: expiresAt.toISOString() },
      meta: deps.meta,
      now,
    });
    const detail = issuedDetail(admin.user.name, target.name, reason);
    await tx.securityEvent.createMany({
      data: [eventRow(target.id, "ACCESS_CODE_ISSUED", detail, deps.meta, now), eventRow(admin.user.id, "ACCESS_CODE_ISSUED", detail, deps.meta, now)],
    });
    return { ok: true, code, expiresAt };
  });
  if (!result.ok) return result;

  // The administrator's copy names their own request; the staff member's gives only the time (each in their own time zone).
  const context = await emailContextOf(deps.meta, target.timeZone, now);
  const words = { adminName: admin.user.name, staffName: target.name, reason, expiresAt };
  await deps.notify(await accessCodeIssuedEmail(deps.appName, target.email, { ...words, context }));
  await deps.notify(await accessCodeIssuedAdminEmail(deps.appName, admin.user.email, { ...words, context: { ...context, timeZone: admin.user.timeZone } }));
  return { ok: true, code: formatCode(result.code), expiresAt };
}

export type AccessCodeUsedResult = { ok: true; state: "reset" | "unchanged" } | { ok: false; error: "NOT_FOUND" };

/**
 * The effects of a sign-in completed with an access code, called by the OTP
 * step right after its statement marked the code used (and before the new
 * session is created): the staff member's MFA is reset (method None, no
 * authenticator secret, no recovery codes, and `mfaResetAt` now, so a company
 * requirement gives them a new grace period), every session of theirs ends,
 * and so does any other sign-in of theirs waiting for a code; both people's
 * activity and the audit log record it, and both are emailed.
 *
 * Applied once per code: the code row is closed in the same transaction
 * (`voidedAt` set on a used code means "its effects were applied"; the OTP
 * step never accepts a voided code), so a second call changes nothing.
 */
export async function accessCodeUsed(
  deps: Pick<MfaDeps, "db" | "now" | "meta" | "notify" | "appName">,
  input: { userId: string; accessCodeId: string },
): Promise<AccessCodeUsedResult> {
  const { db, now } = deps;
  const code = await db.mfaAccessCode.findFirst({
    where: { id: input.accessCodeId, userId: input.userId, usedAt: { not: null } },
    select: { id: true, issuedById: true, issuedByName: true, user: { select: { id: true, name: true, email: true, companyId: true, timeZone: true } } },
  });
  if (!code) return notFound;
  const staff = code.user;
  const issuer = code.issuedById
    ? await db.user.findFirst({ where: { id: code.issuedById, companyId: staff.companyId }, select: { id: true, name: true, email: true, timeZone: true } })
    : null;

  const applied = await db.$transaction(async (tx) => {
    await holdCompany(tx, staff.companyId);
    const closed = await tx.mfaAccessCode.updateMany({ where: { id: code.id, userId: staff.id, usedAt: { not: null }, voidedAt: null }, data: { voidedAt: now } });
    if (closed.count !== 1) return false;
    await tx.user.update({
      where: { id: staff.id },
      data: { mfaMethod: "NONE", totpSecret: null, totpLastStep: null, pendingTotpSecret: null, pendingTotpCreatedAt: null, recoveryCodesIssuedAt: null, mfaResetAt: now },
    });
    await tx.recoveryCode.deleteMany({ where: { userId: staff.id } });
    await tx.mfaAccessCode.updateMany({ where: { userId: staff.id, usedAt: null, voidedAt: null }, data: { voidedAt: now } });
    await tx.userSession.updateMany({ where: { userId: staff.id, revokedAt: null }, data: { revokedAt: now } });
    // Other sign-ins of theirs still waiting for a code end too (the one that used the code is completed).
    await tx.loginChallenge.updateMany({ where: { userId: staff.id, completedAt: null, consumedAt: null, expiresAt: { gt: now } }, data: { expiresAt: now } });
    await recordAudit(tx, {
      companyId: staff.companyId,
      actor: staff,
      target: staff,
      action: "access_code.used",
      detail: { by: staff.name, issuedBy: code.issuedByName },
      meta: deps.meta,
      now,
    });
    const detail = usedDetail(staff.name, code.issuedByName);
    await tx.securityEvent.createMany({
      data: [eventRow(staff.id, "ACCESS_CODE_USED", detail, deps.meta, now), ...(issuer ? [eventRow(issuer.id, "ACCESS_CODE_USED", detail, deps.meta, now)] : [])],
    });
    return true;
  });
  if (!applied) return { ok: true, state: "unchanged" };

  // Both see the sign-in that used the code, each in their own time zone.
  const context = await emailContextOf(deps.meta, staff.timeZone, now);
  const words = { adminName: code.issuedByName, staffName: staff.name };
  await deps.notify(await accessCodeUsedEmail(deps.appName, staff.email, { ...words, context }));
  if (issuer) await deps.notify(await accessCodeUsedAdminEmail(deps.appName, issuer.email, { ...words, context: { ...context, timeZone: issuer.timeZone } }));
  return { ok: true, state: "reset" };
}

export type AccessCodePanel = {
  /** The administrator's session has no second factor from the last 12 hours: the form asks for a current code. */
  needsFreshCode: boolean;
  /** The staff member's code that still works, if any (a new one voids it). */
  live: { issuedByName: string; expiresAt: Date } | null;
  /** Codes issued for them in the last 24 hours, against the cap. */
  issuedToday: number;
};

/** What "Help them sign in" shows on a staff member's page (for an administrator; the caller has checked the member is theirs). */
export async function accessCodePanel(db: Db, admin: Admin, staffId: string, now: Date): Promise<AccessCodePanel> {
  const [session, live, issuedToday] = await Promise.all([
    readAdminSession(db, admin),
    db.mfaAccessCode.findFirst({
      where: { userId: staffId, usedAt: null, voidedAt: null, expiresAt: { gt: now }, user: { companyId: admin.user.company.id } },
      orderBy: { createdAt: "desc" },
      select: { issuedByName: true, expiresAt: true },
    }),
    db.mfaAccessCode.count({ where: { userId: staffId, createdAt: { gt: new Date(now.getTime() - DAY_MS) }, user: { companyId: admin.user.company.id } } }),
  ]);
  return { needsFreshCode: !hasFreshSecondFactor(session, now), live, issuedToday };
}
