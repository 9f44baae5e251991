import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/sign-in-form";
import { getCurrentUser } from "@/lib/auth/current-user";
import { sanitizeCallbackUrl } from "@/lib/auth/callback-url";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = sanitizeCallbackUrl(params.callbackUrl);
  if (await getCurrentUser()) redirect(callbackUrl);
  return (
    <div className="card auth-card">
      <p className="brand">{process.env.APP_NAME || "Staff Portal"}</p>
      <h1>Sign in</h1>
      <SignInForm callbackUrl={callbackUrl} expired={params.expired === "1"} />
    </div>
  );
}
