import { env } from "@/lib/env";
import type { Metadata } from "next";
import { ChangePasswordForm } from "@/components/change-password-form";
import { ActivitySection } from "@/components/activity-section";
import { MfaPanel } from "@/components/mfa-panel";
import { RecoveryCodesSection } from "@/components/recovery-codes-section";
import { SessionsSection } from "@/components/sessions-section";
import { TimeZoneForm } from "@/components/time-zone-form";
import { blockedByMfaRequirement, requireUser } from "@/lib/auth/current-user";
import { offeredMethods } from "@/lib/company/mfa-status";
import { listActiveSessions } from "@/lib/auth/sessions";
import { db } from "@/lib/db";
import { recentEvents } from "@/lib/security/events";
import { mfaPanelView } from "@/lib/mfa/panel";
import { recoveryCodeCount } from "@/lib/mfa/recovery-codes";
import { timeZoneOptions } from "@/lib/users/time-zone";

export const metadata: Metadata = { title: "Account settings" };

export default async function AccountSettingsPage() {
  const current = await requireUser("/settings/account", { mfaSetup: true });
  const { user, sessionId } = current;
  const mfa = mfaPanelView(user);
  const now = new Date();
  // Past the company's deadline this page is only the MFA set-up (the banner above says why).
  // The panel keeps its key in both layouts: the recovery codes a confirmation just
  // returned live in its state and must outlive the refresh that lifts the block.
  if (blockedByMfaRequirement(current, now) && mfa.kind === "choose") {
    return (
      <>
        <h1>Account settings</h1>
        <MfaPanel key="mfa" method={mfa.method} offered={offeredMethods(user, user.company, now)} email={user.email} recoverySession={current.amr.includes("recovery")} />
      </>
    );
  }
  // Recovery codes stand in for the second factor: only with MFA on, and never for SSO users.
  const recovery = mfa.kind === "choose" && mfa.method !== "NONE" ? { method: mfa.method } : null;
  const [sessions, events, codesLeft] = await Promise.all([
    listActiveSessions(db, user.id, now),
    recentEvents(db, user.id, 20),
    recovery ? recoveryCodeCount(db, user.id) : null,
  ]);
  return (
    <>
      <h1>Account settings</h1>
      {mfa.kind === "managed" ? (
        <section className="card" aria-labelledby="mfa-heading">
          <h2 id="mfa-heading">Multi-factor Authentication</h2>
          <p>{mfa.message}</p>
        </section>
      ) : (
        <MfaPanel key="mfa" method={mfa.method} offered={offeredMethods(user, user.company, now)} email={user.email} recoverySession={current.amr.includes("recovery")} />
      )}
      {recovery && <RecoveryCodesSection method={recovery.method} left={codesLeft} email={user.email} recoverySession={current.amr.includes("recovery")} />}
      {mfa.kind === "choose" && (
        <section className="card" aria-labelledby="password-heading">
          <h2 id="password-heading">Change password</h2>
          <ChangePasswordForm />
        </section>
      )}
      <section className="card" aria-labelledby="time-zone-heading">
        <h2 id="time-zone-heading">Time zone</h2>
        <TimeZoneForm current={user.timeZone} options={timeZoneOptions()} />
      </section>
      <SessionsSection sessions={sessions} currentSessionId={sessionId} appName={env().APP_NAME} />
      <ActivitySection events={events} />
    </>
  );
}
