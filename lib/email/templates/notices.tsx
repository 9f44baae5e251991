// Security notices about the user's own sign-in: changes of multi-factor
// authentication or password, lockouts, failures in a row, recovery codes.
// None of them ever carries a code.
import { originAndTime, type EmailContext } from "../context";
import type { EmailMessage } from "../types";
import { ContextLine, EmailLayout, Paragraph } from "./layout";
import { renderEmail } from "./render";

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

type Notice = { appName: string; context: EmailContext };

export function SecurityNotice({ appName, context, kind }: Notice & { kind: SecurityNoticeKind }) {
  return (
    <EmailLayout appName={appName} preview={noticeText[kind]} ifNotYou="If this was not you, change your password now and contact your administrator.">
      <Paragraph>{noticeText[kind]}</Paragraph>
      <ContextLine context={context} />
    </EmailLayout>
  );
}

export function FailureStreak({ appName, context, factor, count, ceiling }: Notice & { factor: "password" | "otp"; count: number; ceiling: number }) {
  const what = factor === "password" ? "wrong passwords" : "wrong one-time passwords";
  const first =
    count >= ceiling
      ? `There have been ${count} ${what} in a row on your ${appName} account, so signing in with ${factor === "password" ? "a password" : "one-time passwords"} is now disabled until your administrator lifts it.`
      : `There have been ${count} ${what} in a row on your ${appName} account. At ${ceiling}, signing in that way is disabled until your administrator lifts it.`;
  return (
    <EmailLayout
      appName={appName}
      preview={first}
      ifNotYou={
        factor === "otp"
          ? "Whoever tried knew your password: change it now."
          : "If this was not you, someone is guessing your password; a long, unique password keeps them out."
      }
    >
      <Paragraph>{first}</Paragraph>
      <ContextLine context={context} kind="latest" />
    </EmailLayout>
  );
}

export function RecoveryCodeUsed({ appName, context, left }: Notice & { left: number }) {
  const codesLeft = left === 1 ? "1 code left" : `${left} codes left`;
  const summary = `A recovery code was used to sign in from ${originAndTime(context)}. ${codesLeft}.`;
  return (
    <EmailLayout
      appName={appName}
      preview={summary}
      ifNotYou={
        left <= 3
          ? "If this wasn't you, change your password and generate new codes now."
          : "If this wasn't you, change your password and generate new recovery codes in Account settings now."
      }
    >
      <Paragraph>{summary}</Paragraph>
      {left <= 3 && <Paragraph>Generate new codes in Account settings soon.</Paragraph>}
    </EmailLayout>
  );
}

export function RecoveryCodesGenerated({ appName, context }: Notice) {
  return (
    <EmailLayout appName={appName} preview="New recovery codes were generated" ifNotYou="If this was not you, change your password now and contact your administrator: someone is signed in as you.">
      <Paragraph>{`New recovery codes were generated for your ${appName} account, and your previous recovery codes stopped working.`}</Paragraph>
      <ContextLine context={context} />
    </EmailLayout>
  );
}

/** A change of the user's sign-in settings (method, password) or an OTP lock, with where it came from. */
export function securityNoticeEmail(appName: string, to: string, kind: SecurityNoticeKind, context: EmailContext): Promise<EmailMessage> {
  return renderEmail(to, `Security notice: your ${appName} sign-in settings changed`, <SecurityNotice appName={appName} kind={kind} context={context} />);
}

/** The owner's notice at 20, 50 and 100 failures in a row (lib/security/limits.ts CEILING_NOTICES), with where the latest came from. */
export function failureStreakEmail(appName: string, to: string, factor: "password" | "otp", count: number, ceiling: number, context: EmailContext): Promise<EmailMessage> {
  return renderEmail(
    to,
    `Security notice: repeated failed sign-ins to your ${appName} account`,
    <FailureStreak appName={appName} factor={factor} count={count} ceiling={ceiling} context={context} />,
  );
}

/** "A recovery code was used to sign in from Chrome on Windows, 203.0.113.7, at 14:05 GMT on 28 Nov 2026. 9 codes left." */
export function recoveryCodeUsedEmail(appName: string, to: string, input: { left: number; context: EmailContext }): Promise<EmailMessage> {
  return renderEmail(to, `A recovery code was used to sign in to ${appName}`, <RecoveryCodeUsed appName={appName} left={input.left} context={input.context} />);
}

/** "Generate new codes" in Account settings: the previous set stopped working. */
export function recoveryCodesGeneratedEmail(appName: string, to: string, context: EmailContext): Promise<EmailMessage> {
  return renderEmail(to, `Security notice: new recovery codes for your ${appName} account`, <RecoveryCodesGenerated appName={appName} context={context} />);
}
