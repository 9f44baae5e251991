import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { issueKnownDevice, knownDeviceFor, KNOWN_DEVICE_TTL_MS } from "./known-device";

const key = randomBytes(32);
const now = new Date("2026-11-28T12:00:00Z");

describe("known-device tokens", () => {
  it("name the device for the account they were issued for, for 90 days", () => {
    const token = issueKnownDevice(key, "Bea@Acme.test", now, "device-1");
    expect(token).not.toContain("bea");
    expect(knownDeviceFor(key, token, "bea@acme.test", now)).toBe("device-1");
    expect(knownDeviceFor(key, token, "bea@acme.test", new Date(now.getTime() + KNOWN_DEVICE_TTL_MS - 1000))).toBe("device-1");
    expect(knownDeviceFor(key, token, "bea@acme.test", new Date(now.getTime() + KNOWN_DEVICE_TTL_MS))).toBeNull();
  });

  it("are worth nothing for another account, with another key, or tampered", () => {
    const token = issueKnownDevice(key, "bea@acme.test", now);
    expect(knownDeviceFor(key, token, "alex@acme.test", now)).toBeNull();
    expect(knownDeviceFor(randomBytes(32), token, "bea@acme.test", now)).toBeNull();
    const [id, expires, mac] = token.split(".");
    expect(knownDeviceFor(key, `${id}x.${expires}.${mac}`, "bea@acme.test", now)).toBeNull();
    expect(knownDeviceFor(key, `${id}.${Number(expires) + 1000}.${mac}`, "bea@acme.test", now)).toBeNull();
    for (const junk of [undefined, "", "a.b", "a.b.c", "x".repeat(500)]) expect(knownDeviceFor(key, junk, "bea@acme.test", now)).toBeNull();
  });
});
