import { describe, expect, it } from "vitest";
import { challengeCookieFor, sessionCookieFor } from "./cookies";

describe("cookie names", () => {
  it("over HTTPS: __Host- prefixed, Secure, Path=/ (what the prefix demands)", () => {
    expect(challengeCookieFor("https://portal.example")).toMatchObject({ name: "__Host-sp_challenge", options: { secure: true, path: "/", httpOnly: true } });
    expect(sessionCookieFor("https://portal.example")).toEqual({
      sessionToken: { name: "__Host-authjs.session-token", options: { httpOnly: true, sameSite: "lax", path: "/", secure: true } },
    });
  });

  it("over plain HTTP (the local demo and tests): no prefix, the challenge stays on /login", () => {
    expect(challengeCookieFor("http://localhost:3000")).toMatchObject({ name: "sp_challenge", options: { path: "/login", httpOnly: true } });
    expect(sessionCookieFor("http://localhost:3000")).toBeUndefined();
    expect(sessionCookieFor(undefined)).toBeUndefined();
  });
});
