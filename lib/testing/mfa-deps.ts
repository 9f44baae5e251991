import { randomBytes } from "node:crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { EmailDeliveryError, type EmailMessage } from "@/lib/email/types";
import type { MfaDeps } from "@/lib/mfa/deps";
import { keyRingFrom } from "@/lib/mfa/secret-box";

/** MFA dependencies for tests: a real database, a recording mailer, a settable clock. */
export function testMfaDeps(db: PrismaClient, start = new Date("2026-11-27T12:00:00Z")) {
  const sent: EmailMessage[] = [];
  const notices: EmailMessage[] = [];
  const state = { now: start, emailDown: false };
  const ring = keyRingFrom({ key: randomBytes(32).toString("base64"), keyId: "t" });
  const emailKey = randomBytes(32);
  const deps = (): MfaDeps => ({
    db,
    ring,
    emailKey,
    appName: "Staff Portal",
    now: state.now,
    send: async (message) => {
      if (state.emailDown) throw new EmailDeliveryError("provider down");
      sent.push(message);
    },
    notify: async (message) => {
      notices.push(message);
    },
  });
  return {
    deps,
    sent,
    notices,
    /** The 6-digit code in the newest email. */
    lastCode: () => /\b(\d{6})\b/.exec(sent.at(-1)?.text ?? "")?.[1] ?? "",
    advance: (ms: number) => {
      state.now = new Date(state.now.getTime() + ms);
    },
    setEmailDown: (down: boolean) => {
      state.emailDown = down;
    },
  };
}
