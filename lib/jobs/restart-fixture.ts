// A separate process that works on an email queue into the outbox, for the
// restart test in email-queue.test.ts (run with `node --import tsx`, so that
// SIGKILL reaches this process and nothing else). With STALL_AFTER=n it hangs
// for good right after its n-th delivery, before that job is recorded as done:
// the moment a crash loses the most. With SHUTDOWN=next it ends on SIGTERM
// as `next start` does (exit 143 as soon as the signal is handled), and with
// SHUTDOWN=next+stop it also has the portal's stopQueueOnSignals, as
// instrumentation.ts installs it (SHUTDOWN=stop: that alone); SEND_MS makes each delivery take that long.
import { createClient } from "@/lib/database/client";
import { outboxTransport } from "@/lib/email/outbox";
import { emailQueueDefinition, workEmailQueue } from "./email-queue";
import { openQueue, stopQueueOnSignals } from "./queue";

const forever = () => new Promise<never>(() => {});

async function main() {
  const url = process.env.DATABASE_URL!;
  const stallAfter = Number(process.env.STALL_AFTER || Infinity);
  const sendMs = Number(process.env.SEND_MS || 0);
  const shutdown = process.env.SHUTDOWN ?? "own";
  const queue = emailQueueDefinition(process.env.QUEUE!, JSON.parse(process.env.QUEUE_OPTIONS || "{}"));
  const db = createClient(url, 2);
  const outbox = outboxTransport(db);
  const { boss, close } = await openQueue(url, { queues: [queue], maintenanceIntervalSeconds: 1 });
  if (shutdown === "own") {
    process.on("SIGTERM", () => {
      void close().then(() => db.$disconnect()).then(() => process.exit(0));
    });
  } else {
    // next/dist/server/lib/start-server.js: its HTTP server closes, then process.exit(143).
    if (shutdown.startsWith("next")) process.on("SIGTERM", () => setImmediate(() => process.exit(143)));
    if (shutdown.endsWith("stop")) stopQueueOnSignals(() => close().then(() => true));
  }
  let delivered = 0;
  let stalled = false;
  await workEmailQueue(boss, queue, {
    batchSize: 10,
    pollingIntervalSeconds: 0.5,
    async send(message, options) {
      if (stalled) return forever();
      if (sendMs) await new Promise((resolve) => setTimeout(resolve, sendMs));
      await outbox.send(message, options);
      if (++delivered === stallAfter) {
        stalled = true;
        return forever();
      }
    },
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
