import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SecretBoxError, keyRingFrom, openSecret, sealSecret } from "./secret-box";

const keyA = randomBytes(32).toString("base64");
const keyB = randomBytes(32).toString("base64");
const ring = keyRingFrom({ key: keyA, keyId: "a" });

describe("secret box (AES-256-GCM)", () => {
  it("round-trips and never stores the plaintext", () => {
    const sealed = sealSecret("JBSWY3DPEHPK3PXP", ring);
    expect(sealed).toMatch(/^v1:a:/);
    expect(sealed).not.toContain("JBSWY3DPEHPK3PXP");
    expect(openSecret(sealed, ring)).toBe("JBSWY3DPEHPK3PXP");
    expect(sealSecret("JBSWY3DPEHPK3PXP", ring)).not.toBe(sealed);
  });

  it("fails loudly on any tampering", () => {
    const sealed = sealSecret("JBSWY3DPEHPK3PXP", ring);
    const parts = sealed.split(":");
    const flip = (s: string) => (s[0] === "A" ? "B" : "A") + s.slice(1);
    for (const index of [2, 3, 4]) {
      const tampered = parts.map((p, i) => (i === index ? flip(p) : p)).join(":");
      expect(() => openSecret(tampered, ring)).toThrow(SecretBoxError);
    }
    expect(() => openSecret("garbage", ring)).toThrow(SecretBoxError);
    expect(() => openSecret(sealed, ring, "other-purpose")).toThrow(SecretBoxError);
  });

  it("refuses a wrong key", () => {
    const sealed = sealSecret("secret", ring);
    const impostor = keyRingFrom({ key: keyB, keyId: "a" });
    expect(() => openSecret(sealed, impostor)).toThrow(/failed authentication/);
  });

  it("rotates: old ciphertexts open with the previous key, new ones use the new id", () => {
    const old = sealSecret("secret", ring);
    const rotated = keyRingFrom({ key: keyB, keyId: "b", previous: `a:${keyA}` });
    expect(openSecret(old, rotated)).toBe("secret");
    expect(sealSecret("secret", rotated)).toMatch(/^v1:b:/);
    expect(() => openSecret(sealSecret("secret", rotated), ring)).toThrow(/No decryption key with id "b"/);
  });

  it("rejects missing or malformed keys", () => {
    expect(() => keyRingFrom({ keyId: "a" })).toThrow(/MFA_ENCRYPTION_KEY is not set/);
    expect(() => keyRingFrom({ key: "c2hvcnQ=", keyId: "a" })).toThrow(/32 bytes/);
  });
});
