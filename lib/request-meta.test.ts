import { describe, expect, it } from "vitest";
import { requestMeta } from "./request-meta";

describe("requestMeta", () => {
  it("takes the right-most X-Forwarded-For hop, not the client-supplied ones", () => {
    expect(requestMeta(new Headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.9" })).ip).toBe("203.0.113.9");
    expect(requestMeta(new Headers({ "x-forwarded-for": "::1" })).ip).toBe("::1");
  });
  it("is null without headers and truncates long values", () => {
    expect(requestMeta(new Headers())).toEqual({ ip: null, userAgent: null });
    expect(requestMeta(new Headers({ "user-agent": "x".repeat(2000) })).userAgent).toHaveLength(512);
  });
});
