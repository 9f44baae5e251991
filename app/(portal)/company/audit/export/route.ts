import { adminForRoute, csvResponse, notFoundResponse } from "@/lib/company/admin-request";
import { auditCsv } from "@/lib/company/audit";
import { db } from "@/lib/db";
import { withRequest } from "@/lib/with-request";

/** "Download CSV" of the whole audit log, newest first. */
export const GET = withRequest(async function GET() {
  const current = await adminForRoute();
  if (!current) return notFoundResponse();
  return csvResponse(`audit-log-${current.user.company.slug}.csv`, await auditCsv(db, current.user.company.id));
});
