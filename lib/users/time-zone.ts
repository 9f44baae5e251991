import type { Db } from "@/lib/db";

let supported: Set<string> | undefined;

/** The time zones a user can choose: the IANA names this runtime knows (Intl.supportedValuesOf). */
export function timeZoneOptions(): string[] {
  return Intl.supportedValuesOf("timeZone");
}

/** Whether `timeZone` is one of timeZoneOptions(), exactly as listed. */
export function isSupportedTimeZone(timeZone: string): boolean {
  supported ??= new Set(timeZoneOptions());
  return supported.has(timeZone);
}

export type SetTimeZoneResult = { ok: true; timeZone: string } | { ok: false; error: "INVALID_TIME_ZONE" };

/**
 * Account settings -> Time zone: the zone in which the user's emails show
 * times. Anything but a zone of the runtime's list is refused and changes
 * nothing (whatever the browser sent).
 */
export async function setTimeZone(db: Db, input: { userId: string; timeZone: unknown }): Promise<SetTimeZoneResult> {
  const { timeZone } = input;
  if (typeof timeZone !== "string" || !isSupportedTimeZone(timeZone)) return { ok: false, error: "INVALID_TIME_ZONE" };
  await db.user.update({ where: { id: input.userId }, data: { timeZone } });
  return { ok: true, timeZone };
}
