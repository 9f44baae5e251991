// The emails of "Forgot your password?": the link, and the notice once a
// password was reset with it.
import type { EmailContext } from "../context";
import type { EmailMessage } from "../types";
import { ContextLine, EmailLayout, Paragraph, UrlLine } from "./layout";
import { renderEmail } from "./render";

/** The link of a "Forgot your password?" request: `<appUrl>/login/reset/<token>`. */
export function resetLinkUrl(appUrl: string, token: string): string {
  return `${appUrl.replace(/\/+$/, "")}/login/reset/${token}`;
}

export function PasswordResetLink({ appName, url, minutes, context }: { appName: string; url: string; minutes: number; context: EmailContext }) {
  return (
    <EmailLayout appName={appName} preview="Choose a new password" ifNotYou="If you didn't ask for this, ignore this email: your password stays as it is.">
      <Paragraph>{`Someone asked to reset the password of your ${appName} account. To choose a new password, open this link:`}</Paragraph>
      <UrlLine url={url} />
      <Paragraph>{`It works once, for ${minutes} minutes. If your account uses multi-factor authentication, you will still be asked for your code.`}</Paragraph>
      <ContextLine context={context} kind="request" />
    </EmailLayout>
  );
}

export function PasswordResetNotice({ appName, context }: { appName: string; context: EmailContext }) {
  return (
    <EmailLayout
      appName={appName}
      preview={`Your ${appName} password was reset`}
      ifNotYou="If this wasn't you, someone can read your email: secure your email account, then contact your administrator."
    >
      <Paragraph>{`Your ${appName} password was reset with a link sent to this address, and every browser signed in to your account was signed out.`}</Paragraph>
      <ContextLine context={context} />
    </EmailLayout>
  );
}

/** "Choose a new password" with the single-use link; the context is the request's ("Forgot your password?"). */
export function passwordResetLinkEmail(appName: string, to: string, url: string, minutes: number, context: EmailContext): Promise<EmailMessage> {
  return renderEmail(to, `Reset your ${appName} password`, <PasswordResetLink appName={appName} url={url} minutes={minutes} context={context} />);
}

/** The owner's notice after a reset: every session was signed out. */
export function passwordResetNoticeEmail(appName: string, to: string, context: EmailContext): Promise<EmailMessage> {
  return renderEmail(to, `Security notice: your ${appName} password was reset`, <PasswordResetNotice appName={appName} context={context} />);
}
