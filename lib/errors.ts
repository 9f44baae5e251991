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
  UNKNOWN: "UNKNOWN",
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
  UNKNOWN: "Something went wrong. Try again.",
};

export type ActionResult<T = object> =
  | ({ ok: true } & T)
  | { ok: false; error: ErrorCode; fieldErrors?: Record<string, string[]> };
