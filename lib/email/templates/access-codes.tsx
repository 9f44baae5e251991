// Notices about an administrator's one-time access code (lib/company/access-code.ts).
// None of them ever carries the code: it is shown once, to the administrator.
// Times are shown in each recipient's own time zone (the context's).
import { formatTime, type EmailContext } from "../context";
import type { EmailMessage } from "../types";
import { ContextLine, EmailLayout, Paragraph } from "./layout";
import { renderEmail } from "./render";

type Issued = { appName: string; adminName: string; staffName: string; reason: string; expiresAt: Date; context: EmailContext };
type Used = { appName: string; adminName: string; staffName: string; context: EmailContext };

export function AccessCodeIssued({ appName, adminName, reason, expiresAt, context }: Issued) {
  return (
    <EmailLayout
      appName={appName}
      preview="Your administrator issued an access code for your account"
      ifNotYou="If you did not ask for this, contact your IT team now: someone may be trying to get into your account."
    >
      <Paragraph>{`${adminName}, your administrator, issued a one-time access code for your ${appName} account, because: ${reason}`}</Paragraph>
      <Paragraph>
        {`They give it to you in person or by phone. It works once, until ${formatTime(expiresAt, context.timeZone)}: sign in with your password and enter it instead of a one-time password, then set up multi-factor authentication again.`}
      </Paragraph>
      {/* When, not from where: the administrator's browser and address are not the staff member's to see. */}
      <Paragraph>{`Issued at ${formatTime(context.now, context.timeZone)}.`}</Paragraph>
    </EmailLayout>
  );
}

export function AccessCodeIssuedAdmin({ appName, staffName, reason, expiresAt, context }: Issued) {
  return (
    <EmailLayout
      appName={appName}
      preview={`You issued an access code for ${staffName}`}
      reason={`You received this email because you issued an access code for ${staffName}'s ${appName} account.`}
      ifNotYou="If this was not you, change your password now and tell your IT team: someone is signed in as you."
    >
      <Paragraph>{`You issued a one-time access code for ${staffName}'s ${appName} account: ${reason}`}</Paragraph>
      <Paragraph>{`It works once, until ${formatTime(expiresAt, context.timeZone)}. Issuing another one voids it.`}</Paragraph>
      <ContextLine context={context} />
    </EmailLayout>
  );
}

export function AccessCodeUsed({ appName, adminName, context }: Used) {
  return (
    <EmailLayout appName={appName} preview="You signed in with an access code" ifNotYou="If this was not you, contact your IT team now.">
      <Paragraph>{`Your ${appName} account was signed in to with the access code from ${adminName}.`}</Paragraph>
      <ContextLine context={context} />
      <Paragraph>
        Your multi-factor authentication was reset and every other browser signed in to your account was signed out. Set up multi-factor authentication again in
        Account settings.
      </Paragraph>
    </EmailLayout>
  );
}

export function AccessCodeUsedAdmin({ appName, staffName, context }: Used) {
  return (
    <EmailLayout
      appName={appName}
      preview={`${staffName} used the access code you issued`}
      reason={`You received this email because you issued an access code for ${staffName}'s ${appName} account.`}
      ifNotYou="If they tell you they did not use it, contact your IT team now."
    >
      <Paragraph>{`${staffName} signed in to ${appName} with the access code you issued.`}</Paragraph>
      <ContextLine context={context} />
      <Paragraph>Their multi-factor authentication was reset and their other sessions ended; they set it up again next.</Paragraph>
    </EmailLayout>
  );
}

/** To the staff member: their administrator issued a code for them (the context: the administrator's request, in the staff member's zone). */
export function accessCodeIssuedEmail(appName: string, to: string, input: Omit<Issued, "appName">): Promise<EmailMessage> {
  return renderEmail(to, `Security notice: your administrator issued an access code for your ${appName} account`, <AccessCodeIssued appName={appName} {...input} />);
}

/** To the administrator: the record of what they issued. */
export function accessCodeIssuedAdminEmail(appName: string, to: string, input: Omit<Issued, "appName">): Promise<EmailMessage> {
  return renderEmail(to, `Security notice: you issued an access code for ${input.staffName}`, <AccessCodeIssuedAdmin appName={appName} {...input} />);
}

/** To the staff member: they signed in with the code, their MFA was reset and every other session ended. */
export function accessCodeUsedEmail(appName: string, to: string, input: Omit<Used, "appName">): Promise<EmailMessage> {
  return renderEmail(to, `Security notice: you signed in to ${appName} with an access code`, <AccessCodeUsed appName={appName} {...input} />);
}

/** To the administrator who issued it: the code was used. */
export function accessCodeUsedAdminEmail(appName: string, to: string, input: Omit<Used, "appName">): Promise<EmailMessage> {
  return renderEmail(to, `Security notice: ${input.staffName} used the access code you issued`, <AccessCodeUsedAdmin appName={appName} {...input} />);
}
