import { type Algorithm, hash, verify } from "@node-rs/argon2";
import { MAX_PASSWORD_LENGTH } from "./password-policy";

/** OWASP Password Storage Cheat Sheet: argon2id, 19 MiB, 2 iterations, parallelism 1. */
export const ARGON2_OPTIONS = {
  algorithm: 2 satisfies Algorithm.Argon2id, // Algorithm.Argon2id (an ambient const enum)
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const;


/** Hashes a new password with argon2id. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

// A hash of a random string, computed once, so that an unknown email costs one
// argon2id verification just like a wrong password.
let dummyHash: Promise<string> | undefined;
function getDummyHash(): Promise<string> {
  dummyHash ??= hash(crypto.randomUUID(), ARGON2_OPTIONS);
  return dummyHash;
}

/**
 * Verifies a password against a stored hash. With no hash (unknown user, SSO
 * user) it still runs one verification and returns false.
 */
export async function verifyPassword(storedHash: string | null | undefined, password: string): Promise<boolean> {
  if (password.length > MAX_PASSWORD_LENGTH) return false;
  if (!storedHash) {
    await verify(await getDummyHash(), password).catch(() => false);
    return false;
  }
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}
