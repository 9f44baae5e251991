import type { Metadata } from "next";
import { Pager } from "@/components/pager";
import { requireAdmin } from "@/lib/auth/current-user";
import { describeAudit, listAudit } from "@/lib/company/audit";
import { db } from "@/lib/db";
import { formatMoment } from "@/lib/format";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { user } = await requireAdmin("/company/audit");
  const requested = Number((await searchParams).page);
  const log = await listAudit(db, user.company.id, Number.isInteger(requested) && requested > 0 && requested < 1_000_000 ? requested : 1);
  return (
    <section className="card" aria-labelledby="audit-heading">
      <h1 id="audit-heading">Audit log</h1>
      <p>
        Every administrator action and every staff member&apos;s MFA change, newest first. Kept for at least a year.{" "}
        <a className="button secondary" href="/company/audit/export" download>
          Download CSV
        </a>
      </p>
      {log.total === 0 ? (
        <p>Nothing has happened yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="list">
            <caption className="visually-hidden">Audit log of {user.company.name}</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Whom</th>
                <th scope="col">What</th>
                <th scope="col">IP address</th>
              </tr>
            </thead>
            <tbody>
              {log.rows.map((row) => (
                <tr key={row.id}>
                  <td>{formatMoment(row.createdAt)}</td>
                  <td>
                    {row.actorName} ({row.actorEmail})
                  </td>
                  <td>{row.targetName ? `${row.targetName} (${row.targetEmail})` : "Company"}</td>
                  <td>{describeAudit(row.action, row.detail)}</td>
                  <td>{row.ip ?? "Unknown"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={log.page} pages={log.pages} href={(page) => `/company/audit?page=${page}`} previous="Newer" next="Older" />
    </section>
  );
}
