// The sign-in context of an email: which browser, from where and when, in the
// recipient's time zone. Pure: the place comes in from lib/email/origin.ts.
import { parseUserAgent } from "@/lib/security/user-agent";

/** The request that caused an email, and the recipient's time zone. */
export type EmailContext = {
  userAgent: string | null;
  ip: string | null;
  /** Approximate place of the IP ("London, United Kingdom"), only from a local GeoIP database. */
  place?: string | null;
  /** The recipient's IANA time zone (User.timeZone). */
  timeZone: string;
  now: Date;
};

const OFFSET_NAME = /^GMT[+\-\u2212]/;

function zoneName(at: Date, timeZone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: "short" }).formatToParts(at).find((p) => p.type === "timeZoneName")?.value ?? "";
}

/**
 * The zone's short name at `at`: en-GB's (GMT/BST, CET/CEST, UTC), else
 * en-US's where it has a name (EST/EDT, PST/PDT), else the offset ("GMT+9").
 */
function shortZone(at: Date, timeZone: string): string {
  const british = zoneName(at, timeZone, "en-GB");
  if (!OFFSET_NAME.test(british)) return british;
  const american = zoneName(at, timeZone, "en-US");
  return american && !OFFSET_NAME.test(american) ? american : british.replace("\u2212", "-");
}

/** A zone this runtime knows, else UTC (a stored zone the runtime lost still gives a readable time). */
function knownZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone });
    return timeZone;
  } catch {
    return "UTC";
  }
}

/** "14:05 GMT on 28 Nov 2026": a moment in the recipient's time zone. */
export function formatTime(at: Date, timeZone: string): string {
  const zone = knownZone(timeZone);
  const time = new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at);
  const day = new Intl.DateTimeFormat("en-GB", { timeZone: zone, day: "numeric", month: "short", year: "numeric" }).format(at);
  return `${time} ${shortZone(at, zone)} on ${day}`;
}

/** "Chrome on Windows, 203.0.113.7 (London, United Kingdom)"; "an unknown browser" when the user agent does not say. */
export function describeOrigin(context: Pick<EmailContext, "userAgent" | "ip" | "place">): string {
  const { browser, os } = parseUserAgent(context.userAgent);
  const who = `${browser ?? "an unknown browser"}${os ? ` on ${os}` : ""}`;
  if (!context.ip) return who;
  return `${who}, ${context.ip}${context.place ? ` (${context.place})` : ""}`;
}

/** "Chrome on Windows, 203.0.113.7, at 14:05 GMT on 28 Nov 2026" (no comma before "at" without an IP). */
export function originAndTime(context: EmailContext): string {
  return `${describeOrigin(context)}${context.ip ? "," : ""} at ${formatTime(context.now, context.timeZone)}`;
}

const leads = { request: "Requested from", notice: "From", latest: "The latest attempt came from" } as const;

/**
 * The context line of an email. A code email says where the code was asked
 * for ("Requested from Chrome on Windows, 203.0.113.7, at 14:05 GMT on 28 Nov
 * 2026."), a notice where the change came from ("From Chrome on Windows,
 * 203.0.113.7 (London, United Kingdom), at 14:05 BST on 1 Jul 2026."), a
 * notice of repeated failures where the latest one came from. Without an IP
 * there is neither IP nor place.
 */
export function emailContext(context: EmailContext, kind: keyof typeof leads = "notice"): string {
  return `${leads[kind]} ${originAndTime(context)}.`;
}
