// Notices about an administrator's one-time access code (lib/company/access-code.ts).
// None of them ever carries the code: it is shown once, to the administrator.
import type { EmailMessage } from "./types";

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function notice(to: string, subject: string, paragraphs: string[]): EmailMessage {
  const html = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n");
  return { to, subject, text: paragraphs.join("\n\n"), html: `<!doctype html><html><body style="font-family:sans-serif">${html}</body></html>` };
}

type Issued = { adminName: string; staffName: string; reason: string; expires: string; when: string };

/** To the staff member: their administrator issued a code for them. */
export function accessCodeIssuedEmail(appName: string, to: string, input: Issued): EmailMessage {
  return notice(to, `Security notice: your administrator issued an access code for your ${appName} account`, [
    `${input.adminName}, your administrator, issued a one-time access code for your ${appName} account at ${input.when}, because: ${input.reason}`,
    `They give it to you in person or by phone. It works once, until ${input.expires}: sign in with your password and enter it instead of a one-time password, then set up multi-factor authentication again.`,
    "If you did not ask for this, contact your IT team now: someone may be trying to get into your account.",
  ]);
}

/** To the administrator: the record of what they issued. */
export function accessCodeIssuedAdminEmail(appName: string, to: string, input: Issued): EmailMessage {
  return notice(to, `Security notice: you issued an access code for ${input.staffName}`, [
    `You issued a one-time access code for ${input.staffName}'s ${appName} account at ${input.when}: ${input.reason}`,
    `It works once, until ${input.expires}. Issuing another one voids it.`,
    "If this was not you, change your password now and tell your IT team: someone is signed in as you.",
  ]);
}

type Used = { adminName: string; staffName: string; when: string; browser: string };

/** To the staff member: they signed in with the code, their MFA was reset and every other session ended. */
export function accessCodeUsedEmail(appName: string, to: string, input: Used): EmailMessage {
  return notice(to, `Security notice: you signed in to ${appName} with an access code`, [
    `Your ${appName} account was signed in to with the access code from ${input.adminName}, from ${input.browser} at ${input.when}.`,
    "Your multi-factor authentication was reset and every other browser signed in to your account was signed out. Set up multi-factor authentication again in Account settings.",
    "If this was not you, contact your IT team now.",
  ]);
}

/** To the administrator who issued it: the code was used. */
export function accessCodeUsedAdminEmail(appName: string, to: string, input: Used): EmailMessage {
  return notice(to, `Security notice: ${input.staffName} used the access code you issued`, [
    `${input.staffName} signed in to ${appName} with the access code you issued, from ${input.browser} at ${input.when}.`,
    "Their multi-factor authentication was reset and their other sessions ended; they set it up again next. If they tell you they did not use it, contact your IT team now.",
  ]);
}
