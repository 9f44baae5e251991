import { describe, expect, it } from "vitest";
import { CLIENT_IP_HEADER } from "./client-ip";
import { requestMeta } from "./request-meta";

describe("requestMeta", () => {
  it("reads the address the portal stamped, never X-Forwarded-For", () => {
    expect(requestMeta(new Headers({ [CLIENT_IP_HEADER]: "203.0.113.9", "x-forwarded-for": "6.6.6.6" })).ip).toBe("203.0.113.9");
    expect(requestMeta(new Headers({ "x-forwarded-for": "6.6.6.6" })).ip).toBeNull();
    expect(requestMeta(new Headers({ [CLIENT_IP_HEADER]: "unknown" })).ip).toBeNull();
  });
  it("is null without headers and truncates long values", () => {
    expect(requestMeta(new Headers())).toEqual({ ip: null, userAgent: null });
    expect(requestMeta(new Headers({ "user-agent": "x".repeat(2000) })).userAgent).toHaveLength(512);
  });
});
