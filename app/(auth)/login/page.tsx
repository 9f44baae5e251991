import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/sign-in-form";
import { getCurrentUser } from "@/lib/auth/current-user";
import { sanitizeCallbackUrl } from "@/lib/auth/callback-url";
import { env } from "@/lib/env";
import { errorMessages } from "@/lib/errors";

export const metadata: Metadata = { title: "Sign in" };

/** What to say on arrival: an expired sign-in, or NextAuth's error redirect after SSO. */
function arrivalMessage(params: Record<string, string | string[] | undefined>): string | null {
  if (params.expired === "1") return errorMessages.CHALLENGE_EXPIRED;
  if (params.error === "AccessDenied") return errorMessages.SSO_REFUSED;
  if (typeof params.error === "string" && params.error) return errorMessages.SSO_UNAVAILABLE;
  return null;
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = sanitizeCallbackUrl(params.callbackUrl);
  if (await getCurrentUser()) redirect(callbackUrl);
  return (
    <div className="card auth-card">
      <p className="brand">{env().APP_NAME}</p>
      <h1>Sign in</h1>
      <SignInForm callbackUrl={callbackUrl} initialError={arrivalMessage(params)} />
    </div>
  );
}
