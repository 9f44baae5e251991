import { randomBytes, timingSafeEqual } from "node:crypto";
import speakeasy from "speakeasy";
import { base32Encode } from "./base32";

// The only module that touches speakeasy (unmaintained since 2017), so it can
// be replaced without touching callers.

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps accepted either side of the current one (RFC 6238 section 5.2 allows for clock drift). */
export const TOTP_WINDOW = 1;

/** A new random 160-bit secret (RFC 4226 recommends 160 bits), base32 for the app. */
export function generateTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

/** The RFC 6238 time step that contains `now`. */
export function timeStep(now: Date): number {
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

/** The code for a given step (always base32: speakeasy's default encoding is ASCII). */
export function totpCodeAtStep(secretBase32: string, step: number, digits = TOTP_DIGITS): string {
  return speakeasy.hotp({ secret: secretBase32, encoding: "base32", counter: step, digits });
}

/** The code an authenticator app shows at `now`. */
export function totpCode(secretBase32: string, now: Date, digits = TOTP_DIGITS): string {
  return totpCodeAtStep(secretBase32, timeStep(now), digits);
}

export type TotpVerification = { ok: true; step: number } | { ok: false; replayed?: true };

/**
 * Checks a 6-digit code against the current step ±1 in constant time. A step
 * at or before `lastUsedStep` is refused (`replayed`), so each code works once.
 */
export function verifyTotp(input: {
  secretBase32: string;
  code: string;
  now: Date;
  lastUsedStep?: number | null;
}): TotpVerification {
  if (!/^[0-9]{6}$/.test(input.code)) return { ok: false };
  const submitted = Buffer.from(input.code);
  const current = timeStep(input.now);
  let matched: number | null = null;
  // Check every candidate step so the time taken does not depend on which matched.
  for (let step = current - TOTP_WINDOW; step <= current + TOTP_WINDOW; step++) {
    const expected = Buffer.from(totpCodeAtStep(input.secretBase32, step));
    if (timingSafeEqual(expected, submitted) && matched === null) matched = step;
  }
  if (matched === null) return { ok: false };
  // The right code for a step already used: a replay, which the caller records.
  if (input.lastUsedStep != null && matched <= input.lastUsedStep) return { ok: false, replayed: true };
  return { ok: true, step: matched };
}

/** The otpauth:// URI an authenticator app reads from the QR code, with every part URI-encoded. */
export function otpauthUri(input: { issuer: string; account: string; secretBase32: string }): string {
  const issuer = encodeURIComponent(input.issuer);
  const label = `${issuer}:${encodeURIComponent(input.account)}`;
  const query = `secret=${input.secretBase32}&issuer=${issuer}&algorithm=SHA1&digits=${TOTP_DIGITS}&period=${TOTP_PERIOD_SECONDS}`;
  return `otpauth://totp/${label}?${query}`;
}
