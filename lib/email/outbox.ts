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

/** The newest messages stored since `since` (the mailbox page passes the server's start). */
export function listOutbox(db: Db, since: Date, limit = 50) {
  return db.outboxEmail.findMany({ where: { createdAt: { gte: since } }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: limit });
}
