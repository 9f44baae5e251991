import type { Metadata } from "next";
import Link from "next/link";
import { ForgotPasswordForm } from "@/components/forgot-password-form";
import { env } from "@/lib/env";

export const metadata: Metadata = { title: "Forgot your password?" };

export default function ForgotPasswordPage() {
  return (
    <div className="card auth-card">
      <p className="brand">{env().APP_NAME}</p>
      <h1>Forgot your password?</h1>
      <ForgotPasswordForm />
      <p className="hint">
        <Link href="/login">Back to sign in</Link>
      </p>
    </div>
  );
}
