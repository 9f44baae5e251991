import type { Metadata } from "next";
import { ChangePasswordForm } from "@/components/change-password-form";
import { ActivitySection } from "@/components/activity-section";
import { MfaPanel } from "@/components/mfa-panel";
import { SessionsSection } from "@/components/sessions-section";
import { blockedByMfaRequirement, requireUser } from "@/lib/auth/current-user";
import { offeredMethods } from "@/lib/company/mfa-status";
import { listActiveSessions } from "@/lib/auth/sessions";
import { db } from "@/lib/db";
import { recentEvents } from "@/lib/security/events";
import { mfaPanelView } from "@/lib/mfa/panel";

export const metadata: Metadata = { title: "Account settings" };

export default async function AccountSettingsPage() {
  const current = await requireUser("/settings/account", { mfaSetup: true });
  const { user, sessionId } = current;
  const mfa = mfaPanelView(user);
  const now = new Date();
  // Past the company's deadline this page is only the MFA set-up (the banner above says why).
  if (blockedByMfaRequirement(current, now) && mfa.kind === "choose") {
    return (
      <>
        <h1>Account settings</h1>
        <MfaPanel method={mfa.method} offered={offeredMethods(user, user.company, now)} />
      </>
    );
  }
  const [sessions, events] = await Promise.all([listActiveSessions(db, user.id, now), recentEvents(db, user.id, 20)]);
  return (
    <>
      <h1>Account settings</h1>
      {mfa.kind === "managed" ? (
        <section className="card" aria-labelledby="mfa-heading">
          <h2 id="mfa-heading">Multi-factor Authentication</h2>
          <p>{mfa.message}</p>
        </section>
      ) : (
        <MfaPanel method={mfa.method} offered={offeredMethods(user, user.company, now)} />
      )}
      {mfa.kind === "choose" && (
        <section className="card" aria-labelledby="password-heading">
          <h2 id="password-heading">Change password</h2>
          <ChangePasswordForm />
        </section>
      )}
      <SessionsSection sessions={sessions} currentSessionId={sessionId} />
      <ActivitySection events={events} />
    </>
  );
}
