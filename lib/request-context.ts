import "server-only";
import { hkdfSync } from "node:crypto";
import { headers } from "next/headers";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { queueNotice } from "@/lib/email/queue";
import { sendEmail } from "@/lib/email/send";
import type { MfaDeps } from "@/lib/mfa/deps";
import { keyRingFrom, type KeyRing } from "@/lib/mfa/secret-box";
import { requestMeta } from "@/lib/request-meta";
import type { RequestMeta } from "@/lib/security/events";

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

/** The MFA key ring of this process (also seals SSO connections' client secrets). */
export const mfaKeyRing = (): KeyRing => mfaKeys().ring;

export type RequestContext = MfaDeps & { meta: RequestMeta };

/**
 * Everything a domain entry point needs from this request, read once: the
 * clock, who is asking (IP and browser), the database, the MFA keys and the
 * mailer. Domain code takes it as an argument, so tests pass their own.
 */
export async function requestContext(): Promise<RequestContext> {
  return {
    db,
    ...mfaKeys(),
    send: sendEmail,
    // Notices go through the email queue; sign-in codes (send) stay synchronous: the user waits for them.
    notify: queueNotice,
    appName: env().APP_NAME,
    now: new Date(),
    meta: requestMeta(await headers()),
  };
}
