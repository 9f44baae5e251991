import { readiness } from "@/lib/health/probe";
import { withRequest } from "@/lib/with-request";

export const dynamic = "force-dynamic";

/**
 * Readiness: 200 when the database answers `SELECT 1` within a second and
 * every migration of this build is applied; 503 with the failed checks
 * otherwise, so that a load balancer sends this instance no traffic. One
 * check a second at most, on a connection of its own (lib/health/probe.ts).
 */
export const GET = withRequest(async function GET() {
  const { ready, checks } = await readiness();
  return Response.json({ status: ready ? "ok" : "unavailable", checks }, { status: ready ? 200 : 503, headers: { "cache-control": "no-store" } });
});
