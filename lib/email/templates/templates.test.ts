import { describe, expect, it } from "vitest";
import type { EmailContext } from "../context";
import type { EmailMessage } from "../types";
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
} from ".";

const app = "Staff Portal";
const to = "bea@acme.test";
const hostile = "<script>alert(1)</script>";
const code = "482913";
// A browser string with markup in it; the place is what a GeoIP database said. Neither is trusted.
const context: EmailContext = {
  userAgent: `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/159.0 Safari/537.36 ${hostile}`,
  ip: "203.0.113.7",
  place: `London ${hostile}`,
  timeZone: "Europe/London",
  now: new Date("2026-11-28T14:05:00Z"),
};
const origin = `Chrome on Windows, 203.0.113.7 (London ${hostile}), at 14:05 GMT on 28 Nov 2026`;
const request = `Requested from ${origin}.`;
const notice = `From ${origin}.`;
const people = { adminName: `Alex ${hostile}`, staffName: `Bea ${hostile}`, context };
const issued = { ...people, reason: `Lost phone ${hostile}`, expiresAt: new Date("2026-11-28T15:05:00Z") };

type Case = { name: string; email: () => Promise<EmailMessage>; subject: string; line: string; code?: string };

const kinds: SecurityNoticeKind[] = ["TOTP_ENABLED", "EMAIL_ENABLED", "MFA_DISABLED", "SWITCHED_TO_EMAIL_AT_SIGN_IN", "OTP_LOCKED", "PASSWORD_CHANGED"];

const cases: Case[] = [
  { name: "sign-in code", email: () => signInCodeEmail(app, to, code, context), subject: "Your Staff Portal sign-in code", line: request, code },
  { name: "enrolment code", email: () => enrollCodeEmail(app, to, code, context), subject: "Confirm email sign-in codes for Staff Portal", line: request, code },
  { name: "step-up code", email: () => stepUpCodeEmail(app, to, code, context), subject: "Confirm a change to your Staff Portal sign-in", line: request, code },
  ...kinds.map((kind) => ({
    name: `security notice ${kind}`,
    email: () => securityNoticeEmail(app, to, kind, context),
    subject: "Security notice: your Staff Portal sign-in settings changed",
    line: notice,
  })),
  {
    name: "failure streak (passwords)",
    email: () => failureStreakEmail(app, to, "password", 20, 100, context),
    subject: "Security notice: repeated failed sign-ins to your Staff Portal account",
    line: `The latest attempt came from ${origin}.`,
  },
  {
    name: "failure streak (one-time passwords, at the ceiling)",
    email: () => failureStreakEmail(app, to, "otp", 100, 100, context),
    subject: "Security notice: repeated failed sign-ins to your Staff Portal account",
    line: `The latest attempt came from ${origin}.`,
  },
  {
    name: "recovery code used",
    email: () => recoveryCodeUsedEmail(app, to, { left: 9, context }),
    subject: "A recovery code was used to sign in to Staff Portal",
    line: `A recovery code was used to sign in from ${origin}. 9 codes left.`,
  },
  {
    name: "recovery codes generated",
    email: () => recoveryCodesGeneratedEmail(app, to, context),
    subject: "Security notice: new recovery codes for your Staff Portal account",
    line: notice,
  },
  {
    name: "password reset link",
    email: () => passwordResetLinkEmail(app, to, "https://portal.example/login/reset/abc", 30, context),
    subject: "Reset your Staff Portal password",
    line: request,
  },
  { name: "password reset notice", email: () => passwordResetNoticeEmail(app, to, context), subject: "Security notice: your Staff Portal password was reset", line: notice },
  {
    name: "access code issued (staff)",
    email: () => accessCodeIssuedEmail(app, to, issued),
    subject: "Security notice: your administrator issued an access code for your Staff Portal account",
    // The time only: the administrator's browser and address are not the staff member's to see.
    line: "Issued at 14:05 GMT on 28 Nov 2026.",
  },
  {
    name: "access code issued (administrator)",
    email: () => accessCodeIssuedAdminEmail(app, to, issued),
    subject: `Security notice: you issued an access code for Bea ${hostile}`,
    line: notice,
  },
  { name: "access code used (staff)", email: () => accessCodeUsedEmail(app, to, people), subject: "Security notice: you signed in to Staff Portal with an access code", line: notice },
  {
    name: "access code used (administrator)",
    email: () => accessCodeUsedAdminEmail(app, to, people),
    subject: `Security notice: Bea ${hostile} used the access code you issued`,
    line: notice,
  },
];

/** What the HTML shows of a text: React escapes &, <, > and quotes in it. */
const escaped = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/'/g, "&#x27;").replace(/"/g, "&quot;");

describe("every email", () => {
  it.each(cases)("$name: subject, context line, code, escaping, layout", async ({ email, subject, line, code: sent }) => {
    const message = await email();
    expect(message.to).toBe(to);
    expect(message.subject).toBe(subject);
    // The context line, whole, in both parts (plain text: on a line of its own).
    expect(message.text.split("\n")).toContain(line);
    expect(message.html).toContain(escaped(line));
    if (sent) {
      // As the E2E mailbox and the unit tests' lastCode() find it: alone on its line, and in the HTML.
      expect(/^(\d{6})$/m.exec(message.text)?.[1]).toBe(sent);
      expect(message.html).toContain(`>${sent}<`);
    }
    // User data never becomes markup.
    expect(message.html).not.toContain("<script");
    expect(message.html).toContain("&lt;script&gt;");
    // The layout: the product's name as header (HTML only), and why the email came.
    expect(message.html).toMatch(/<h1[^>]*>Staff Portal<\/h1>/);
    expect(message.text).toMatch(/^You received this email because /m);
    expect(message.text.startsWith("Staff Portal")).toBe(false);
  });

  it("the staff member's access-code email does not show the administrator's browser or address", async () => {
    const message = await accessCodeIssuedEmail(app, to, issued);
    expect(message.text).not.toContain("203.0.113.7");
    expect(message.text).not.toMatch(/Chrome|Windows|From /);
  });

  it("the browser parts of a user agent are all that reaches an email", async () => {
    const message = await signInCodeEmail(app, to, code, { ...context, userAgent: hostile, place: null });
    expect(message.text).toContain("Requested from an unknown browser, 203.0.113.7, at 14:05 GMT on 28 Nov 2026.");
    expect(message.text).not.toContain("script");
  });

  it("the announcement: no context line (no request of the recipient's caused it), the link, escaped names", async () => {
    const message = await announcementEmail({
      appName: app,
      appUrl: "https://portal.example/",
      companyName: `Acme ${hostile}`,
      to,
      deadline: new Date("2026-12-12T12:00:00Z"),
      now: context.now,
    });
    expect(message.subject).toBe(`Acme ${hostile} requires multi-factor authentication`);
    expect(message.text).toContain(`Acme ${hostile} now requires multi-factor authentication for Staff Portal.`);
    expect(message.text).toContain("Set it up by 12 Dec 2026");
    expect(message.text.split("\n")).toContain("https://portal.example/settings/account");
    expect(message.html).toContain('href="https://portal.example/settings/account"');
    expect(message.html).not.toContain("<script");
    expect(message.text).not.toMatch(/Requested from|^From /m);
    expect(message.text).toContain("You received this email because your company's administrator changed its sign-in security.");
  });

  it("times follow the recipient's zone: an administrator in New York sees the expiry in EST", async () => {
    const message = await accessCodeIssuedAdminEmail(app, to, { ...issued, context: { ...context, timeZone: "America/New_York" } });
    expect(message.text).toContain("It works once, until 10:05 EST on 28 Nov 2026.");
    expect(message.text).toContain("at 09:05 EST on 28 Nov 2026.");
  });
});
