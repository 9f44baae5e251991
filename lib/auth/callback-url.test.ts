import { describe, expect, it } from "vitest";
import { sameOriginRedirect, sanitizeCallbackUrl } from "./callback-url";

const PORTAL = "https://portal.example";

/** Where a browser on the portal would really go for a Location of `path`. */
const landsOn = (path: string) => new URL(path, `${PORTAL}/login`);

describe("sanitizeCallbackUrl", () => {
  it.each([
    ["/settings/account", "/settings/account"],
    ["/settings?tab=1#mfa", "/settings?tab=1#mfa"],
    ["/", "/"],
    ["/settings/details?next=%2F%2Fevil.example", "/settings/details?next=%2F%2Fevil.example"],
    ["/@evil.example", "/@evil.example"],
    ["/loginx", "/loginx"],
  ])("keeps the same-origin path %s", (input, expected) => {
    expect(sanitizeCallbackUrl(input)).toBe(expected);
    expect(landsOn(expected).origin).toBe(PORTAL);
  });

  // Each of these was, or could be, turned into another site by normalising.
  const hostile = [
    "/.//evil.example", // the three shapes the attack used
    "/%2e//evil.example",
    "/login/../..//evil.example/phish",
    "/%2E//evil.example",
    "/%2e%2e//evil.example",
    "/./evil",
    "/a/../settings",
    "/a/%2e%2e/settings",
    "//evil.example",
    "///evil.example",
    "/%2f/evil.example",
    "/%2F%2Fevil.example",
    "/%5c/evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n//evil.example",
    "/ /evil.example",
    "https://evil.example",
    "http://user:pass@evil.example/",
    "https:evil.example",
    "//user@evil.example",
    "//[::1]/settings",
    "/\u2215\u2215evil.example", // division slashes
    "/\uff0f\uff0fevil.example", // fullwidth solidus
    "/ｅvil",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "",
    "settings",
    "?x=1",
    "#frag",
    "/" + "a".repeat(2048),
    "/login",
    "/login/verify",
    "/login?callbackUrl=/settings",
    "/api/auth/signout",
  ];
  it.each(hostile)("falls back to / for %j", (input) => {
    expect(sanitizeCallbackUrl(input)).toBe("/");
  });

  it("never yields a path that leaves the portal, whatever the input", () => {
    for (const input of hostile) expect(landsOn(sanitizeCallbackUrl(input)).origin).toBe(PORTAL);
  });

  it("falls back for non-strings", () => {
    expect(sanitizeCallbackUrl(undefined)).toBe("/");
    expect(sanitizeCallbackUrl(["/a"])).toBe("/");
    expect(sanitizeCallbackUrl({ toString: () => "/a" })).toBe("/");
  });
});

describe("sameOriginRedirect (NextAuth's redirect callback)", () => {
  it.each([
    ["/settings/account", `${PORTAL}/settings/account`],
    [`${PORTAL}/settings/account?x=1`, `${PORTAL}/settings/account?x=1`],
    ["/login?error=AccessDenied", `${PORTAL}/login?error=AccessDenied`],
    ["https://evil.example/settings", `${PORTAL}/`],
    ["/.//evil.example", `${PORTAL}/`],
    ["//evil.example", `${PORTAL}/`],
    [`${PORTAL}/%2e//evil.example`, `${PORTAL}/`],
    ["http://[::1", `${PORTAL}/`],
  ])("%s -> %s", (url, expected) => {
    expect(sameOriginRedirect(url, PORTAL)).toBe(expected);
  });
});
