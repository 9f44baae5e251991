// "Acme Ltd now requires multi-factor authentication": the policy
// announcement an administrator's change sends to each staff member who does
// not meet it yet (lib/company/announce.ts). It has no context line: no
// request of the recipient's caused it, and the administrator's browser is
// not theirs to see.
import { formatDay } from "@/lib/company/mfa-status";
import type { EmailMessage } from "../types";
import { EmailLayout, Paragraph, UrlLine } from "./layout";
import { renderEmail } from "./render";

type Announcement = { appName: string; companyName: string; due: string; link: string };

export function PolicyAnnouncement({ appName, companyName, due, link }: Announcement) {
  return (
    <EmailLayout
      appName={appName}
      preview={`Set up multi-factor authentication ${due}`}
      reason="You received this email because your company's administrator changed its sign-in security."
      ifNotYou="If you have questions, ask them."
    >
      <Paragraph>{`${companyName} now requires multi-factor authentication for ${appName}.`}</Paragraph>
      <Paragraph>
        {`Set it up ${due}: sign in, open your name menu, then My details / settings, Account settings, Multi-factor Authentication. After that date you can only set it up before using the portal.`}
      </Paragraph>
      <Paragraph>Go to Account settings:</Paragraph>
      <UrlLine url={link} />
    </EmailLayout>
  );
}

/** The announcement to one staff member, with their own deadline. */
export function announcementEmail(input: { appName: string; appUrl: string; companyName: string; to: string; deadline: Date; now: Date }): Promise<EmailMessage> {
  const due = input.deadline.getTime() <= input.now.getTime() ? "before your next visit to the portal" : `by ${formatDay(input.deadline)}`;
  const link = `${input.appUrl.replace(/\/$/, "")}/settings/account`;
  return renderEmail(
    input.to,
    `${input.companyName} requires multi-factor authentication`,
    <PolicyAnnouncement appName={input.appName} companyName={input.companyName} due={due} link={link} />,
  );
}
