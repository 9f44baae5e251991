// Notices about the user's own recovery codes (lib/mfa/recovery-codes.ts).
// None of them ever carries a code: a set is shown once, in the browser.
import type { EmailMessage } from "./types";

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function notice(to: string, subject: string, paragraphs: string[]): EmailMessage {
  const html = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n");
  return { to, subject, text: paragraphs.join("\n\n"), html: `<!doctype html><html><body style="font-family:sans-serif">${html}</body></html>` };
}

/** "Generate new codes" in Account settings: the previous set stopped working. */
export function recoveryCodesGeneratedEmail(appName: string, to: string, when: Date): EmailMessage {
  return notice(to, `Security notice: new recovery codes for your ${appName} account`, [
    `New recovery codes were generated for your ${appName} account, and your previous recovery codes stopped working.`,
    `When: ${when.toUTCString()}.`,
    "If this was not you, change your password now and contact your administrator: someone is signed in as you.",
  ]);
}
