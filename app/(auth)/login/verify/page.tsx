import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { VerifyForm } from "@/components/verify-form";
import { db } from "@/lib/db";
import { readChallengeCookie } from "@/lib/sign-in/challenge-cookie";
import { findPendingChallenge, verifyPageState } from "@/lib/sign-in/otp-step";

export const metadata: Metadata = { title: "Enter your one-time password" };

export default async function VerifyPage() {
  const token = await readChallengeCookie();
  if (!token) redirect("/login");
  const challenge = await findPendingChallenge(db, token, new Date());
  if (!challenge) redirect("/login?expired=1");
  return (
    <div className="card auth-card">
      <p className="brand">{process.env.APP_NAME || "Staff Portal"}</p>
      <h1>Enter your one-time password</h1>
      <VerifyForm {...verifyPageState(challenge)} />
      <p className="hint">
        <Link href="/login">Cancel and sign in again</Link>
      </p>
    </div>
  );
}
