import { describe, expect, it } from "vitest";
import { createTestDb } from "@/lib/testing/test-db";
import { outboxTransport } from "./outbox";

const db = createTestDb();
const message = (to: string) => ({ to, subject: "Security notice", text: "Changed.", html: "<p>Changed.</p>" });

describe("the outbox transport", () => {
  it("stores a message once per idempotency key, however often it is sent", async () => {
    const outbox = outboxTransport(db);
    await Promise.all([1, 2, 3].map(() => outbox.send(message("once@outbox.test"), { idempotencyKey: "notice:once" })));
    await outbox.send(message("once@outbox.test"), { idempotencyKey: "notice:once" });
    expect(await db.outboxEmail.count({ where: { to: "once@outbox.test" } })).toBe(1);
  });

  it("stores every message sent without a key", async () => {
    const outbox = outboxTransport(db);
    await outbox.send(message("twice@outbox.test"));
    await outbox.send(message("twice@outbox.test"));
    expect(await db.outboxEmail.count({ where: { to: "twice@outbox.test" } })).toBe(2);
  });
});
