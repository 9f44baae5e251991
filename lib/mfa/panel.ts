import { errorMessages } from "@/lib/errors";
import type { MfaMethod } from "./settings";

export type MfaPanelView = { kind: "managed"; message: string } | { kind: "choose"; method: MfaMethod };

/**
 * What the "Multi-factor Authentication" section shows: users of SSO
 * companies get the managed-by-IT message and no choice.
 */
export function mfaPanelView(user: { mfaMethod: string; company: { signInMethod: string } }): MfaPanelView {
  if (user.company.signInMethod === "SSO") return { kind: "managed", message: errorMessages.MFA_MANAGED_BY_SSO };
  const method = user.mfaMethod === "TOTP" || user.mfaMethod === "EMAIL" ? user.mfaMethod : "NONE";
  return { kind: "choose", method };
}

export const methodLabels: Record<MfaMethod, string> = { NONE: "None", TOTP: "Authenticator", EMAIL: "Email" };
