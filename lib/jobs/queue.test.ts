import { afterAll, describe, expect, it } from "vitest";
import { createTestDbFile } from "@/lib/testing/test-db";
import { processQueue, stopQueue } from "./queue";

const { db, url } = createTestDbFile();
afterAll(() => stopQueue());

describe("the process's queue", () => {
  it("starts on first use from DATABASE_URL, creates its queues once, and is one per process", async () => {
    process.env.DATABASE_URL = url;
    const boss = await processQueue([{ name: "q-one", retryLimit: 3 }]);
    expect(await processQueue([{ name: "q-one" }, { name: "q-two" }])).toBe(boss);
    const queues = await db.$queryRawUnsafe<{ name: string; retry_limit: number | null }[]>(`SELECT name, retry_limit FROM pgboss.queue ORDER BY name`);
    expect(queues).toEqual([
      { name: "q-one", retry_limit: 3 },
      { name: "q-two", retry_limit: null },
    ]);
    await stopQueue();
  });

  it("fails while the database cannot be reached, and starts on a later call once it can", async () => {
    const closedPort = new URL(url);
    closedPort.port = "9";
    process.env.DATABASE_URL = closedPort.toString();
    await expect(processQueue()).rejects.toThrow();
    process.env.DATABASE_URL = url;
    const boss = await processQueue([{ name: "q-three" }]);
    expect(await boss.getQueue("q-three")).toMatchObject({ name: "q-three" });
    expect(await stopQueue()).toBe(true);
    expect(await stopQueue()).toBe(false);
  });
});
