import { describe, expect, it } from "vitest";
import { emailContext, formatTime, type EmailContext } from "./context";

const chromeOnWindows = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/159.0 Safari/537.36";
const winter = new Date("2026-11-28T14:05:00Z");
const summer = new Date("2026-07-01T13:05:00Z");
const base: EmailContext = { userAgent: chromeOnWindows, ip: "203.0.113.7", timeZone: "Europe/London", now: winter };

describe("emailContext", () => {
  it.each<[string, Partial<EmailContext>, "request" | "notice" | "latest", string]>([
    ["London in winter (GMT)", {}, "request", "Requested from Chrome on Windows, 203.0.113.7, at 14:05 GMT on 28 Nov 2026."],
    ["London in summer (BST)", { now: summer }, "notice", "From Chrome on Windows, 203.0.113.7, at 14:05 BST on 1 Jul 2026."],
    ["New York in winter (EST)", { timeZone: "America/New_York" }, "request", "Requested from Chrome on Windows, 203.0.113.7, at 09:05 EST on 28 Nov 2026."],
    ["New York in summer (EDT)", { timeZone: "America/New_York", now: summer }, "notice", "From Chrome on Windows, 203.0.113.7, at 09:05 EDT on 1 Jul 2026."],
    ["Paris (CET)", { timeZone: "Europe/Paris" }, "notice", "From Chrome on Windows, 203.0.113.7, at 15:05 CET on 28 Nov 2026."],
    ["Tokyo: no short name, the offset (and the next day)", { timeZone: "Asia/Tokyo", now: new Date("2026-11-28T18:30:00Z") }, "notice", "From Chrome on Windows, 203.0.113.7, at 03:30 GMT+9 on 29 Nov 2026."],
    ["a place from the GeoIP database", { place: "London, United Kingdom", now: summer }, "notice", "From Chrome on Windows, 203.0.113.7 (London, United Kingdom), at 14:05 BST on 1 Jul 2026."],
    ["no IP: neither IP nor place", { ip: null, place: "London, United Kingdom" }, "request", "Requested from Chrome on Windows at 14:05 GMT on 28 Nov 2026."],
    ["no user agent", { userAgent: null }, "request", "Requested from an unknown browser, 203.0.113.7, at 14:05 GMT on 28 Nov 2026."],
    ["an unknown browser on a known system", { userAgent: "SomeBot/1.0 (X11; Linux x86_64)" }, "notice", "From an unknown browser on Linux, 203.0.113.7, at 14:05 GMT on 28 Nov 2026."],
    ["neither", { userAgent: null, ip: null }, "notice", "From an unknown browser at 14:05 GMT on 28 Nov 2026."],
    ["the latest of repeated failures", {}, "latest", "The latest attempt came from Chrome on Windows, 203.0.113.7, at 14:05 GMT on 28 Nov 2026."],
    ["a zone this runtime does not know: UTC", { timeZone: "Mars/Olympus_Mons" }, "notice", "From Chrome on Windows, 203.0.113.7, at 14:05 UTC on 28 Nov 2026."],
  ])("%s", (_, change, kind, expected) => expect(emailContext({ ...base, ...change }, kind)).toBe(expected));
});

describe("formatTime", () => {
  it("is the moment in the given zone, with its short name", () => {
    expect(formatTime(new Date("2026-03-29T00:59:00Z"), "Europe/London")).toBe("00:59 GMT on 29 Mar 2026");
    expect(formatTime(new Date("2026-03-29T01:00:00Z"), "Europe/London")).toBe("02:00 BST on 29 Mar 2026");
    expect(formatTime(new Date("2026-11-28T14:05:00Z"), "America/Los_Angeles")).toBe("06:05 PST on 28 Nov 2026");
  });
});
