import { describe, expect, it } from "vitest";
import { base32Encode } from "./base32";
import { generateTotpSecret, otpauthUri, timeStep, totpCode, totpCodeAtStep, verifyTotp } from "./totp";

const RFC_SECRET = base32Encode(Buffer.from("12345678901234567890", "ascii"));
const at = (seconds: number) => new Date(seconds * 1000);

describe("TOTP (RFC 6238 Appendix B, SHA1, 8 digits)", () => {
  it.each([
    [59, "94287082"],
    [1111111109, "07081804"],
    [1111111111, "14050471"],
    [1234567890, "89005924"],
    [2000000000, "69279037"],
    [20000000000, "65353130"],
  ])("T=%i gives %s", (seconds, expected) => {
    expect(RFC_SECRET).toBe("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    expect(totpCode(RFC_SECRET, at(seconds), 8)).toBe(expected);
  });
});

describe("verifyTotp", () => {
  const secret = generateTotpSecret();
  const now = at(1_800_000_015);
  const step = timeStep(now);
  const codeAt = (offset: number) => totpCodeAtStep(secret, step + offset);

  it("makes 20-byte base32 secrets, different every time", () => {
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(generateTotpSecret()).not.toBe(secret);
  });

  it("accepts the current step and one step either side", () => {
    for (const offset of [-1, 0, 1]) {
      expect(verifyTotp({ secretBase32: secret, code: codeAt(offset), now })).toEqual({ ok: true, step: step + offset });
    }
  });

  it("refuses two steps away", () => {
    for (const offset of [-2, 2]) {
      const code = codeAt(offset);
      // Skip the rare collision where a neighbouring step has the same code.
      if ([-1, 0, 1].some((o) => codeAt(o) === code)) continue;
      expect(verifyTotp({ secretBase32: secret, code, now })).toEqual({ ok: false });
    }
  });

  it("refuses a replay: a step at or before the last one accepted", () => {
    expect(verifyTotp({ secretBase32: secret, code: codeAt(0), now, lastUsedStep: step })).toEqual({ ok: false, replayed: true });
    expect(verifyTotp({ secretBase32: secret, code: codeAt(-1), now, lastUsedStep: step })).toEqual({ ok: false, replayed: true });
    expect(verifyTotp({ secretBase32: secret, code: codeAt(-1) === "000000" ? "111111" : "000000", now, lastUsedStep: step })).toEqual({ ok: false });
    expect(verifyTotp({ secretBase32: secret, code: codeAt(1), now, lastUsedStep: step })).toEqual({ ok: true, step: step + 1 });
  });

  it("refuses malformed codes that speakeasy's parseInt comparison would accept", () => {
    const code = codeAt(0);
    for (const bad of [`${code}x`, `${Number(code)}`, ` ${code}`, "", "12345", "1234567", "١٢٣٤٥٦", "12 345"]) {
      if (bad === code) continue;
      expect(verifyTotp({ secretBase32: secret, code: bad, now })).toEqual({ ok: false });
    }
  });

  it("refuses a code of another secret", () => {
    const other = generateTotpSecret();
    const code = totpCode(other, now);
    if ([-1, 0, 1].some((o) => codeAt(o) === code)) return;
    expect(verifyTotp({ secretBase32: secret, code, now })).toEqual({ ok: false });
  });
});

describe("otpauthUri", () => {
  it("URI-encodes the issuer and the account", () => {
    expect(otpauthUri({ issuer: "Staff Portal", account: "a+b@acme.test", secretBase32: "ABC" })).toBe(
      "otpauth://totp/Staff%20Portal:a%2Bb%40acme.test?secret=ABC&issuer=Staff%20Portal&algorithm=SHA1&digits=6&period=30",
    );
  });
});
