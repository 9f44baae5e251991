import { env } from "@/lib/env";
import { metricsResponse } from "@/lib/metrics/endpoint";
import { metrics } from "@/lib/metrics/registry";
import { withRequest } from "@/lib/with-request";

// Counters change with every request: never prerendered or cached.
export const dynamic = "force-dynamic";

/** Prometheus scrapes this instance's metrics here (README "Operating it"). */
export const GET = withRequest(async function GET(request: Request) {
  return metricsResponse({ authorization: request.headers.get("authorization"), token: env().METRICS_TOKEN, registry: metrics().registry });
});
