// npm run email:preview: renders every email the portal sends, with sample
// data, to docs/emails/<name>.html and <name>.txt (the plain-text part), so
// that they can be looked at in a browser and reviewed in a diff.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { EmailContext } from "../lib/email/context";
import {
  accessCodeIssuedAdminEmail,
  accessCodeIssuedEmail,
  accessCodeUsedAdminEmail,
  accessCodeUsedEmail,
  announcementEmail,
  enrollCodeEmail,
  failureStreakEmail,
  passwordResetLinkEmail,
  passwordResetNoticeEmail,
  recoveryCodesGeneratedEmail,
  recoveryCodeUsedEmail,
  securityNoticeEmail,
  signInCodeEmail,
  stepUpCodeEmail,
  type SecurityNoticeKind,
} from "../lib/email/templates";
import type { EmailMessage } from "../lib/email/types";

const app = "Staff Portal";
const to = "bea@acme.test";
const now = new Date("2026-11-28T14:05:00Z");
// As with a GeoIP database configured (GEOIP_DATABASE); without one there is no place.
const context: EmailContext = {
  userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/159.0 Safari/537.36",
  ip: "203.0.113.7",
  place: "London, United Kingdom",
  timeZone: "Europe/London",
  now,
};
const people = { adminName: "Alex Morgan", staffName: "Bea Turner", context };
const issued = { ...people, reason: "Lost her phone on the train", expiresAt: new Date(now.getTime() + 60 * 60_000) };
const kinds: SecurityNoticeKind[] = ["TOTP_ENABLED", "EMAIL_ENABLED", "MFA_DISABLED", "SWITCHED_TO_EMAIL_AT_SIGN_IN", "OTP_LOCKED", "PASSWORD_CHANGED"];

const emails: [string, () => Promise<EmailMessage>][] = [
  ["sign-in-code", () => signInCodeEmail(app, to, "482913", context)],
  ["enrolment-code", () => enrollCodeEmail(app, to, "482913", context)],
  ["step-up-code", () => stepUpCodeEmail(app, to, "482913", context)],
  ...kinds.map((kind): [string, () => Promise<EmailMessage>] => [`notice-${kind.toLowerCase().replaceAll("_", "-")}`, () => securityNoticeEmail(app, to, kind, context)]),
  ["failure-streak-password", () => failureStreakEmail(app, to, "password", 20, 100, context)],
  ["failure-streak-otp-disabled", () => failureStreakEmail(app, to, "otp", 100, 100, context)],
  ["recovery-code-used", () => recoveryCodeUsedEmail(app, to, { left: 2, context })],
  ["recovery-codes-generated", () => recoveryCodesGeneratedEmail(app, to, context)],
  ["password-reset-link", () => passwordResetLinkEmail(app, to, "http://localhost:3000/login/reset/5mV0cQeXkq3bZt8yJw2nR4uH6aLpG1sDfT7iO9vCxE0", 30, context)],
  ["password-reset-notice", () => passwordResetNoticeEmail(app, to, context)],
  ["access-code-issued", () => accessCodeIssuedEmail(app, to, issued)],
  ["access-code-issued-admin", () => accessCodeIssuedAdminEmail(app, "alex@acme.test", issued)],
  ["access-code-used", () => accessCodeUsedEmail(app, to, people)],
  ["access-code-used-admin", () => accessCodeUsedAdminEmail(app, "alex@acme.test", people)],
  [
    "policy-announcement",
    () => announcementEmail({ appName: app, appUrl: "http://localhost:3000", companyName: "Acme Ltd", to, deadline: new Date("2026-12-12T14:05:00Z"), now }),
  ],
];

async function main() {
  const dir = join("docs", "emails");
  mkdirSync(dir, { recursive: true });
  // Only what the templates give now: an email that was removed leaves no stale file behind.
  for (const file of readdirSync(dir)) if (/\.(html|txt)$/.test(file)) rmSync(join(dir, file));
  for (const [name, render] of emails) {
    const message = await render();
    writeFileSync(join(dir, `${name}.html`), message.html);
    writeFileSync(join(dir, `${name}.txt`), `Subject: ${message.subject}\n\n${message.text}\n`);
  }
  console.log(`${emails.length} emails written to docs/emails/ (.html and .txt)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
