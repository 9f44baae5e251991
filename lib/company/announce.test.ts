import type PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "@/lib/auth/password";
import { outboxTransport } from "@/lib/email/outbox";
import { emailQueueDefinition, enqueueEmails, workEmailQueue } from "@/lib/jobs/email-queue";
import { openQueue } from "@/lib/jobs/queue";
import { readSession } from "@/lib/sign-in/statements";
import { createTestDbFile, TEST_PASSWORD } from "@/lib/testing/test-db";
import { savePolicy, type AdminDeps } from "./admin";
import { announcementJobs, sendAnnouncement } from "./announce";
import { DAY_MS } from "./mfa-status";

const { db, url } = createTestDbFile();
let boss: PgBoss;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ boss, close } = await openQueue(url, { queues: [] }));
});
afterAll(() => close());

const now = new Date("2026-11-28T12:00:00Z");
const app = { appName: "Staff Portal", appUrl: "https://portal.example" };

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("the announcement when a company turns the requirement on", () => {
  it("goes to those whose MFA does not meet the policy, each with their own deadline, and not to exempt staff", async () => {
    const co = await db.company.create({ data: { slug: "mixed", name: "Mixed Ltd", mfaRequired: true, mfaRequiredSince: now, mfaGraceDays: 14, mfaAllowedMethods: "TOTP_ONLY" } });
    const make = (email: string, extra: object = {}) => db.user.create({ data: { companyId: co.id, email, name: email, createdAt: new Date(now.getTime() - DAY_MS), ...extra } });
    await make("none@mixed.test");
    await make("email@mixed.test", { mfaMethod: "EMAIL" });
    await make("totp@mixed.test", { mfaMethod: "TOTP" });
    await make("exempt@mixed.test", { mfaExemptUntil: new Date(now.getTime() + 10 * DAY_MS) });
    await make("exempt-ended@mixed.test", { mfaExemptUntil: new Date(now.getTime() - DAY_MS) });
    const jobs = await announcementJobs(db, { companyId: co.id, since: now, ...app, now });
    expect(jobs.map((j) => j.message.to).sort()).toEqual(["email@mixed.test", "exempt-ended@mixed.test", "none@mixed.test"]);
    const first = jobs[0]!;
    expect(first.message.subject).toBe("Mixed Ltd requires multi-factor authentication");
    expect(first.message.text).toContain("Set it up by 12 Dec 2026");
    expect(first.message.text).toContain("https://portal.example/settings/account");
    expect(first.key).toBe(`policy:${co.id}:${now.toISOString()}:${(await db.user.findUniqueOrThrow({ where: { email: first.message.to } })).id}`);
    // Turned off again before the worker got to it: nothing goes out.
    await db.company.update({ where: { id: co.id }, data: { mfaRequired: false, mfaRequiredSince: null } });
    expect(await announcementJobs(db, { companyId: co.id, since: now, ...app, now })).toEqual([]);
  });

  it("with 500 staff the save returns before any email is sent, then each of the 500 gets exactly one", async () => {
    const co = await db.company.create({ data: { slug: "big", name: "Big Ltd" } });
    const admin = await db.user.create({ data: { companyId: co.id, email: "admin@big.test", name: "Admin", role: "ADMIN", mfaMethod: "TOTP", passwordHash: await hashPassword(TEST_PASSWORD) } });
    await db.user.createMany({ data: Array.from({ length: 500 }, (_, i) => ({ companyId: co.id, email: `s${i}@big.test`, name: `Staff ${i}` })) });
    await db.userSession.create({ data: { id: "big-admin", userId: admin.id, amr: "pwd otp", createdAt: now, lastSeenAt: now } });
    const session = await readSession(db, "big-admin", now);

    const queue = emailQueueDefinition("t-announce");
    await boss.createQueue(queue.name, queue);
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const outbox = outboxTransport(db);
    await workEmailQueue(boss, queue, { pollingIntervalSeconds: 0.5, batchSize: 50, send: async (m, o) => (await gate, outbox.send(m, o)) });
    // What the announcement worker does with the one job the save stores.
    const fanOut = async (input: { companyId: string; since: Date }) =>
      enqueueEmails(boss, queue, await announcementJobs(db, { ...input, ...app, now }));
    const deps: AdminDeps = { db, now, announce: fanOut };

    expect(await savePolicy(deps, { user: session!.user, sessionId: "big-admin" }, { required: "on", graceDays: 14, allowed: "ANY", currentPassword: TEST_PASSWORD })).toEqual({ ok: true, state: "saved" });
    expect(await db.outboxEmail.count({ where: { to: { endsWith: "@big.test" } } })).toBe(0);
    // The fan-out run again (a retried job) adds nobody.
    await fanOut({ companyId: co.id, since: now });
    open();
    await waitFor(async () => (await db.outboxEmail.count({ where: { to: { endsWith: "@big.test" } } })) >= 500);
    const rows = await db.outboxEmail.findMany({ where: { to: { endsWith: "@big.test" } } });
    expect(rows).toHaveLength(500);
    expect(new Set(rows.map((r) => r.to)).size).toBe(500);
    expect(rows.some((r) => r.to === "admin@big.test")).toBe(false);
  });

  it("is stored in the save's transaction: a save that fails after it leaves neither the policy nor the job", async () => {
    const co = await db.company.create({ data: { slug: "atomic", name: "Atomic Ltd" } });
    const admin = await db.user.create({ data: { companyId: co.id, email: "admin@atomic.test", name: "Admin", role: "ADMIN", mfaMethod: "TOTP", passwordHash: await hashPassword(TEST_PASSWORD) } });
    await db.userSession.create({ data: { id: "atomic-admin", userId: admin.id, amr: "pwd otp", createdAt: now, lastSeenAt: now } });
    const session = await readSession(db, "atomic-admin", now);
    await boss.createQueue("t-atomic", { name: "t-atomic" });
    const jobsOf = () => db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM pgboss.job WHERE name = 't-atomic'`).then((r) => Number(r[0]!.n));
    const input = { required: "on" as const, graceDays: 14, allowed: "ANY" as const, currentPassword: TEST_PASSWORD };
    const failing: AdminDeps = {
      db,
      now,
      announce: async (a, tx) => {
        await sendAnnouncement(boss, "t-atomic", a, tx);
        throw new Error("the process died here");
      },
    };
    await expect(savePolicy(failing, { user: session!.user, sessionId: "atomic-admin" }, input)).rejects.toThrow("the process died here");
    expect((await db.company.findUniqueOrThrow({ where: { id: co.id } })).mfaRequired).toBe(false);
    expect(await jobsOf()).toBe(0);
    // Saved again: both, once.
    const working: AdminDeps = { db, now, announce: (a, tx) => sendAnnouncement(boss, "t-atomic", a, tx) };
    expect(await savePolicy(working, { user: session!.user, sessionId: "atomic-admin" }, input)).toEqual({ ok: true, state: "saved" });
    expect((await db.company.findUniqueOrThrow({ where: { id: co.id } })).mfaRequired).toBe(true);
    expect(await jobsOf()).toBe(1);
  });
});
