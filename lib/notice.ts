/** A one-time message carried across the sign-in redirect (not secret, not httpOnly). */
export const NOTICE_COOKIE = "sp_notice";

export const notices: Record<string, string> = {
  "mfa-switched-to-email":
    "Your sign-in method is now Email. You can switch back to Authenticator in Account settings by scanning a new QR code.",
};
