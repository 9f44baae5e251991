import { cookies } from "next/headers";
import Link from "next/link";
import { FlashNotice } from "@/components/flash-notice";
import { MfaRequirementBanner } from "@/components/mfa-requirement-banner";
import { RecoveryBanner } from "@/components/recovery-banner";
import { recoveryBanner } from "@/lib/mfa/recovery-banner";
import { mfaStatus, requirementMessage } from "@/lib/company/mfa-status";
import { UserMenu } from "@/components/user-menu";
import { getCurrentUser } from "@/lib/auth/current-user";
import { NOTICE_COOKIE, notices } from "@/lib/notice";

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  // Each page calls requireUser with its own path, so a signed-out visitor is
  // sent to sign-in with the right callbackUrl; the layout only draws the shell.
  const current = await getCurrentUser();
  const notice = current ? notices[(await cookies()).get(NOTICE_COOKIE)?.value ?? ""] : undefined;
  const requirement = current ? requirementMessage(current.user.company.name, mfaStatus(current.user, current.user.company, new Date())) : null;
  const recovery = current ? recoveryBanner(current.user.recoveryCodesLeft) : null;
  return (
    <>
      <header className="header">
        <Link href="/" className="brand">
          {process.env.APP_NAME || "Staff Portal"}
        </Link>
        {current && <UserMenu name={current.user.name} isAdmin={current.user.role === "ADMIN"} />}
      </header>
      <main className="main">
        {requirement && <MfaRequirementBanner text={requirement.text} urgent={requirement.urgent} />}
        {recovery && <RecoveryBanner banner={recovery} />}
        {notice && <FlashNotice message={notice} />}
        {children}
      </main>
    </>
  );
}
