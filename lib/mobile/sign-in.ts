// Sign-in for the mobile apps (issue 17): the portal's own password step
// (limits, lockouts, failure ceiling and activity shared with /login), then
// a device with tokens. As the help article says, the apps ask for no
// one-time password by default; a company's "Require MFA in the mobile apps
// too" makes them finish with the web OTP step's rules (lib/sign-in/otp-step.ts).
import { hashToken, isWellFormedToken } from "@/lib/auth/tokens";
import { mfaStatus } from "@/lib/company/mfa-status";
import type { MfaDeps } from "@/lib/mfa/deps";
import { SECOND_FACTORS } from "@/lib/sign-in/decision";
import { findPendingChallenge, sendSignInCode, verifySignInCode } from "@/lib/sign-in/otp-step";
import { measurePasswordStep } from "@/lib/sign-in/metrics";
import { passwordStep } from "@/lib/sign-in/password-step";
import { routeForEmail } from "@/lib/sso/connections";
import type { RequestMeta } from "@/lib/security/events";
import { MOBILE_CHALLENGE } from "./challenge";
import { startDevice, type MobileTokens } from "./devices";

export { MOBILE_CHALLENGE };

export type MobileDeps = MfaDeps & { meta: RequestMeta };

export type SignedIn = { ok: true; tokens: MobileTokens; userId: string };

export type MobileSignInResult =
  | SignedIn
  | { ok: false; error: "INVALID_CREDENTIALS" | "SIGN_IN_DISABLED" | "MFA_SETUP_REQUIRED" }
  | { ok: false; error: "TOO_MANY_ATTEMPTS"; retryAt: Date }
  | { ok: false; error: "SSO_REQUIRED"; companySlug: string | null }
  | { ok: false; error: "SSO_NOT_CONFIGURED" }
  | { ok: false; error: "MFA_REQUIRED"; challengeToken: string; method: "TOTP" | "EMAIL" };

/**
 * `POST /api/mobile/v1/sessions`. An email whose domain signs in with single
 * sign-on is sent to its identity provider before any password is checked
 * (as the web's email-first step); otherwise the web's password step.
 */
export async function signInWithPassword(deps: MobileDeps, input: { email: string; password: string; deviceName: string }): Promise<MobileSignInResult> {
  const route = await routeForEmail(deps.db, input.email);
  if (route) {
    const company = await deps.db.company.findUnique({ where: { id: route.companyId }, select: { slug: true } });
    return { ok: false, error: "SSO_REQUIRED", companySlug: company?.slug ?? null };
  }
  const step = await measurePasswordStep(() =>
    passwordStep(
      deps.db,
      { email: input.email, password: input.password, callbackUrl: MOBILE_CHALLENGE, meta: deps.meta, now: deps.now, knownDeviceId: null },
      { appName: deps.appName, notify: deps.notify },
    ),
  );
  if (!step.ok) {
    if (step.error === "TOO_MANY_ATTEMPTS") return { ok: false, error: "TOO_MANY_ATTEMPTS", retryAt: step.retryAt };
    // A single sign-on company whose connection does not serve this email's domain: nobody can sign it in yet.
    if (step.error === "SSO_REQUIRED") return { ok: false, error: "SSO_NOT_CONFIGURED" };
    return { ok: false, error: step.error === "SIGN_IN_DISABLED" ? "SIGN_IN_DISABLED" : "INVALID_CREDENTIALS" };
  }
  if (step.mfaMethod !== "NONE") {
    const user = await deps.db.user.findUniqueOrThrow({ where: { id: step.userId }, select: { company: { select: { mfaRequiredOnMobile: true } } } });
    if (user.company.mfaRequiredOnMobile) return { ok: false, error: "MFA_REQUIRED", challengeToken: step.token, method: step.mfaMethod };
  }
  return redeem(deps, step.token, input.deviceName);
}

export type MobileOtpResult =
  | SignedIn
  | { ok: false; error: "INVALID_CODE" | "CHALLENGE_EXPIRED" | "SIGN_IN_DISABLED" | "MFA_SETUP_REQUIRED" }
  | { ok: false; error: "TOO_MANY_ATTEMPTS"; retryAt: Date };

/** A pending challenge of the apps (never a browser's), or null. */
async function pendingChallenge(deps: MobileDeps, challengeToken: string) {
  const challenge = await findPendingChallenge(deps.db, challengeToken, deps.now);
  return challenge && challenge.callbackUrl === MOBILE_CHALLENGE ? challenge : null;
}

/**
 * `POST /api/mobile/v1/sessions/otp`: the web OTP step's check (TOTP steps
 * once each, 5 codes per challenge, the account's OTP limit and lock), then
 * the device.
 */
export async function completeWithCode(deps: MobileDeps, input: { challengeToken: string; code: string; deviceName: string }): Promise<MobileOtpResult> {
  const challenge = await pendingChallenge(deps, input.challengeToken);
  if (!challenge) return { ok: false, error: "CHALLENGE_EXPIRED" };
  const verified = await verifySignInCode(deps, challenge, input.code);
  if (!verified.ok) {
    if (verified.error === "TOO_MANY_ATTEMPTS") return { ok: false, error: "TOO_MANY_ATTEMPTS", retryAt: verified.retryAt };
    if (verified.error === "SIGN_IN_DISABLED" || verified.error === "CHALLENGE_EXPIRED") return { ok: false, error: verified.error };
    return { ok: false, error: "INVALID_CODE" };
  }
  const redeemed = await redeem(deps, input.challengeToken, input.deviceName);
  if (redeemed.ok) return redeemed;
  return { ok: false, error: redeemed.error === "MFA_SETUP_REQUIRED" ? "MFA_SETUP_REQUIRED" : "CHALLENGE_EXPIRED" };
}

export type EmailCodeResult =
  | { ok: true; resendAvailableAt: Date }
  | { ok: false; error: "CHALLENGE_EXPIRED" | "NO_EMAIL_CODES" | "EMAIL_FAILED" }
  | { ok: false; error: "TOO_MANY_ATTEMPTS" | "RESEND_COOLDOWN"; retryAt: Date };

/** `POST /api/mobile/v1/sessions/email-code`: emails a sign-in code to an Email user, with the web's cooldown and hourly limit. */
export async function emailSignInCode(deps: MobileDeps, input: { challengeToken: string }): Promise<EmailCodeResult> {
  const challenge = await pendingChallenge(deps, input.challengeToken);
  if (!challenge) return { ok: false, error: "CHALLENGE_EXPIRED" };
  const sent = await sendSignInCode(deps, challenge);
  if (sent.ok) return { ok: true, resendAvailableAt: new Date(sent.resendAvailableAt) };
  if (sent.error === "RESEND_COOLDOWN") return { ok: false, error: "RESEND_COOLDOWN", retryAt: new Date(sent.resendAvailableAt) };
  if (sent.error === "TOO_MANY_ATTEMPTS") return { ok: false, error: "TOO_MANY_ATTEMPTS", retryAt: sent.retryAt };
  if (sent.error === "EMAIL_FAILED") return { ok: false, error: "EMAIL_FAILED" };
  return { ok: false, error: "NO_EMAIL_CODES" };
}

class NotRedeemable extends Error {}
class SetUpFirst extends Error {}

/**
 * Consumes an apps' challenge (a conditional update: of concurrent calls one
 * wins) and signs the device in, in one transaction. A user with MFA on whose
 * company requires it in the apps needs the challenge completed with a second
 * factor, read from the company as it is now.
 */
async function redeem(deps: MobileDeps, challengeToken: string, deviceName: string): Promise<MobileSignInResult> {
  if (!isWellFormedToken(challengeToken)) return { ok: false, error: "INVALID_CREDENTIALS" };
  const tokenHash = hashToken(challengeToken);
  const { now } = deps;
  try {
    return await deps.db.$transaction(async (tx) => {
      const { count } = await tx.loginChallenge.updateMany({
        where: { tokenHash, callbackUrl: MOBILE_CHALLENGE, consumedAt: null, expiresAt: { gt: now }, resetTokenId: null },
        data: { consumedAt: now },
      });
      if (count !== 1) throw new NotRedeemable();
      const challenge = await tx.loginChallenge.findUniqueOrThrow({ where: { tokenHash }, include: { user: { include: { company: true } } } });
      const { user } = challenge;
      const amr = challenge.amr.split(" ").filter(Boolean);
      if (user.company.signInMethod !== "PASSWORD") throw new NotRedeemable();
      const needsSecondFactor = user.mfaMethod !== "NONE" && user.company.mfaRequiredOnMobile;
      if (needsSecondFactor && (!challenge.completedAt || !amr.some((proof) => SECOND_FACTORS.includes(proof)))) throw new NotRedeemable();
      // Past the company's MFA deadline without MFA: on the web only its set-up is open; in the apps, nothing while MFA is required there.
      if (user.company.mfaRequiredOnMobile && mfaStatus(user, user.company, now).kind === "overdue") throw new SetUpFirst();
      const tokens = await startDevice(tx, { userId: user.id, amr: [...amr, "mobile"].join(" "), deviceName, meta: deps.meta, now });
      return { ok: true as const, tokens, userId: user.id };
    });
  } catch (error) {
    if (error instanceof NotRedeemable) return { ok: false, error: "INVALID_CREDENTIALS" };
    if (error instanceof SetUpFirst) return { ok: false, error: "MFA_SETUP_REQUIRED" };
    throw error;
  }
}
