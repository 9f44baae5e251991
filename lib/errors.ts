/** Stable error codes returned by actions; the UI shows `errorMessages[code]`. */
export const ErrorCode = {
  INVALID_CREDENTIALS: "INVALID_CREDENTIALS",
  SSO_REQUIRED: "SSO_REQUIRED",
  INVALID_INPUT: "INVALID_INPUT",
  UNAUTHENTICATED: "UNAUTHENTICATED",
  WRONG_CURRENT_PASSWORD: "WRONG_CURRENT_PASSWORD",
  INVALID_CODE: "INVALID_CODE",
  CHALLENGE_EXPIRED: "CHALLENGE_EXPIRED",
  EMAIL_FAILED: "EMAIL_FAILED",
  RESEND_COOLDOWN: "RESEND_COOLDOWN",
  MFA_MANAGED_BY_SSO: "MFA_MANAGED_BY_SSO",
  NO_PENDING_ENROLLMENT: "NO_PENDING_ENROLLMENT",
  TOO_MANY_ATTEMPTS: "TOO_MANY_ATTEMPTS",
  NO_EMAIL_CODES: "NO_EMAIL_CODES",
  AUTHENTICATOR_ONLY: "AUTHENTICATOR_ONLY",
  SSO_NOT_CONFIGURED: "SSO_NOT_CONFIGURED",
  SSO_UNAVAILABLE: "SSO_UNAVAILABLE",
  SSO_REFUSED: "SSO_REFUSED",
  SERVICE_UNAVAILABLE: "SERVICE_UNAVAILABLE",
  SESSION_NOT_FOUND: "SESSION_NOT_FOUND",
  PASSWORD_TOO_COMMON: "PASSWORD_TOO_COMMON",
  SESSION_ENDED: "SESSION_ENDED",
  SIGN_IN_DISABLED: "SIGN_IN_DISABLED",
  STEP_UP_REQUIRED: "STEP_UP_REQUIRED",
  NOT_FOUND: "NOT_FOUND",
  MFA_REQUIRED: "MFA_REQUIRED",
  METHOD_NOT_ALLOWED: "METHOD_NOT_ALLOWED",
  OWN_MFA_FIRST: "OWN_MFA_FIRST",
  CONFIRM_OVERDUE: "CONFIRM_OVERDUE",
  OWN_ROLE: "OWN_ROLE",
  POLICY_MANAGED_BY_SSO: "POLICY_MANAGED_BY_SSO",
  POLICY_CHANGED: "POLICY_CHANGED",
  OWN_EXEMPTION: "OWN_EXEMPTION",
  RESET_LINK_INVALID: "RESET_LINK_INVALID",
  OWN_ACCESS_CODE: "OWN_ACCESS_CODE",
  ACCESS_CODE_LIMIT: "ACCESS_CODE_LIMIT",
  FRESH_CODE_REQUIRED: "FRESH_CODE_REQUIRED",
  NO_MFA_TO_RECOVER: "NO_MFA_TO_RECOVER",
  NO_RECOVERY_CODES: "NO_RECOVERY_CODES",
  RECOVERY_CODE_FORMAT: "RECOVERY_CODE_FORMAT",
  ACCESS_CODE_FORMAT: "ACCESS_CODE_FORMAT",
  CONFIRM_SSO_CHANGE: "CONFIRM_SSO_CHANGE",
  DOMAIN_TAKEN: "DOMAIN_TAKEN",
  SSO_REAUTH_REQUIRED: "SSO_REAUTH_REQUIRED",
  SSO_SETTINGS_CHANGED: "SSO_SETTINGS_CHANGED",
  INVALID_TIME_ZONE: "INVALID_TIME_ZONE",
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const errorMessages: Record<ErrorCode, string> = {
  INVALID_CREDENTIALS: "Incorrect email or password.",
  SSO_REQUIRED: "Your company signs in with single sign-on.",
  INVALID_INPUT: "Check the highlighted fields and try again.",
  UNAUTHENTICATED: "Your session has ended. Sign in again.",
  WRONG_CURRENT_PASSWORD: "Your current password is incorrect.",
  INVALID_CODE: "That code didn't work. Check it and try again.",
  CHALLENGE_EXPIRED: "Your sign-in attempt has expired. Sign in again.",
  EMAIL_FAILED: "We couldn't send the email. Try again in a minute.",
  RESEND_COOLDOWN: "Please wait before asking for another code.",
  MFA_MANAGED_BY_SSO:
    "Your company signs in with single sign-on, so multi-factor authentication is managed by your company's IT team.",
  NO_PENDING_ENROLLMENT: "Start again by choosing a method and saving.",
  TOO_MANY_ATTEMPTS: "Too many attempts. Try again later.",
  AUTHENTICATOR_ONLY: "Your company allows authenticator apps only. Enter the code from your authenticator app.",
  NO_EMAIL_CODES: "This sign-in uses your authenticator app. Choose \"Email me a code instead\" to get a code by email.",
  SSO_NOT_CONFIGURED: "Your company signs in with single sign-on, but single sign-on is not configured for this portal. Contact your administrator.",
  SSO_UNAVAILABLE: "Single sign-on is unavailable right now. Try again in a few minutes.",
  SSO_REFUSED: "Your account can't use single sign-on. Contact your administrator.",
  SERVICE_UNAVAILABLE: "The service is unavailable right now. Try again in a minute.",
  SESSION_NOT_FOUND: "That session has already ended.",
  PASSWORD_TOO_COMMON: "This password is too common. Choose another.",
  SESSION_ENDED: "Too many wrong passwords: you have been signed out. Sign in again.",
  SIGN_IN_DISABLED: "Sign-in to this account is disabled after too many failed attempts. Contact your administrator.",
  STEP_UP_REQUIRED: "Enter a current code from your present method to change multi-factor authentication.",
  NOT_FOUND: "Not found.",
  MFA_REQUIRED: "Your company requires multi-factor authentication. Set it up to continue.",
  METHOD_NOT_ALLOWED: "Your company's policy doesn't allow that option.",
  OWN_MFA_FIRST: "Turn on multi-factor authentication for your own account first.",
  CONFIRM_OVERDUE: "Some staff will become overdue at once. Confirm to save.",
  OWN_ROLE: "You can't change your own role. Ask another administrator.",
  POLICY_MANAGED_BY_SSO: "Sign-in security is managed by your identity provider.",
  OWN_EXEMPTION: "You can't exempt yourself. Ask another administrator.",
  POLICY_CHANGED: "Another administrator changed this policy just now. Reload the page and try again.",
  RESET_LINK_INVALID: "This link has expired or has already been used. Ask for a new one.",
  OWN_ACCESS_CODE: "You can't issue an access code for yourself. Ask another administrator.",
  ACCESS_CODE_LIMIT: "At most 3 access codes can be issued for one person in 24 hours.",
  FRESH_CODE_REQUIRED: "Enter a current code from your own authenticator app or email first.",
  NO_MFA_TO_RECOVER: "This person doesn't use multi-factor authentication: they can sign in with their password.",
  NO_RECOVERY_CODES: "Recovery codes are for accounts with multi-factor authentication on.",
  RECOVERY_CODE_FORMAT: "A recovery code has 10 letters and digits, like ABCDE-FGH23.",
  ACCESS_CODE_FORMAT: "An access code from your administrator has 8 letters and digits, like ABCD-EF23.",
  CONFIRM_SSO_CHANGE: "This change affects how your staff sign in. Confirm to save it.",
  DOMAIN_TAKEN: "An email domain you entered belongs to another company.",
  SSO_SETTINGS_CHANGED: "Another administrator changed these settings since you opened this page. Reload the page to see their change, then make yours.",
  SSO_REAUTH_REQUIRED: "Your account has no password: sign out, sign in again through your identity provider, and make this change within 10 minutes.",
  INVALID_TIME_ZONE: "Choose a time zone from the list.",
};

export type ActionResult<T = object> =
  | ({ ok: true } & T)
  | { ok: false; error: ErrorCode; fieldErrors?: Record<string, string[]>; retryAfterMinutes?: number };

/** The text for a refused action; a lockout says how long it lasts. */
export function messageFor(result: { error: ErrorCode; retryAfterMinutes?: number }): string {
  if (result.error === "TOO_MANY_ATTEMPTS" && result.retryAfterMinutes) {
    const n = result.retryAfterMinutes;
    return `Too many attempts. Try again in ${n} ${n === 1 ? "minute" : "minutes"}.`;
  }
  return errorMessages[result.error];
}

/** Maps a domain refusal to an action result, turning `retryAt` into minutes. */
export function refusal(result: { error: ErrorCode; retryAt?: Date }, now: Date): { ok: false; error: ErrorCode; retryAfterMinutes?: number } {
  if (!result.retryAt) return { ok: false, error: result.error };
  const minutes = Math.max(1, Math.ceil((result.retryAt.getTime() - now.getTime()) / 60000));
  return { ok: false, error: result.error, retryAfterMinutes: minutes };
}

/**
 * Calls a server action from the browser. A request that fails outright (the
 * server answered 503 while its database is down, or the network dropped)
 * becomes the same refusal as any other, so every form shows one sentence
 * instead of throwing.
 */
export async function callAction<T extends { ok: boolean }>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    // A redirect or not-found from the action is Next.js's to handle (its digest says so).
    const digest = (error as { digest?: unknown } | null)?.digest;
    if (typeof digest === "string" && digest.startsWith("NEXT_")) throw error;
    // Every action result union has the { ok: false, error } member this is.
    return { ok: false, error: ErrorCode.SERVICE_UNAVAILABLE } as unknown as T;
  }
}
