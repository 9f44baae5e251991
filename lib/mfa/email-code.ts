import { createHmac, randomInt, timingSafeEqual } from "node:crypto";


/** A uniformly random 6-digit code (crypto.randomInt, no modulo bias). */
export function generateEmailCode(): string {
  return randomInt(0, 1_000_000).toString().padStart(6, "0");
}

/** HMAC-SHA256 of the code, bound to the user and purpose; the only form stored. */
export function hashEmailCode(key: Buffer, input: { userId: string; purpose: string; code: string }): string {
  return createHmac("sha256", key).update(`${input.userId}\n${input.purpose}\n${input.code}`).digest("hex");
}

export function emailCodeMatches(key: Buffer, storedHash: string, input: { userId: string; purpose: string; code: string }): boolean {
  if (!/^[0-9]{6}$/.test(input.code)) return false;
  const expected = Buffer.from(storedHash, "hex");
  const actual = Buffer.from(hashEmailCode(key, input), "hex");
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
