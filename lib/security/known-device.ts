// "Known device": a browser that has signed in to an account before carries
// a signed token saying so (90 days). It is exempt from the account-wide
// password delay that other clients' failures build up, so an attacker
// hammering an account never keeps its owner out. The token names a random
// device id and is bound (by its MAC) to the account's email, which it does
// not reveal.
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const KNOWN_DEVICE_TTL_MS = 90 * 24 * 60 * 60 * 1000;

const mac = (key: Buffer, deviceId: string, expires: number, email: string) =>
  createHmac("sha256", key)
    .update(`${deviceId}.${expires}.${createHash("sha256").update(email.trim().toLowerCase()).digest("hex")}`)
    .digest("base64url");

/** A new token for this browser and account. */
export function issueKnownDevice(key: Buffer, email: string, now: Date, deviceId = randomBytes(16).toString("base64url")): string {
  const expires = Math.floor((now.getTime() + KNOWN_DEVICE_TTL_MS) / 1000);
  return `${deviceId}.${expires}.${mac(key, deviceId, expires, email)}`;
}

/** The device id when `token` is a valid, unexpired token for this email; else null. */
export function knownDeviceFor(key: Buffer, token: string | undefined, email: string, now: Date): string | null {
  if (!token || token.length > 200) return null;
  const [deviceId, expiresText, given] = token.split(".");
  if (!deviceId || !expiresText || !given || !/^\d{1,12}$/.test(expiresText)) return null;
  const expires = Number(expiresText);
  if (expires * 1000 <= now.getTime()) return null;
  const expected = Buffer.from(mac(key, deviceId, expires, email));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? deviceId : null;
}
