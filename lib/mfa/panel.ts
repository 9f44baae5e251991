import { errorMessages } from "@/lib/errors";
import type { MfaMethod, SignInMethod } from "@/lib/generated/prisma/enums";

export type MfaPanelView = { kind: "managed"; message: string } | { kind: "choose"; method: MfaMethod };

/**
 * What the "Multi-factor Authentication" section shows: users of SSO
 * companies get the managed-by-IT message and no choice.
 */
export function mfaPanelView(user: { mfaMethod: MfaMethod; company: { signInMethod: SignInMethod } }): MfaPanelView {
  if (user.company.signInMethod === "SSO") return { kind: "managed", message: errorMessages.MFA_MANAGED_BY_SSO };
  return { kind: "choose", method: user.mfaMethod };
}

export const methodLabels: Record<MfaMethod, string> = { NONE: "None", TOTP: "Authenticator", EMAIL: "Email" };
