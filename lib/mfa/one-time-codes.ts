import { createHmac, hkdfSync, randomInt } from "node:crypto";
import type { KeyRing } from "./secret-box";

/**
 * Characters of recovery and access codes: no look-alikes (no 0/O, 1/I/L, U),
 * 30 symbols, so a 10-character code carries 10 x log2(30) = 49.1 bits.
 */
export const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789";

/** A uniformly random code of `length` characters of the alphabet (crypto.randomInt, no modulo bias). */
export function randomCode(length: number): string {
  let code = "";
  for (let i = 0; i < length; i++) code += CODE_ALPHABET[randomInt(0, CODE_ALPHABET.length)];
  return code;
}

/** Entropy in bits of a code of `length` characters. */
export const codeEntropyBits = (length: number) => length * Math.log2(CODE_ALPHABET.length);

/**
 * What a person typed, as compared: case, spaces and hyphens ignored. Returns
 * null when what is left cannot be a code of that length (nothing is looked up).
 */
export function normaliseCode(input: unknown, length: number): string | null {
  if (typeof input !== "string" || input.length > 64) return null;
  const code = input.replace(/[\s-]+/g, "").toUpperCase();
  if (code.length !== length) return null;
  for (const char of code) if (!CODE_ALPHABET.includes(char)) return null;
  return code;
}

/** "ABCDEFGHJK" -> "ABCDE-FGHJK": how codes are shown. */
export const formatCode = (code: string) => `${code.slice(0, Math.ceil(code.length / 2))}-${code.slice(Math.ceil(code.length / 2))}`;

export type CodePurpose = "recovery" | "access";

const hmacKeys = new WeakMap<Buffer, Buffer>();

/** A separate HMAC key per encryption key (HKDF), so a code hash never reuses the key that seals secrets. */
function hmacKeyFor(key: Buffer): Buffer {
  let derived = hmacKeys.get(key);
  if (!derived) {
    derived = Buffer.from(hkdfSync("sha256", key, Buffer.alloc(0), "staff-portal/one-time-code-hmac", 32));
    hmacKeys.set(key, derived);
  }
  return derived;
}

function hashWith(keyId: string, key: Buffer, purpose: CodePurpose, userId: string, code: string): string {
  return `${keyId}:${createHmac("sha256", hmacKeyFor(key)).update(`${purpose}\n${userId}\n${code}`).digest("hex")}`;
}

/**
 * The stored form of a normalised code: HMAC-SHA-256 under the ring's current
 * key, bound to its purpose and owner, prefixed with the key id. Only this is
 * kept; the code itself is shown once.
 */
export function hashCode(ring: KeyRing, purpose: CodePurpose, userId: string, code: string): string {
  return hashWith(ring.currentId, ring.keys[ring.currentId]!, purpose, userId, code);
}

/**
 * Every stored form a normalised code may have: one per key of the ring, so
 * codes issued before `npm run keys:rotate` keep working while the previous
 * key stays listed. The database looks for any of them in one conditional update.
 */
export function candidateHashes(ring: KeyRing, purpose: CodePurpose, userId: string, code: string): string[] {
  return Object.entries(ring.keys).map(([keyId, key]) => hashWith(keyId, key, purpose, userId, code));
}
