import { describe, expect, it } from "vitest";
import { bearerMatches, metricsResponse } from "./endpoint";
import { createMetrics } from "./registry";

const TOKEN = "metrics-token-0123456789";
const registry = createMetrics().registry;
const scrape = (authorization: string | null, options: { token?: string } = { token: TOKEN }) => metricsResponse({ authorization, token: options.token, registry });

describe("GET /api/metrics", () => {
  it("does not exist (404) while METRICS_TOKEN is unset, whatever is sent", async () => {
    for (const authorization of [null, `Bearer ${TOKEN}`, "Bearer "]) {
      const response = await scrape(authorization, {});
      expect(response.status).toBe(404);
      expect(await response.text()).toBe("");
    }
  });

  it("refuses (401) a missing, wrong, longer, shorter or non-bearer credential, and says nothing", async () => {
    for (const authorization of [null, "", "Bearer", "Bearer ", "Bearer wrong-token-0123456789", `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, `Basic ${TOKEN}`, TOKEN]) {
      const response = await scrape(authorization);
      expect(response.status, String(authorization)).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe('Bearer realm="metrics"');
      expect(await response.text()).toBe("");
    }
  });

  it("answers the token's holder in Prometheus's text format, never cached", async () => {
    const response = await scrape(`Bearer ${TOKEN}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.text()).toContain("# TYPE staff_portal_password_steps_total counter");
  });

  it("compares the scheme without regard to case, the token exactly", () => {
    expect(bearerMatches(`bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(bearerMatches(`Bearer ${TOKEN.toUpperCase()}`, TOKEN)).toBe(false);
    expect(bearerMatches("Bearer ", "")).toBe(false);
  });
});
