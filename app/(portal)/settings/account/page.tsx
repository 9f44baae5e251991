import type { Metadata } from "next";
import { ChangePasswordForm } from "@/components/change-password-form";
import { requireUser } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Account settings" };

export default async function AccountSettingsPage() {
  const { user } = await requireUser("/settings/account");
  const usesSso = user.company.signInMethod === "SSO";
  return (
    <>
      <h1>Account settings</h1>
      {!usesSso && (
        <section className="card" aria-labelledby="password-heading">
          <h2 id="password-heading">Change password</h2>
          <ChangePasswordForm />
        </section>
      )}
    </>
  );
}
