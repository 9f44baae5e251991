import { createHash, randomBytes } from "node:crypto";

/** A random 256-bit token for a cookie, and the SHA-256 that the database keeps. */
export function newToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A valid cookie token is 43 base64url characters; anything else is not looked up. */
export function isWellFormedToken(value: unknown): value is string {
  return typeof value === "string" && /^[A-Za-z0-9_-]{43}$/.test(value);
}
