// A separate process that works on an email queue into the outbox, for the
// restart test in email-queue.test.ts (run with `node --import tsx`, so that
// SIGKILL reaches this process and nothing else). With STALL_AFTER=n it hangs
// for good right after its n-th delivery, before that job is recorded as done:
// the moment a crash loses the most.
import { createClient } from "@/lib/database/client";
import { outboxTransport } from "@/lib/email/outbox";
import { emailQueueDefinition, workEmailQueue } from "./email-queue";
import { openQueue } from "./queue";

const forever = () => new Promise<never>(() => {});

async function main() {
  const url = process.env.DATABASE_URL!;
  const stallAfter = Number(process.env.STALL_AFTER || Infinity);
  const queue = emailQueueDefinition(process.env.QUEUE!, JSON.parse(process.env.QUEUE_OPTIONS || "{}"));
  const db = createClient(url, 2);
  const outbox = outboxTransport(db);
  const { boss, close } = await openQueue(url, { queues: [queue], maintenanceIntervalSeconds: 1 });
  let delivered = 0;
  let stalled = false;
  await workEmailQueue(boss, queue, {
    batchSize: 10,
    pollingIntervalSeconds: 0.5,
    async send(message, options) {
      if (stalled) return forever();
      await outbox.send(message, options);
      if (++delivered === stallAfter) {
        stalled = true;
        return forever();
      }
    },
  });
  process.on("SIGTERM", () => {
    void close().then(() => db.$disconnect()).then(() => process.exit(0));
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
