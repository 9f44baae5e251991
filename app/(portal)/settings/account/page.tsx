import type { Metadata } from "next";
import { ChangePasswordForm } from "@/components/change-password-form";
import { ActivitySection } from "@/components/activity-section";
import { MfaPanel } from "@/components/mfa-panel";
import { SessionsSection } from "@/components/sessions-section";
import { requireUser } from "@/lib/auth/current-user";
import { mfaPanelView } from "@/lib/mfa/panel";

export const metadata: Metadata = { title: "Account settings" };

export default async function AccountSettingsPage() {
  const { user, sessionId } = await requireUser("/settings/account");
  const mfa = mfaPanelView(user);
  return (
    <>
      <h1>Account settings</h1>
      {mfa.kind === "managed" ? (
        <section className="card" aria-labelledby="mfa-heading">
          <h2 id="mfa-heading">Multi-factor Authentication</h2>
          <p>{mfa.message}</p>
        </section>
      ) : (
        <MfaPanel method={mfa.method} />
      )}
      {mfa.kind === "choose" && (
        <section className="card" aria-labelledby="password-heading">
          <h2 id="password-heading">Change password</h2>
          <ChangePasswordForm />
        </section>
      )}
      <SessionsSection userId={user.id} currentSessionId={sessionId} />
      <ActivitySection userId={user.id} />
    </>
  );
}
