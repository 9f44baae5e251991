import type { Db } from "@/lib/db";
import type { EmailMessage, EmailTransport } from "./types";

/** Stores messages in the database; `/dev/mailbox` shows them. */
export function outboxTransport(db: Db): EmailTransport {
  return {
    name: "outbox",
    async send(message: EmailMessage) {
      await db.outboxEmail.create({ data: message });
    },
  };
}

export function listOutbox(db: Db, limit = 50) {
  return db.outboxEmail.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: limit });
}
