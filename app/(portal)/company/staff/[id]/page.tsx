import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AccessCodeForm } from "@/components/access-code-form";
import { ExemptionForm, RoleForm } from "@/components/staff-admin-forms";
import { requireAdmin } from "@/lib/auth/current-user";
import { accessCodePanel } from "@/lib/company/access-code";
import { exemptionDays, staffMember } from "@/lib/company/admin";
import { formatDay, mfaStatus, statusLabel } from "@/lib/company/mfa-status";
import { roleLabels } from "@/lib/company/staff-csv";
import { db } from "@/lib/db";
import { formatMoment } from "@/lib/format";
import { methodLabels } from "@/lib/mfa/panel";

export const metadata: Metadata = { title: "Staff member" };

export default async function StaffMemberPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const current = await requireAdmin(`/company/staff/${encodeURIComponent(id)}`);
  const member = await staffMember(db, current, id);
  if (!member) notFound();
  const company = current.user.company;
  const now = new Date();
  const status = mfaStatus(member, company, now);
  const days = exemptionDays(now);
  // "Help them sign in": a password company's staff member other than oneself.
  const helpPanel = company.signInMethod === "PASSWORD" && member.id !== current.user.id ? await accessCodePanel(db, current, member.id, now) : null;
  return (
    <>
      <section className="card" aria-labelledby="member-heading">
        <p>
          <Link href="/company/staff">Staff</Link>
        </p>
        <h1 id="member-heading">{member.name}</h1>
        <dl className="facts">
          <dt>Email</dt>
          <dd>{member.email}</dd>
          <dt>Role</dt>
          <dd>{roleLabels[member.role]}</dd>
          {company.signInMethod === "PASSWORD" && (
            <>
              <dt>MFA method</dt>
              <dd>{methodLabels[member.mfaMethod]}</dd>
              <dt>MFA status</dt>
              <dd>{statusLabel(status)}</dd>
            </>
          )}
          <dt>Last sign-in</dt>
          <dd>{member.lastSignInAt ? formatMoment(member.lastSignInAt) : "Never"}</dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="role-heading">
        <h2 id="role-heading">Role</h2>
        <RoleForm userId={member.id} role={member.role} self={member.id === current.user.id} />
      </section>
      {company.signInMethod === "PASSWORD" && (
        <section className="card" aria-labelledby="exemption-heading">
          <h2 id="exemption-heading">Exemption from the MFA requirement</h2>
          {status.kind === "exempt" || (member.mfaExemptUntil && member.mfaExemptUntil > now) ? (
            <p>
              Exempt until {formatDay(member.mfaExemptUntil!)}: {member.mfaExemptReason}
            </p>
          ) : (
            <p>Exempt staff are treated as under no requirement until the day you choose.</p>
          )}
          <ExemptionForm
            userId={member.id}
            exemptUntil={member.mfaExemptUntil && member.mfaExemptUntil > now ? member.mfaExemptUntil.toISOString() : null}
            today={days.today}
            maxDay={days.last}
          />
        </section>
      )}
      {helpPanel && (
        <section className="card" aria-labelledby="access-code-heading">
          <h2 id="access-code-heading">Help them sign in</h2>
          {member.mfaMethod === "NONE" ? (
            <p>{member.name} doesn&apos;t use multi-factor authentication, so there is nothing to recover: they sign in with their password.</p>
          ) : (
            <>
              <p>
                If {member.name} lost their phone, give them a one-time access code. They sign in with their password and enter it instead of a code, then set up MFA again.
              </p>
              {current.user.mfaMethod === "NONE" ? (
                <p>
                  Turn on multi-factor authentication for your own account first: <Link href="/settings/account">Account settings</Link>.
                </p>
              ) : (
                <AccessCodeForm
                  staffId={member.id}
                  name={member.name}
                  needsFreshCode={helpPanel.needsFreshCode}
                  adminMethod={current.user.mfaMethod}
                  live={helpPanel.live && { issuedByName: helpPanel.live.issuedByName, expiresAt: helpPanel.live.expiresAt.toISOString() }}
                  issuedToday={helpPanel.issuedToday}
                />
              )}
            </>
          )}
        </section>
      )}
    </>
  );
}
