import { createCipheriv, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SecretBoxError, isCurrent, keyRingFrom, openSecret, sealSecret, type SecretOwner } from "./secret-box";

const keyA = randomBytes(32).toString("base64");
const keyB = randomBytes(32).toString("base64");
const ring = keyRingFrom({ key: keyA, keyId: "a" });
const alice: SecretOwner = { userId: "user-a", field: "totpSecret" };
const bob: SecretOwner = { userId: "user-b", field: "totpSecret" };

/** The form sealed before secrets were bound to their owner (v1: key id and purpose only). */
function legacySeal(plaintext: string, key: string, keyId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", Buffer.from(key, "base64"), iv);
  cipher.setAAD(Buffer.from(`v1:${keyId}:totp`));
  const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", keyId, iv.toString("base64url"), ct.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(":");
}

describe("secret box (AES-256-GCM, bound to its owner)", () => {
  it("round-trips and never stores the plaintext", () => {
    const sealed = sealSecret("JBSWY3DPEHPK3PXP", ring, alice);
    expect(sealed).toMatch(/^v2:a:/);
    expect(sealed).not.toContain("JBSWY3DPEHPK3PXP");
    expect(openSecret(sealed, ring, alice)).toBe("JBSWY3DPEHPK3PXP");
    expect(sealSecret("JBSWY3DPEHPK3PXP", ring, alice)).not.toBe(sealed);
  });

  it("a ciphertext copied to another user's row, or to another column, fails to open", () => {
    const sealed = sealSecret("JBSWY3DPEHPK3PXP", ring, alice);
    expect(() => openSecret(sealed, ring, bob)).toThrow(/another owner's/);
    expect(() => openSecret(sealed, ring, { userId: "user-a", field: "pendingTotpSecret" })).toThrow(SecretBoxError);
  });

  it("fails loudly on any tampering", () => {
    const sealed = sealSecret("JBSWY3DPEHPK3PXP", ring, alice);
    const parts = sealed.split(":");
    const flip = (s: string) => (s[0] === "A" ? "B" : "A") + s.slice(1);
    for (const index of [2, 3, 4]) {
      const tampered = parts.map((p, i) => (i === index ? flip(p) : p)).join(":");
      expect(() => openSecret(tampered, ring, alice)).toThrow(SecretBoxError);
    }
    expect(() => openSecret("garbage", ring, alice)).toThrow(SecretBoxError);
    expect(() => openSecret(sealed.replace(/^v2/, "v1"), ring, alice)).toThrow(SecretBoxError);
  });

  it("refuses a wrong key", () => {
    const sealed = sealSecret("secret", ring, alice);
    const impostor = keyRingFrom({ key: keyB, keyId: "a" });
    expect(() => openSecret(sealed, impostor, alice)).toThrow(/failed authentication/);
  });

  it("rotates: old ciphertexts open with the previous key, new ones use the new id", () => {
    const old = sealSecret("secret", ring, alice);
    const rotated = keyRingFrom({ key: keyB, keyId: "b", previous: `a:${keyA}` });
    expect(openSecret(old, rotated, alice)).toBe("secret");
    expect(isCurrent(old, rotated)).toBe(false);
    expect(sealSecret("secret", rotated, alice)).toMatch(/^v2:b:/);
    expect(isCurrent(sealSecret("secret", rotated, alice), rotated)).toBe(true);
    expect(() => openSecret(sealSecret("secret", rotated, alice), ring, alice)).toThrow(/No decryption key with id "b"/);
  });

  it("opens the older unbound form only when asked to (keys:rotate re-seals it)", () => {
    const legacy = legacySeal("secret", keyA, "a");
    expect(() => openSecret(legacy, ring, alice)).toThrow(/Unrecognised/);
    expect(openSecret(legacy, ring, alice, { legacy: true })).toBe("secret");
    expect(isCurrent(legacy, ring)).toBe(false);
  });

  it("rejects missing or malformed keys", () => {
    expect(() => keyRingFrom({ keyId: "a" })).toThrow(/MFA_ENCRYPTION_KEY is not set/);
    expect(() => keyRingFrom({ key: "c2hvcnQ=", keyId: "a" })).toThrow(/32 bytes/);
  });
});
