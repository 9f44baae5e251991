import type { Metadata } from "next";
import { PolicyForm } from "@/components/policy-form";
import { requireAdmin } from "@/lib/auth/current-user";
import { formatDay } from "@/lib/company/mfa-status";
import { db } from "@/lib/db";

export const metadata: Metadata = { title: "Sign-in security" };

export default async function SignInSecurityPage() {
  const { user } = await requireAdmin("/company/security");
  const company = user.company;
  const { mfaRequiredOnMobile } = await db.company.findUniqueOrThrow({ where: { id: company.id }, select: { mfaRequiredOnMobile: true } });
  return (
    <section className="card" aria-labelledby="policy-heading">
      <h1 id="policy-heading">Sign-in security</h1>
      {company.signInMethod === "SSO" ? (
        <p>Sign-in security is managed by your identity provider.</p>
      ) : (
        <>
          <p>
            {company.mfaRequired && company.mfaRequiredSince
              ? `Multi-factor authentication has been required since ${formatDay(company.mfaRequiredSince)}.`
              : "Multi-factor authentication is not required: each person chooses."}
          </p>
          {user.mfaMethod === "NONE" && <p className="hint">Your own multi-factor authentication is off: turn it on in Account settings before requiring it of your staff.</p>}
          <PolicyForm values={{ required: company.mfaRequired ? "on" : "off", graceDays: company.mfaGraceDays, allowed: company.mfaAllowedMethods, mobileMfa: mfaRequiredOnMobile }} />
        </>
      )}
    </section>
  );
}
