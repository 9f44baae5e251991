import "server-only";
import { hkdfSync } from "node:crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { sendEmail, sendEmailBestEffort } from "@/lib/email/send";
import type { MfaDeps } from "./deps";
import { keyRingFrom, type KeyRing } from "./secret-box";

let keys: { ring: KeyRing; emailKey: Buffer } | undefined;

function mfaKeys() {
  if (keys) return keys;
  const config = env();
  const ring = keyRingFrom({ key: config.MFA_ENCRYPTION_KEY, keyId: config.MFA_ENCRYPTION_KEY_ID, previous: config.MFA_PREVIOUS_KEYS });
  const current = ring.keys[ring.currentId]!;
  const emailKey = Buffer.from(hkdfSync("sha256", current, Buffer.alloc(0), "staff-portal/email-code-hmac", 32));
  keys = { ring, emailKey };
  return keys;
}

/** The MFA dependencies of this server process, with the clock read now. */
export function mfaDeps(): MfaDeps {
  return {
    db,
    ...mfaKeys(),
    send: sendEmail,
    notify: (message) => sendEmailBestEffort(message, message.subject),
    appName: env().APP_NAME,
    now: new Date(),
  };
}
