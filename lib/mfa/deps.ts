import type { Db } from "@/lib/db";
import type { EmailMessage } from "@/lib/email/types";
import type { RequestMeta } from "@/lib/security/events";
import type { KeyRing } from "./secret-box";

/** What the MFA domain functions need, passed in so that they stay testable. */
export type MfaDeps = {
  db: Db;
  ring: KeyRing;
  /** HMAC key for email codes. */
  emailKey: Buffer;
  /** Sends an email that the operation depends on; throws EmailDeliveryError on failure. */
  send: (message: EmailMessage) => Promise<void>;
  /** Sends a security notice; must not throw. */
  notify: (message: EmailMessage) => Promise<void>;
  appName: string;
  now: Date;
  /** Who is asking, for the security activity log. */
  meta?: RequestMeta;
};

/** "alex@acme.test" -> "a•••@acme.test" */
export function maskEmail(email: string): string {
  const [local = "", domain = ""] = email.split("@");
  return `${local.slice(0, 1)}•••@${domain}`;
}
