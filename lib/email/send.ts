import "server-only";
import { db } from "@/lib/db";
import { log } from "@/lib/log";
import { env } from "@/lib/env";
import { metrics } from "@/lib/metrics/registry";
import { currentRequestId } from "@/lib/request-scope";
import { outboxTransport } from "./outbox";
import { resendTransport } from "./resend";
import { chooseTransport } from "./transport";
import { EmailDeliveryError, type EmailMessage, type EmailTransport, type SendOptions } from "./types";

let transport: EmailTransport | undefined;

/** The configured transport of this process. */
function emailTransport(): EmailTransport {
  if (transport) return transport;
  const config = env();
  const name = chooseTransport(config);
  if (name === "outbox") transport = outboxTransport(db);
  else if (name === "resend" && config.RESEND_API_KEY)
    transport = resendTransport({ apiKey: config.RESEND_API_KEY, from: config.EMAIL_FROM, baseUrl: config.RESEND_BASE_URL });
  else throw new EmailDeliveryError("No email transport configured: set RESEND_API_KEY or EMAIL_TRANSPORT=outbox.");
  return transport;
}

/** Sends one email; failures surface as EmailDeliveryError (never with the message body). */
export async function sendEmail(message: EmailMessage, options?: SendOptions): Promise<void> {
  let transportName = "none";
  // Sent while a request waits (a sign-in code), or by a job worker, which runs in no request's scope.
  const via = currentRequestId() ? "request" : "queue";
  try {
    const chosen = emailTransport();
    transportName = chosen.name;
    await chosen.send(message, options);
    metrics().emails.inc({ transport: transportName, result: "sent", via });
  } catch (error) {
    metrics().emails.inc({ transport: transportName, result: "failed", via });
    if (error instanceof EmailDeliveryError) throw error;
    throw new EmailDeliveryError(`Email transport failed: ${(error as Error).name}`);
  }
}

/** For notices that must not block the change they report: failures are logged, not thrown. */
export async function sendEmailBestEffort(message: EmailMessage, what: string): Promise<void> {
  try {
    await sendEmail(message);
  } catch (error) {
    log.error("email not sent", { what, reason: (error as Error).message });
  }
}
