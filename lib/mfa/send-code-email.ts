import type { EmailMessage } from "@/lib/email/types";
import { EmailDeliveryError } from "@/lib/email/types";
import { LIMITS } from "@/lib/security/limits";
import { beginAttempt, finishAttempt, limitKey } from "@/lib/security/rate-limit";
import type { MfaDeps } from "./deps";
import { issueEmailCode, withdrawEmailCode, type EmailCodePurpose } from "./email-code-store";

export type SendCodeEmailResult =
  | { ok: true }
  | { ok: false; error: "EMAIL_FAILED" }
  | { ok: false; error: "TOO_MANY_ATTEMPTS"; retryAt: Date };

/**
 * Issues a code and emails it, within the per-account email limit. If the
 * provider fails, the code is withdrawn: nothing usable is left behind.
 */
export async function sendCodeEmail(
  deps: MfaDeps,
  scope: { userId: string; purpose: EmailCodePurpose; challengeId?: string },
  compose: (code: string) => Promise<EmailMessage>,
): Promise<SendCodeEmailResult> {
  const key = limitKey(`user:${scope.userId}`);
  const begun = await beginAttempt(deps.db, "EMAIL_ACCOUNT", key, LIMITS.emailPerAccount, deps.now);
  if (!begun.ok) return { ok: false, error: "TOO_MANY_ATTEMPTS", retryAt: begun.retryAt };
  const issued = await issueEmailCode(deps.db, deps.emailKey, scope, deps.now);
  try {
    await deps.send(await compose(issued.code));
  } catch (error) {
    await withdrawEmailCode(deps.db, issued.id);
    await finishAttempt(deps.db, "EMAIL_ACCOUNT", key, LIMITS.emailPerAccount, "FAIL", deps.now);
    if (error instanceof EmailDeliveryError) return { ok: false, error: "EMAIL_FAILED" };
    throw error;
  }
  await finishAttempt(deps.db, "EMAIL_ACCOUNT", key, LIMITS.emailPerAccount, "OK", deps.now);
  return { ok: true };
}
