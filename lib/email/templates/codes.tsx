// The emails that carry a one-time code: sign-in, turning on email codes, and
// the step-up before a change of multi-factor authentication.
import type { EmailContext } from "../context";
import type { EmailMessage } from "../types";
import { CodeBlock, ContextLine, EmailLayout, Paragraph } from "./layout";
import { renderEmail } from "./render";

type CodeProps = { appName: string; code: string; context: EmailContext };

export function SignInCode({ appName, code, context }: CodeProps) {
  return (
    <EmailLayout appName={appName} preview={`Your ${appName} sign-in code`} ifNotYou="If you did not try to sign in, change your password: someone knows it.">
      <Paragraph>{`Use this code to finish signing in to ${appName}:`}</Paragraph>
      <CodeBlock code={code} />
      <Paragraph>It expires in 10 minutes and works once.</Paragraph>
      <ContextLine context={context} kind="request" />
    </EmailLayout>
  );
}

export function EnrolmentCode({ appName, code, context }: CodeProps) {
  return (
    <EmailLayout appName={appName} preview="Confirm email sign-in codes" ifNotYou="If you did not ask for this, change your password.">
      <Paragraph>{`Enter this code in Account settings to turn on email codes for ${appName}:`}</Paragraph>
      <CodeBlock code={code} />
      <Paragraph>It expires in 10 minutes.</Paragraph>
      <ContextLine context={context} kind="request" />
    </EmailLayout>
  );
}

export function StepUpCode({ appName, code, context }: CodeProps) {
  return (
    <EmailLayout appName={appName} preview="Confirm a change to your sign-in" ifNotYou="If you did not ask for this, change your password: someone is signed in as you.">
      <Paragraph>{`Enter this code in Account settings to change multi-factor authentication for ${appName}:`}</Paragraph>
      <CodeBlock code={code} />
      <Paragraph>It expires in 10 minutes.</Paragraph>
      <ContextLine context={context} kind="request" />
    </EmailLayout>
  );
}

/** The code that finishes a sign-in (10 minutes, single use). */
export function signInCodeEmail(appName: string, to: string, code: string, context: EmailContext): Promise<EmailMessage> {
  return renderEmail(to, `Your ${appName} sign-in code`, <SignInCode appName={appName} code={code} context={context} />);
}

/** The code that confirms turning on email codes in Account settings. */
export function enrollCodeEmail(appName: string, to: string, code: string, context: EmailContext): Promise<EmailMessage> {
  return renderEmail(to, `Confirm email sign-in codes for ${appName}`, <EnrolmentCode appName={appName} code={code} context={context} />);
}

/** The code of the present (Email) method that a change of multi-factor authentication asks for. */
export function stepUpCodeEmail(appName: string, to: string, code: string, context: EmailContext): Promise<EmailMessage> {
  return renderEmail(to, `Confirm a change to your ${appName} sign-in`, <StepUpCode appName={appName} code={code} context={context} />);
}
