import { adminForRoute, csvResponse, notFoundResponse } from "@/lib/company/admin-request";
import { staffCsv } from "@/lib/company/staff-csv";
import { staffQueryFrom } from "@/lib/company/staff-query";
import { db } from "@/lib/db";
import { withRequest } from "@/lib/with-request";

/** "Download CSV" of the staff list, with the page's search and filter (every page of it). */
export const GET = withRequest(async function GET(request: Request) {
  const current = await adminForRoute();
  if (!current) return notFoundResponse();
  const query = staffQueryFrom(Object.fromEntries(new URL(request.url).searchParams));
  return csvResponse(`staff-${current.user.company.slug}.csv`, await staffCsv(db, current.user.company, query, new Date()));
});
