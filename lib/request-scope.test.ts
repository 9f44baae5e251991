import { describe, expect, it } from "vitest";
import { currentRequestId, inRequestScope, requestIdFrom } from "./request-scope";

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("request scope", () => {
  it("keeps each of two concurrent requests' ids through their awaits", async () => {
    const seen: Record<string, (string | undefined)[]> = { a: [], b: [] };
    const work = (name: "a" | "b", delays: number[]) =>
      inRequestScope(`req-${name}`, async () => {
        for (const ms of delays) {
          await tick(ms);
          seen[name]!.push(currentRequestId());
        }
      });
    // Interleaved: a wakes at 1, 6, 11 ms; b at 3, 5, 9 ms.
    await Promise.all([work("a", [1, 5, 5]), work("b", [3, 2, 4])]);
    expect(seen.a).toEqual(["req-a", "req-a", "req-a"]);
    expect(seen.b).toEqual(["req-b", "req-b", "req-b"]);
  });

  it("has no id outside a scope, also after one has ended", async () => {
    expect(currentRequestId()).toBeUndefined();
    await inRequestScope("req-1", async () => {
      await tick(1);
      expect(currentRequestId()).toBe("req-1");
    });
    expect(currentRequestId()).toBeUndefined();
  });

  it("a nested scope names its own request, and the outer one resumes after it", () => {
    inRequestScope("outer", () => {
      inRequestScope("inner", () => expect(currentRequestId()).toBe("inner"));
      expect(currentRequestId()).toBe("outer");
    });
  });

  it("accepts a well-formed incoming id and replaces anything else with a UUID", () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(requestIdFrom("lb-7f3a.9_X")).toBe("lb-7f3a.9_X");
    expect(requestIdFrom("a".repeat(64))).toBe("a".repeat(64));
    for (const bad of [null, undefined, "", "a".repeat(65), "has space", 'quote"', "new\nline", "ünïcode", "{}"]) {
      expect(requestIdFrom(bad)).toMatch(uuid);
    }
    expect(requestIdFrom(null)).not.toBe(requestIdFrom(null));
  });
});
