import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { limitKey } from "@/lib/security/rate-limit";
import { createTestDbFile, seedUser } from "@/lib/testing/test-db";

const { db, url } = createTestDbFile();

const cli = (...args: string[]) => {
  const result = spawnSync("node", ["node_modules/tsx/dist/cli.mjs", "scripts/user-unlock.ts", ...args], { env: { ...process.env, DATABASE_URL: url }, encoding: "utf8" });
  return { status: result.status, out: result.stdout + result.stderr };
};

describe("npm run user:unlock", { timeout: 30_000 }, () => {
  it("lifts a password step disabled by 100 failures in a row and records who did it", async () => {
    const user = await seedUser(db);
    const now = new Date();
    await db.limitCounter.create({ data: { scope: "PASSWORD_ACCOUNT", key: limitKey(user.email), failures: 10, streak: 100, windowStart: now, updatedAt: now } });
    const run = cli("--email", user.email.toUpperCase(), "--by", "Dana (IT)");
    expect(run).toMatchObject({ status: 0 });
    expect(run.out).toContain(`Lifted the block on password for ${user.email.toUpperCase()}; recorded as done by Dana (IT).`);
    expect(await db.limitCounter.findUniqueOrThrow({ where: { scope_key: { scope: "PASSWORD_ACCOUNT", key: limitKey(user.email) } } })).toMatchObject({ streak: 0, failures: 0 });
    expect(await db.securityEvent.findFirst({ where: { userId: user.id, type: "SIGN_IN_UNLOCKED" }, select: { detail: true } })).toEqual({ detail: "Dana (IT)" });
  });

  it("exits 1 for an unknown email or a missing argument", () => {
    expect(cli("--email", "nobody@nowhere.test")).toMatchObject({ status: 1, out: expect.stringContaining("No user with email nobody@nowhere.test.") });
    expect(cli()).toMatchObject({ status: 1, out: expect.stringContaining("Usage: npm run user:unlock") });
  });
});
