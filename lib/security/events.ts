import type { Db } from "@/lib/db";
import type { SecurityEventType } from "@/lib/generated/prisma/enums";
import { auditMfaChange } from "@/lib/company/audit";
import { log } from "@/lib/log";

export type { SecurityEventType };

export type RequestMeta = { ip: string | null; userAgent: string | null };

const methodWords: Record<string, string> = { TOTP: "authenticator app", EMAIL: "email codes", NONE: "none" };

/** Plain words for the "Recent security activity" list. */
export function describeEvent(type: SecurityEventType, detail: string | null): string {
  switch (type) {
    case "SIGN_IN_SUCCESS":
      return detail === "otp"
        ? "Signed in with a one-time password"
        : detail === "recovery"
          ? "Signed in with a recovery code"
          : detail === "admin-code"
            ? "Signed in with an administrator's access code"
            : detail === "ext"
              ? "Signed in with single sign-on"
              : detail === "mobile"
                ? "Signed in on a mobile app"
                : "Signed in";
    case "SIGN_IN_FAILURE":
      return "Failed sign-in: wrong password";
    case "OTP_FAILURE":
      return detail === "replay"
        ? "A code that was already used was entered"
        : detail === "recovery"
          ? "Failed sign-in: wrong recovery code"
          : detail === "access"
            ? "Failed sign-in: wrong access code"
            : "Failed sign-in: wrong one-time password";
    case "LOCKOUT":
      return detail === "otp" ? "One-time passwords locked for 15 minutes after too many wrong codes" : "Sign-in locked for 15 minutes after too many wrong passwords";
    case "MFA_ENABLED":
      return `Multi-factor authentication turned on (${methodWords[detail ?? ""] ?? detail})`;
    case "MFA_CHANGED":
      return `Multi-factor authentication changed to ${methodWords[detail ?? ""] ?? detail}`;
    case "MFA_DISABLED":
      return "Multi-factor authentication turned off";
    case "MFA_SWITCHED_AT_SIGN_IN":
      return "Switched to email codes while signing in";
    case "PASSWORD_CHANGED":
      return "Password changed";
    case "MFA_EXEMPTED":
      return `Your administrator exempted you from the MFA requirement until ${detail ?? "further notice"}`;
    case "MFA_EXEMPTION_ENDED":
      return "Your administrator ended your exemption from the MFA requirement";
    case "ROLE_CHANGED":
      return detail === "ADMIN" ? "Your administrator made you an administrator" : "Your administrator changed your role to staff";
    case "PASSWORD_RESET_REQUESTED":
      return "A password reset link was requested";
    case "PASSWORD_RESET":
      return "Password reset with an emailed link; all sessions signed out";
    case "RECOVERY_CODES_GENERATED":
      return "New recovery codes generated (the previous ones stopped working)";
    case "RECOVERY_CODE_USED":
      return `A recovery code was used${detail ? ` (${detail} left)` : ""}`;
    case "ACCESS_CODE_ISSUED":
      return `MFA access code issued ${detail ?? ""}`.trim();
    case "ACCESS_CODE_USED":
      return `MFA access code used ${detail ?? ""}`.trim();
    case "MOBILE_TOKEN_REUSED":
      return `A mobile app's used sign-in token was presented again: ${detail ?? "the device"} was signed out`;
    case "SIGN_IN_UNLOCKED":
      return `Sign-in unblocked by ${detail ?? "an administrator"}`;
    case "SESSIONS_REVOKED":
      return detail === "1"
        ? "Signed out of one other session"
        : detail === "reauth"
          ? "Signed out after 5 wrong current passwords"
          : "Signed out of all other sessions";
    default:
      return type;
  }
}

/** Records one event; never throws into the flow that reports it. */
export async function recordEvent(
  db: Db,
  input: { userId: string; type: SecurityEventType; detail?: string; meta?: RequestMeta; now: Date },
): Promise<void> {
  try {
    await db.securityEvent.create({
      data: {
        userId: input.userId,
        type: input.type,
        detail: input.detail ?? null,
        ip: input.meta?.ip ?? null,
        userAgent: input.meta?.userAgent ?? null,
        createdAt: input.now,
      },
    });
    await auditMfaChange(db, { userId: input.userId, type: input.type, detail: input.detail ?? null, meta: input.meta, now: input.now });
  } catch (error) {
    log.error("security event not recorded", { type: input.type, reason: (error as Error).name });
  }
}

/** The user's newest events, newest first. */
export function recentEvents(db: Db, userId: string, take = 20) {
  return db.securityEvent.findMany({ where: { userId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take });
}
