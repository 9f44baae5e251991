import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "./password";

describe("password hashing", () => {
  it("stores argon2id with the OWASP parameters and verifies the right password only", async () => {
    const stored = await hashPassword("correct-horse-battery");
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(stored, "correct-horse-battery")).toBe(true);
    expect(await verifyPassword(stored, "correct-horse-batterz")).toBe(false);
  });

  it("salts every hash", async () => {
    expect(await hashPassword("same-password-1")).not.toBe(await hashPassword("same-password-1"));
  });

  it("returns false without a hash, after doing the same work", async () => {
    expect(await verifyPassword(null, "anything-at-all")).toBe(false);
    expect(await verifyPassword(undefined, "anything-at-all")).toBe(false);
  });

  it("refuses an oversized password without hashing it", async () => {
    const stored = await hashPassword("correct-horse-battery");
    expect(await verifyPassword(stored, "x".repeat(1024 * 1024))).toBe(false);
  });

  it("returns false for a corrupt stored hash instead of throwing", async () => {
    expect(await verifyPassword("not-a-hash", "correct-horse-battery")).toBe(false);
  });
});
