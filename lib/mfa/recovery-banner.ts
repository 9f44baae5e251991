import { RECOVERY_CODES_LOW } from "@/lib/security/limits";

export type RecoveryBanner = { text: string; linkText: string; href: string };

/**
 * What the portal says above every page once recovery codes run low: at 3 or
 * fewer, generate new ones; at none, set MFA up again (whoever used them all
 * has probably lost the device too). Null while there are enough, or when
 * the user never had a set.
 */
export function recoveryBanner(left: number | null): RecoveryBanner | null {
  if (left === null || left > RECOVERY_CODES_LOW) return null;
  if (left === 0) {
    return {
      text: "You have used all your recovery codes. If you no longer have your authenticator or email, set up multi-factor authentication again; you get a new set of codes when you do.",
      linkText: "Set up multi-factor authentication",
      href: "/settings/account#mfa-heading",
    };
  }
  return {
    text: `Only ${left} recovery ${left === 1 ? "code" : "codes"} left. Generate new codes before you run out.`,
    linkText: "Generate new codes",
    href: "/settings/account#recovery-codes",
  };
}
