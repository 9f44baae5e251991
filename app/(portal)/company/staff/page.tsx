import type { Metadata } from "next";
import Link from "next/link";
import { Pager } from "@/components/pager";
import { requireAdmin } from "@/lib/auth/current-user";
import { statusFilters, statusLabel } from "@/lib/company/mfa-status";
import { listStaff } from "@/lib/company/staff";
import { roleLabels } from "@/lib/company/staff-csv";
import { staffQueryFrom, staffQueryString } from "@/lib/company/staff-query";
import { db } from "@/lib/db";
import { formatMoment } from "@/lib/format";
import { methodLabels } from "@/lib/mfa/panel";

export const metadata: Metadata = { title: "Staff" };

export default async function StaffPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { user } = await requireAdmin("/company/staff");
  const query = staffQueryFrom(await searchParams);
  const company = user.company;
  const sso = company.signInMethod === "SSO";
  const list = await listStaff(db, company, sso ? { ...query, status: undefined } : query, new Date());
  const first = list.total === 0 ? 0 : (list.page - 1) * 50 + 1;
  const last = Math.min(list.total, list.page * 50);
  return (
    <section className="card" aria-labelledby="staff-heading">
      <h1 id="staff-heading">Staff</h1>
      {sso && <p>Sign-in security is managed by your identity provider.</p>}
      <form className="filters" method="get" role="search" aria-label="Staff">
        <div className="field">
          <label htmlFor="staff-q">Search by name or email</label>
          <input id="staff-q" name="q" type="search" defaultValue={query.q ?? ""} maxLength={100} />
        </div>
        {!sso && (
          <div className="field">
            <label htmlFor="staff-status">MFA status</label>
            <select id="staff-status" name="status" defaultValue={query.status ?? ""}>
              <option value="">Any</option>
              {statusFilters.map((f) => (
                <option key={f.value} value={f.value}>
                  {f.label}
                </option>
              ))}
            </select>
          </div>
        )}
        <button type="submit" className="button secondary">
          Apply
        </button>
        <a className="button secondary" href={`/company/staff/export${staffQueryString({ ...query, page: 1 })}`} download>
          Download CSV
        </a>
      </form>
      <p role="status">
        {list.total === 0 ? "No staff match." : `Showing ${first}–${last} of ${list.total} staff.`}
      </p>
      {list.total > 0 && (
        <div className="table-wrap">
          <table className="list">
            <caption className="visually-hidden">Staff of {company.name}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                {!sso && <th scope="col">MFA method</th>}
                {!sso && <th scope="col">MFA status</th>}
                <th scope="col">Last sign-in</th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((row) => (
                <tr key={row.id}>
                  <td>
                    <Link href={`/company/staff/${row.id}`}>{row.name}</Link>
                  </td>
                  <td>{row.email}</td>
                  <td>{roleLabels[row.role]}</td>
                  {!sso && <td>{methodLabels[row.mfaMethod]}</td>}
                  {!sso && <td>{statusLabel(row.status)}</td>}
                  <td>{row.lastSignInAt ? formatMoment(row.lastSignInAt) : "Never"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={list.page} pages={list.pages} href={(page) => `/company/staff${staffQueryString(query, { page })}`} />
    </section>
  );
}
