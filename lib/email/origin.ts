import type { RequestMeta } from "@/lib/security/events";
import { placeOf } from "@/lib/security/geoip";
import type { EmailContext } from "./context";

/**
 * The context of an email to a recipient in `timeZone`, caused by the
 * request of `meta` at `now`: its browser, its IP and, when a local GeoIP
 * database is configured, the IP's approximate place.
 */
export async function emailContextOf(meta: RequestMeta | null | undefined, timeZone: string, now: Date): Promise<EmailContext> {
  const ip = meta?.ip ?? null;
  return { userAgent: meta?.userAgent ?? null, ip, place: await placeOf(ip), timeZone, now };
}
