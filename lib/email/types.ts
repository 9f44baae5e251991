export type EmailMessage = { to: string; subject: string; text: string; html: string };

/** Where email goes: Resend in production, the database outbox locally and in tests. */
export interface EmailTransport {
  readonly name: "resend" | "outbox";
  send(message: EmailMessage): Promise<void>;
}

export class EmailDeliveryError extends Error {}
