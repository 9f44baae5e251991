// What the sign-in actions report to Prometheus (lib/metrics/registry.ts):
// each step's result and time, and the locks and recovery codes they cause,
// read from the domain's result so that the SQL that settles an attempt
// stays the one place that decides it.
import { metrics, type Metrics, type OtpMethod } from "@/lib/metrics/registry";
import { otpMode, type CodeKind, type PendingChallenge, type VerifyCodeResult } from "./otp-step";
import type { PasswordStepResult } from "./password-step";

/** The label of a code submitted at the OTP step: the user's method for a plain code, else the kind of backup code. */
export function otpMethodOf(challenge: Pick<PendingChallenge, "switchToEmail" | "emailAllowed" | "resetTokenId" | "user">, kind: CodeKind): OtpMethod {
  if (kind === "recovery") return "recovery";
  if (kind === "access") return "admin-code";
  return otpMode(challenge) === "TOTP" ? "totp" : "email";
}

/** A result's label: "success", or the refusal's code in lower case. */
const resultOf = (result: { ok: true } | { ok: false; error: string }) => (result.ok ? "success" : result.error.toLowerCase());

/**
 * Runs one password step, timing it and counting its result ("error" when it
 * threw) and the lock it started, if any.
 */
export async function measurePasswordStep(step: () => Promise<PasswordStepResult>, registry: Metrics = metrics()): Promise<PasswordStepResult> {
  const stop = registry.passwordStepSeconds.startTimer();
  let result = "error";
  try {
    const outcome = await step();
    result = resultOf(outcome);
    if (!outcome.ok && "lockedNow" in outcome && outcome.lockedNow) registry.lockouts.inc({ scope: "password_client" });
    return outcome;
  } finally {
    stop();
    registry.passwordSteps.inc({ result });
  }
}

/**
 * Runs the check of one code at the OTP step, timing it and counting its
 * result by method, the lock it started, and a recovery code it used up.
 */
export async function measureOtpStep(method: OtpMethod, step: () => Promise<VerifyCodeResult>, registry: Metrics = metrics()): Promise<VerifyCodeResult> {
  const stop = registry.otpStepSeconds.startTimer();
  let result = "error";
  try {
    const outcome = await step();
    result = resultOf(outcome);
    if (!outcome.ok && "lockedNow" in outcome && outcome.lockedNow) registry.lockouts.inc({ scope: "otp_account" });
    if (outcome.ok && method === "recovery") registry.recoveryCodesUsed.inc();
    return outcome;
  } finally {
    stop();
    registry.otpSteps.inc({ method, result });
  }
}
