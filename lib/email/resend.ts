import { Resend } from "resend";
import { EmailDeliveryError, type EmailMessage, type EmailTransport, type SendOptions } from "./types";

/** Sends through Resend. The client is built lazily: `new Resend()` throws without a key. */
export function resendTransport(config: { apiKey: string; from: string; baseUrl?: string }): EmailTransport {
  let client: Resend | undefined;
  return {
    name: "resend",
    async send(message: EmailMessage, options: SendOptions = {}) {
      client ??= new Resend(config.apiKey, config.baseUrl ? { baseUrl: config.baseUrl } : undefined);
      let result;
      try {
        // Resend answers a repeated Idempotency-Key (within 24 hours) without sending again.
        result = await client.emails.send({ from: config.from, ...message }, options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : undefined);
      } catch (error) {
        throw new EmailDeliveryError(`Resend request failed: ${(error as Error).name}`);
      }
      if (result.error) throw new EmailDeliveryError(`Resend refused the message: ${result.error.name}`);
    },
  };
}
