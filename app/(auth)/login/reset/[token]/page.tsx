import type { Metadata } from "next";
import Link from "next/link";
import { FormAlert } from "@/components/form-alert";
import { ResetPasswordForm } from "@/components/reset-password-form";
import { isResetLinkLive } from "@/lib/auth/password-reset";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { errorMessages } from "@/lib/errors";

// The token is in this page's address: no Referer carries it anywhere (the
// site-wide header says same-origin; this meta tag tightens it for this page).
export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer", robots: { index: false } };

/** The emailed link. Opening it changes nothing: only "Change password" uses it. */
export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const live = await isResetLinkLive(db, token, new Date());
  return (
    <div className="card auth-card">
      <p className="brand">{env().APP_NAME}</p>
      <h1>Choose a new password</h1>
      {live ? (
        <ResetPasswordForm token={token} />
      ) : (
        <>
          <FormAlert message={errorMessages.RESET_LINK_INVALID} />
          <p>
            <Link href="/login/forgot">Ask for a new link</Link>
          </p>
        </>
      )}
      <p className="hint">
        <Link href="/login">Back to sign in</Link>
      </p>
    </div>
  );
}
