import { CLIENT_IP_HEADER } from "@/lib/client-ip";
import type { RequestMeta } from "@/lib/security/events";

/**
 * Client IP and user agent from request headers. The IP is the one the
 * portal stamped on the request itself (lib/client-ip.ts: the socket address,
 * or the configured proxies' view of it); "unknown" and a missing stamp are null.
 */
export function requestMeta(headers: Headers): RequestMeta {
  const stamped = headers.get(CLIENT_IP_HEADER);
  const ip = stamped && stamped !== "unknown" ? stamped.slice(0, 64) : null;
  return { ip, userAgent: headers.get("user-agent")?.slice(0, 512) ?? null };
}
