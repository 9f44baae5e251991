/** A one-time message carried across the sign-in redirect (not secret, not httpOnly). */
export const NOTICE_COOKIE = "sp_notice";

export const notices: Record<string, string> = {
  "mfa-reset-by-admin":
    "You signed in with your administrator's access code. Your previous multi-factor authentication was removed: set it up again below.",
  "password-reset": "Your password has been changed and you are signed in. Every other session was signed out.",
  "mfa-switched-to-email":
    "Your sign-in method is now Email. You can switch back to Authenticator in Account settings by scanning a new QR code.",
};
