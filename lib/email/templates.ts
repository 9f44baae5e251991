import type { EmailMessage } from "./types";

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function message(to: string, subject: string, paragraphs: string[], code?: string): EmailMessage {
  const text = [...paragraphs.slice(0, 1), ...(code ? [code] : []), ...paragraphs.slice(1)].join("\n\n");
  const html = [
    `<p>${escapeHtml(paragraphs[0] ?? "")}</p>`,
    code ? `<p style="font-size:28px;font-weight:700;letter-spacing:6px;font-family:monospace">${code}</p>` : "",
    ...paragraphs.slice(1).map((p) => `<p>${escapeHtml(p)}</p>`),
  ].join("\n");
  return { to, subject, text, html: `<!doctype html><html><body style="font-family:sans-serif">${html}</body></html>` };
}

export function signInCodeEmail(appName: string, to: string, code: string): EmailMessage {
  return message(to, `Your ${appName} sign-in code`, [
    `Use this code to finish signing in to ${appName}:`,
    "It expires in 10 minutes and works once. If you did not try to sign in, change your password: someone knows it.",
  ], code);
}

export function enrollCodeEmail(appName: string, to: string, code: string): EmailMessage {
  return message(to, `Confirm email sign-in codes for ${appName}`, [
    `Enter this code in Account settings to turn on email codes for ${appName}:`,
    "It expires in 10 minutes. If you did not ask for this, change your password.",
  ], code);
}

export function stepUpCodeEmail(appName: string, to: string, code: string): EmailMessage {
  return message(to, `Confirm a change to your ${appName} sign-in`, [
    `Enter this code in Account settings to change multi-factor authentication for ${appName}:`,
    "It expires in 10 minutes. If you did not ask for this, change your password: someone is signed in as you.",
  ], code);
}

export type SecurityNoticeKind = "TOTP_ENABLED" | "EMAIL_ENABLED" | "MFA_DISABLED" | "SWITCHED_TO_EMAIL_AT_SIGN_IN" | "OTP_LOCKED" | "PASSWORD_CHANGED";

const noticeText: Record<SecurityNoticeKind, string> = {
  TOTP_ENABLED: "Multi-factor authentication with an authenticator app is now on for your account.",
  EMAIL_ENABLED: "Multi-factor authentication with email codes is now on for your account.",
  MFA_DISABLED: "Multi-factor authentication has been turned off for your account.",
  PASSWORD_CHANGED: "The password of your account was changed, and every other browser signed in to it was signed out.",
  OTP_LOCKED:
    "Someone entered too many wrong one-time passwords while signing in to your account, so one-time passwords are locked for 15 minutes. They knew your password: change it now.",
  SWITCHED_TO_EMAIL_AT_SIGN_IN:
    "You signed in with an emailed code instead of your authenticator app, so your sign-in method is now Email. You can switch back to Authenticator in Account settings by scanning a new QR code.",
};

export function securityNoticeEmail(appName: string, to: string, kind: SecurityNoticeKind, when: Date): EmailMessage {
  return message(to, `Security notice: your ${appName} sign-in settings changed`, [
    noticeText[kind],
    `When: ${when.toUTCString()}.`,
    "If this was not you, change your password now and contact your administrator.",
  ]);
}

/** The owner's notice at 20, 50 and 100 failures in a row (lib/security/limits.ts CEILING_NOTICES). */
export function failureStreakEmail(appName: string, to: string, factor: "password" | "otp", count: number, ceiling: number, when: Date): EmailMessage {
  const what = factor === "password" ? "wrong passwords" : "wrong one-time passwords";
  const first =
    count >= ceiling
      ? `There have been ${count} ${what} in a row on your ${appName} account, so signing in with ${factor === "password" ? "a password" : "one-time passwords"} is now disabled until your administrator lifts it.`
      : `There have been ${count} ${what} in a row on your ${appName} account. At ${ceiling}, signing in that way is disabled until your administrator lifts it.`;
  return message(to, `Security notice: repeated failed sign-ins to your ${appName} account`, [
    first,
    `Latest: ${when.toUTCString()}.`,
    factor === "otp" ? "Whoever tried knew your password: change it now." : "If this was not you, someone is guessing your password; a long, unique password keeps them out.",
  ]);
}

/** "A recovery code was used to sign in from Chrome on Windows at 28 Nov 2026, 14:05 UTC. 9 codes left." */
export function recoveryCodeUsedEmail(appName: string, to: string, input: { browser: string; when: string; left: number }): EmailMessage {
  const left = input.left === 1 ? "1 code left" : `${input.left} codes left`;
  return message(to, `A recovery code was used to sign in to ${appName}`, [
    `A recovery code was used to sign in from ${input.browser} at ${input.when}. ${left}.`,
    input.left <= 3
      ? "Generate new codes in Account settings soon. If this wasn't you, change your password and generate new codes now."
      : "If this wasn't you, change your password and generate new recovery codes in Account settings now.",
  ]);
}
