import { databasePool } from "@/lib/db";
import { checkReadiness, expectedMigrations } from "@/lib/health/readiness";
import { withRequest } from "@/lib/with-request";

export const dynamic = "force-dynamic";

/**
 * Readiness: 200 when the database answers `SELECT 1` within a second and
 * every migration of this build is applied; 503 with the failed checks
 * otherwise, so that a load balancer sends this instance no traffic.
 */
export const GET = withRequest(async function GET() {
  // Through a function: a missing DATABASE_URL is then a failed check, not a 500.
  const { ready, checks } = await checkReadiness({ query: (text) => databasePool().query(text) }, { expected: expectedMigrations() });
  return Response.json({ status: ready ? "ok" : "unavailable", checks }, { status: ready ? 200 : 503, headers: { "cache-control": "no-store" } });
});
