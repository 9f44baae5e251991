import type { RequestMeta } from "@/lib/security/events";

/**
 * Client IP and user agent from request headers. The IP is the right-most
 * X-Forwarded-For entry: the one added by the proxy in front of the app (or,
 * with no proxy, the socket address Next.js fills in). Entries to its left are
 * client-supplied and are ignored.
 */
export function requestMeta(headers: Headers): RequestMeta {
  const hops = headers.get("x-forwarded-for")?.split(",").map((h) => h.trim()).filter(Boolean) ?? [];
  const ip = hops.at(-1) ?? headers.get("x-real-ip") ?? null;
  return { ip: ip?.slice(0, 64) ?? null, userAgent: headers.get("user-agent")?.slice(0, 512) ?? null };
}
