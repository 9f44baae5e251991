import type { EmailMessage } from "./types";

// The emails of "Forgot your password?": the link, and the notice once a
// password was reset with it. Plain text first; the HTML says the same.

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function message(to: string, subject: string, paragraphs: string[], link?: { url: string; after: number }): EmailMessage {
  const parts = paragraphs.map((p) => ({ text: p, html: `<p>${escapeHtml(p)}</p>` }));
  if (link) {
    parts.splice(link.after, 0, {
      text: link.url,
      html: `<p><a href="${escapeHtml(link.url)}">${escapeHtml(link.url)}</a></p>`,
    });
  }
  return {
    to,
    subject,
    text: parts.map((p) => p.text).join("\n\n"),
    html: `<!doctype html><html><body style="font-family:sans-serif">${parts.map((p) => p.html).join("\n")}</body></html>`,
  };
}

/** The link of a "Forgot your password?" request: `<appUrl>/login/reset/<token>`. */
export function resetLinkUrl(appUrl: string, token: string): string {
  return `${appUrl.replace(/\/+$/, "")}/login/reset/${token}`;
}

/** "Choose a new password" with the single-use link (30 minutes). */
export function passwordResetLinkEmail(appName: string, to: string, url: string, minutes: number): EmailMessage {
  return message(
    to,
    `Reset your ${appName} password`,
    [
      `Someone asked to reset the password of your ${appName} account. To choose a new password, open this link:`,
      `It works once, for ${minutes} minutes. If your account uses multi-factor authentication, you will still be asked for your code.`,
      "If you didn't ask for this, ignore this email: your password stays as it is.",
    ],
    { url, after: 1 },
  );
}

/** The owner's notice after a reset: every session was signed out. */
export function passwordResetNoticeEmail(appName: string, to: string, input: { when: string; browser: string }): EmailMessage {
  return message(to, `Security notice: your ${appName} password was reset`, [
    `Your ${appName} password was reset with a link sent to this address, and every browser signed in to your account was signed out.`,
    `When: ${input.when}, from ${input.browser}.`,
    "If this wasn't you, someone can read your email: secure your email account, then contact your administrator.",
  ]);
}
