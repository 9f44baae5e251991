import { describe, expect, it } from "vitest";
import { createTestDb, seedUser } from "@/lib/testing/test-db";
import { listActiveSessions, revokeOwnSession } from "./sessions";

const db = createTestDb();
const now = new Date("2026-11-28T12:00:00Z");
const meta = { ip: "203.0.113.7", userAgent: "test" };

async function sessionOf(userId: string, id: string, createdAt = now, lastSeenAt = createdAt) {
  await db.userSession.create({ data: { id, userId, amr: "pwd", createdAt, lastSeenAt } });
}

describe("Active sessions", () => {
  it("lists only live sessions: not revoked, not idle for 30 minutes, not older than 12 hours", async () => {
    const user = await seedUser(db);
    await sessionOf(user.id, "live", new Date(now.getTime() - 60_000));
    await sessionOf(user.id, "idle", new Date(now.getTime() - 31 * 60_000));
    await sessionOf(user.id, "old", new Date(now.getTime() - 13 * 3600_000), now);
    await sessionOf(user.id, "revoked", now);
    await db.userSession.update({ where: { id: "revoked" }, data: { revokedAt: now } });
    expect((await listActiveSessions(db, user.id, now)).map((s) => s.id)).toEqual(["live"]);
  });

  it("'Sign out' on a row ends that session only, once, with an event; another user's session cannot be touched", async () => {
    const owner = await seedUser(db);
    const other = await seedUser(db);
    await sessionOf(owner.id, "mine-1");
    await sessionOf(owner.id, "mine-2");
    await sessionOf(other.id, "theirs");
    expect(await revokeOwnSession(db, { userId: owner.id, sessionId: "theirs", meta, now })).toBe(false);
    expect((await db.userSession.findUniqueOrThrow({ where: { id: "theirs" } })).revokedAt).toBeNull();
    expect(await revokeOwnSession(db, { userId: owner.id, sessionId: "mine-1", meta, now })).toBe(true);
    expect(await revokeOwnSession(db, { userId: owner.id, sessionId: "mine-1", meta, now })).toBe(false);
    expect((await listActiveSessions(db, owner.id, now)).map((s) => s.id)).toEqual(["mine-2"]);
    expect(await db.securityEvent.findMany({ where: { userId: owner.id }, select: { type: true, detail: true } })).toEqual([
      { type: "SESSIONS_REVOKED", detail: "1" },
    ]);
    expect(await db.securityEvent.count({ where: { userId: other.id } })).toBe(0);
  });
});
