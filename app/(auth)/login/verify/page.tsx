import type { Metadata } from "next";
import { cookies } from "next/headers";
import Link from "next/link";
import { redirect } from "next/navigation";
import { VerifyForm } from "@/components/verify-form";
import { db } from "@/lib/db";
import { CHALLENGE_COOKIE, findPendingChallenge } from "@/lib/auth/challenge";
import { verifyPageState } from "@/lib/mfa/sign-in-otp";

export const metadata: Metadata = { title: "Enter your one-time password" };

export default async function VerifyPage() {
  const token = (await cookies()).get(CHALLENGE_COOKIE)?.value;
  if (!token) redirect("/login");
  const challenge = await findPendingChallenge(db, token, new Date());
  if (!challenge) redirect("/login?expired=1");
  const state = await verifyPageState({ db }, challenge);
  return (
    <div className="card auth-card">
      <p className="brand">{process.env.APP_NAME || "Staff Portal"}</p>
      <h1>Enter your one-time password</h1>
      <VerifyForm {...state} />
      <p className="hint">
        <Link href="/login">Cancel and sign in again</Link>
      </p>
    </div>
  );
}
