export type EmailMessage = { to: string; subject: string; text: string; html: string };

export type SendOptions = {
  /**
   * The same key means the same email: a transport that has already delivered
   * a message with this key does not deliver it again (a queue job retried
   * after its worker died between sending and recording it).
   */
  idempotencyKey?: string;
};

/** Where email goes: Resend in production, the database outbox locally and in tests. */
export interface EmailTransport {
  readonly name: "resend" | "outbox";
  send(message: EmailMessage, options?: SendOptions): Promise<void>;
}

export class EmailDeliveryError extends Error {}
