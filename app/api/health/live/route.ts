import { withRequest } from "@/lib/with-request";

// Answered by the running process every time: never prerendered or cached.
export const dynamic = "force-dynamic";

/** Liveness: the process answers. Never touches the database (a database outage is not a reason to restart the portal). */
export const GET = withRequest(async function GET() {
  return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
});
