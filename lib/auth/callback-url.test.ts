import { describe, expect, it } from "vitest";
import { sanitizeCallbackUrl } from "./callback-url";

describe("sanitizeCallbackUrl", () => {
  it.each([
    ["/settings/account", "/settings/account"],
    ["/settings?tab=1#mfa", "/settings?tab=1#mfa"],
    ["/", "/"],
  ])("keeps the same-origin path %s", (input, expected) => {
    expect(sanitizeCallbackUrl(input)).toBe(expected);
  });

  it.each([
    "//evil.example",
    "https://evil.example",
    "http://localhost:3000/settings",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "/\t/evil.example",
    "",
    "settings",
    "/login",
    "/login/verify",
    "/api/auth/signout",
  ])("falls back to / for %j", (input) => {
    expect(sanitizeCallbackUrl(input)).toBe("/");
  });

  it("falls back for non-strings and very long values", () => {
    expect(sanitizeCallbackUrl(undefined)).toBe("/");
    expect(sanitizeCallbackUrl(["/a"])).toBe("/");
    expect(sanitizeCallbackUrl("/" + "a".repeat(5000))).toBe("/");
  });
});
