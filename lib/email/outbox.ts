import type { Db } from "@/lib/db";
import type { EmailMessage, EmailTransport, SendOptions } from "./types";

/** Stores messages in the database; `/dev/mailbox` shows them. */
export function outboxTransport(db: Db): EmailTransport {
  return {
    name: "outbox",
    async send(message: EmailMessage, options: SendOptions = {}) {
      try {
        await db.outboxEmail.create({ data: { ...message, idempotencyKey: options.idempotencyKey } });
      } catch (error) {
        // The unique idempotency key: this email is already in the outbox.
        if (options.idempotencyKey && (error as { code?: string }).code === "P2002") return;
        throw error;
      }
    },
  };
}

/** The newest messages stored since `since` (the mailbox page passes the server's start). */
export function listOutbox(db: Db, since: Date, limit = 50) {
  return db.outboxEmail.findMany({ where: { createdAt: { gte: since } }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: limit });
}
