import { createHash, timingSafeEqual } from "node:crypto";
import type { Registry } from "prom-client";

/**
 * Whether an Authorization header is `Bearer <token>`. Compared in constant
 * time: both sides are hashed first, so neither the token's length nor its
 * first wrong character shows in the time taken.
 */
export function bearerMatches(authorization: string | null, token: string): boolean {
  const sent = /^Bearer +(\S+) *$/i.exec(authorization ?? "")?.[1] ?? "";
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(sent), digest(token)) && sent.length > 0;
}

/**
 * GET /api/metrics: the registry in Prometheus's text format for the holder
 * of METRICS_TOKEN; 401 for anyone else; 404 while no token is configured
 * (the endpoint does not exist until an operator turns it on).
 */
export async function metricsResponse(input: { authorization: string | null; token: string | undefined; registry: Registry }): Promise<Response> {
  const noStore = { "cache-control": "no-store" };
  if (!input.token) return new Response(null, { status: 404, headers: noStore });
  if (!bearerMatches(input.authorization, input.token)) {
    return new Response(null, { status: 401, headers: { ...noStore, "www-authenticate": 'Bearer realm="metrics"' } });
  }
  return new Response(await input.registry.metrics(), { headers: { ...noStore, "content-type": input.registry.contentType } });
}
