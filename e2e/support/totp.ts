import { createHmac } from "node:crypto";

// An RFC 6238 implementation of the test's own, independent of the app's
// speakeasy wrapper: the tests play the authenticator app.

function base32Decode(input: string): Buffer {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of input.replace(/=+$/, "").toUpperCase()) {
    const index = alphabet.indexOf(char);
    if (index < 0) throw new Error(`Not base32: ${char}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** The 6-digit code at `offset` steps from the current 30-second step. */
export function authenticatorCode(secret: string, offset = 0, now = Date.now()): string {
  const counter = Math.floor(now / 1000 / 30) + offset;
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const digest = createHmac("sha1", base32Decode(secret)).update(message).digest();
  const start = digest[digest.length - 1]! & 0xf;
  const binary = digest.readUInt32BE(start) & 0x7fffffff;
  return (binary % 1_000_000).toString().padStart(6, "0");
}

/** The current 30-second step. */
export const currentStep = (now = Date.now()) => Math.floor(now / 1000 / 30);

/**
 * A code for a step after `usedStep` that the portal accepts now (it takes
 * the current step ±1 and each step once): waits, at most one step, until
 * the clock allows it. The app a user holds behaves the same way.
 */
export async function codeAfter(secret: string, usedStep: number): Promise<string> {
  while (currentStep() + 1 <= usedStep) await new Promise((resolve) => setTimeout(resolve, 500));
  const offset = Math.max(usedStep + 1 - currentStep(), -1);
  return authenticatorCode(secret, offset);
}
