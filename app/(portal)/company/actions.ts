"use server";

import { blockedByMfaRequirement, getCurrentUser } from "@/lib/auth/current-user";
import { issueAccessCode } from "@/lib/company/access-code";
import { changeRole, endExemption, grantExemption, isAdmin, savePolicy, type Admin, type AdminDeps } from "@/lib/company/admin";
import { ErrorCode, type ActionResult } from "@/lib/errors";
import { adminContext } from "@/lib/company/admin-request";
import { env } from "@/lib/env";
import { mfaKeyRing, requestContext } from "@/lib/request-context";
import { saveSsoSettings, testSsoConnection, type SsoAdminDeps } from "@/lib/sso/admin";
import { ssoAllowHttp, type ConnectionCheck } from "@/lib/sso/discovery";
import { fieldErrors } from "@/lib/validation/auth";
import { accessCodeSchema, exemptionSchema, policySchema, roleSchema, staffIdSchema } from "@/lib/validation/company";
import { withRequest } from "@/lib/with-request";

type Refused = { ok: false; error: ErrorCode };

/**
 * Who may use Company settings: an administrator of their company, not
 * blocked by the MFA requirement. Anyone else is told "not found", exactly
 * as the pages answer them, whatever ids they post.
 */
async function administrator(): Promise<{ admin: Admin; deps: AdminDeps } | Refused> {
  const current = await getCurrentUser();
  if (!current) return { ok: false, error: ErrorCode.UNAUTHENTICATED };
  if (!isAdmin(current.user)) return { ok: false, error: ErrorCode.NOT_FOUND };
  const deps = await adminContext();
  if (blockedByMfaRequirement(current, deps.now)) return { ok: false, error: ErrorCode.MFA_REQUIRED };
  return { admin: { user: current.user, sessionId: current.sessionId }, deps };
}

/** Sign-in security -> Save. */
export const savePolicyAction = withRequest(async function savePolicyAction(input: unknown): Promise<ActionResult<{ state: "saved" | "unchanged" }> & { overdueCount?: number }> {
  const who = await administrator();
  if ("ok" in who) return who;
  const parsed = policySchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: ErrorCode.INVALID_INPUT, fieldErrors: fieldErrors(parsed.error) };
  const result = await savePolicy(who.deps, who.admin, parsed.data);
  if (result.ok) return result;
  return result.error === "CONFIRM_OVERDUE" ? { ok: false, error: result.error, overdueCount: result.overdueCount } : { ok: false, error: result.error };
});

/** A staff member's page -> "Exempt". */
export const grantExemptionAction = withRequest(async function grantExemptionAction(input: unknown): Promise<ActionResult> {
  const who = await administrator();
  if ("ok" in who) return who;
  const parsed = exemptionSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: ErrorCode.INVALID_INPUT, fieldErrors: fieldErrors(parsed.error) };
  const result = await grantExemption(who.deps, who.admin, parsed.data);
  if (result.ok) return { ok: true };
  return "fieldErrors" in result ? { ok: false, error: ErrorCode.INVALID_INPUT, fieldErrors: result.fieldErrors } : { ok: false, error: result.error };
});

/** A staff member's page -> "End exemption". */
export const endExemptionAction = withRequest(async function endExemptionAction(input: unknown): Promise<ActionResult> {
  const who = await administrator();
  if ("ok" in who) return who;
  const parsed = staffIdSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: ErrorCode.NOT_FOUND };
  const result = await endExemption(who.deps, who.admin, parsed.data);
  return result.ok ? { ok: true } : { ok: false, error: result.error };
});

/** A staff member's page -> Role -> "Save role". */
export const changeRoleAction = withRequest(async function changeRoleAction(input: unknown): Promise<ActionResult> {
  const who = await administrator();
  if ("ok" in who) return who;
  const parsed = roleSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: ErrorCode.INVALID_INPUT };
  const result = await changeRole(who.deps, who.admin, parsed.data);
  return result.ok ? { ok: true } : { ok: false, error: result.error };
});

/**
 * A staff member's page -> "Help them sign in" -> "Create access code". The
 * code comes back once, formatted, with when it stops working (ISO 8601).
 */
export const issueAccessCodeAction = withRequest(async function issueAccessCodeAction(input: unknown): Promise<ActionResult<{ code: string; expiresAt: string }>> {
  const who = await administrator();
  if ("ok" in who) return who;
  const parsed = accessCodeSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: ErrorCode.INVALID_INPUT, fieldErrors: fieldErrors(parsed.error) };
  // The MFA keys and the mailer of this request, on the administrator check's clock and request details.
  const deps = { ...(await requestContext()), now: who.deps.now };
  const result = await issueAccessCode(deps, who.admin, parsed.data);
  if (result.ok) return { ok: true, code: result.code, expiresAt: result.expiresAt.toISOString() };
  return "fieldErrors" in result ? { ok: false, error: ErrorCode.INVALID_INPUT, fieldErrors: result.fieldErrors } : { ok: false, error: result.error };
});

/** Single sign-on's dependencies for this request, on the administrator check's clock and request details. */
const ssoDeps = (deps: AdminDeps): SsoAdminDeps => ({ db: deps.db, now: deps.now, meta: deps.meta, ring: mfaKeyRing(), allowHttp: ssoAllowHttp(env()) });

/**
 * Single sign-on -> "Save" (and "Confirm and save", with `confirm: true`).
 * A change of issuer or of whether SSO is on comes back first as
 * CONFIRM_SSO_CHANGE with the sentences to show.
 */
export const saveSsoSettingsAction = withRequest(async function saveSsoSettingsAction(input: unknown): Promise<ActionResult<{ state: "saved" | "unchanged" }> & { confirmation?: string }> {
  const who = await administrator();
  if ("ok" in who) return who;
  const result = await saveSsoSettings(ssoDeps(who.deps), who.admin, input);
  if (result.ok) return { ok: true, state: result.state };
  if (result.error === "CONFIRM_SSO_CHANGE") return { ok: false, error: result.error, confirmation: result.confirmation };
  return "fieldErrors" in result ? { ok: false, error: result.error, fieldErrors: result.fieldErrors } : { ok: false, error: result.error };
});

/** Single sign-on -> "Test connection": the issuer in the form, saved or not. */
export const testSsoConnectionAction = withRequest(async function testSsoConnectionAction(input: unknown): Promise<ActionResult<{ checks: ConnectionCheck[] }>> {
  const who = await administrator();
  if ("ok" in who) return who;
  const result = await testSsoConnection(ssoDeps(who.deps), who.admin, input);
  if (result.ok) return { ok: true, checks: result.checks };
  return "fieldErrors" in result ? { ok: false, error: result.error, fieldErrors: result.fieldErrors } : { ok: false, error: result.error };
});
