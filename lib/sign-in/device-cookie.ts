import "server-only";
import { hkdfSync } from "node:crypto";
import { cookies } from "next/headers";
import { env } from "@/lib/env";
import { deviceCookieFor } from "@/lib/security/cookies";
import { issueKnownDevice, knownDeviceFor } from "@/lib/security/known-device";

let key: Buffer | undefined;
/** The known-device MAC key, derived from AUTH_SECRET (rotating it forgets every known device). */
const deviceKey = () => (key ??= Buffer.from(hkdfSync("sha256", env().AUTH_SECRET ?? "", Buffer.alloc(0), "staff-portal/known-device", 32)));
const cookie = () => deviceCookieFor(process.env.APP_URL);

/** This browser's known-device id for the account of `email`, or null. */
export async function knownDeviceIdFor(email: string, now: Date): Promise<string | null> {
  return knownDeviceFor(deviceKey(), (await cookies()).get(cookie().name)?.value, email, now);
}

/** After a successful sign-in: this browser is now known for this account (90 days). */
export async function rememberDevice(email: string, now: Date): Promise<void> {
  const { name, options } = cookie();
  (await cookies()).set(name, issueKnownDevice(deviceKey(), email, now), options);
}
