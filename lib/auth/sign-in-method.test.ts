import { describe, expect, it } from "vitest";
import { LIMITS } from "@/lib/security/limits";
import { createTestDb, seedUser } from "@/lib/testing/test-db";
import { signInMethodFor } from "./sign-in-method";

const db = createTestDb();
const now = new Date("2026-11-28T12:00:00Z");

describe("the email-first look-up", () => {
  it("says SSO for an SSO company's user and PASSWORD for anyone else, unknown emails included", async () => {
    const sso = await seedUser(db, { sso: true });
    const password = await seedUser(db);
    const client = { ip: "203.0.113.1", now };
    expect(await signInMethodFor(db, sso.email, client)).toBe("SSO");
    expect(await signInMethodFor(db, password.email, client)).toBe("PASSWORD");
    expect(await signInMethodFor(db, "nobody@nowhere.test", client)).toBe("PASSWORD");
  });

  it("answers at most 60 look-ups per IP in 15 minutes; past that, PASSWORD for everyone from that IP only", async () => {
    const sso = await seedUser(db, { sso: true });
    const client = { ip: "203.0.113.2", now };
    expect(LIMITS.lookupPerIp.max).toBe(60);
    for (let i = 0; i < 59; i++) await signInMethodFor(db, `probe-${i}@acme.test`, client);
    expect(await signInMethodFor(db, sso.email, client)).toBe("SSO");
    expect(await signInMethodFor(db, sso.email, client)).toBe("PASSWORD");
    expect(await signInMethodFor(db, sso.email, { ip: "203.0.113.3", now })).toBe("SSO");
    expect(await signInMethodFor(db, sso.email, { ip: client.ip, now: new Date(now.getTime() + 15 * 60_000 + 1) })).toBe("SSO");
  });

  it("counts concurrent look-ups exactly", async () => {
    const sso = await seedUser(db, { sso: true });
    const client = { ip: "203.0.113.4", now };
    const answers = await Promise.all(Array.from({ length: 100 }, () => signInMethodFor(db, sso.email, client)));
    expect(answers.filter((a) => a === "SSO")).toHaveLength(60);
  });
});
