import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestDb, seedUser } from "@/lib/testing/test-db";
import { EMAIL_CODE_MAX_ATTEMPTS, EMAIL_CODE_TTL_MS } from "@/lib/security/limits";
import { generateEmailCode, hashEmailCode } from "./email-code";
import { checkEmailCode, issueEmailCode } from "./email-code-store";

const db = createTestDb();
const key = randomBytes(32);
const now = new Date("2026-11-27T12:00:00Z");
let userId: string;
const scope = () => ({ userId, purpose: "ENROLL" as const });
const wrongOf = (code: string) => (code === "000000" ? "111111" : "000000");

beforeAll(async () => {
  userId = (await seedUser(db)).id;
});

describe("email codes", () => {
  it("are six random digits and stored only as an HMAC", async () => {
    expect(generateEmailCode()).toMatch(/^\d{6}$/);
    const { code } = await issueEmailCode(db, key, scope(), now);
    const rows = await db.emailCode.findMany({ where: { userId } });
    expect(JSON.stringify(rows)).not.toContain(code);
    expect(rows.at(-1)?.codeHash).toBe(hashEmailCode(key, { userId, purpose: "ENROLL", code }));
  });

  it("work once", async () => {
    const { code } = await issueEmailCode(db, key, scope(), now);
    expect(await checkEmailCode(db, key, scope(), code, now)).toBe("ok");
    expect(await checkEmailCode(db, key, scope(), code, now)).toBe("unavailable");
  });

  it("expire after 10 minutes", async () => {
    const { code } = await issueEmailCode(db, key, scope(), now);
    const expired = new Date(now.getTime() + EMAIL_CODE_TTL_MS);
    expect(await checkEmailCode(db, key, scope(), code, expired)).toBe("unavailable");
    expect(await checkEmailCode(db, key, scope(), code, new Date(expired.getTime() - 1000))).toBe("ok");
  });

  it("allow 5 attempts per code, after which even the right code is refused", async () => {
    const { code } = await issueEmailCode(db, key, scope(), now);
    for (let i = 0; i < EMAIL_CODE_MAX_ATTEMPTS; i++) expect(await checkEmailCode(db, key, scope(), wrongOf(code), now)).toBe("wrong");
    expect(await checkEmailCode(db, key, scope(), code, now)).toBe("unavailable");
  });

  it("a new code voids the previous one", async () => {
    const first = await issueEmailCode(db, key, scope(), now);
    const second = await issueEmailCode(db, key, scope(), now);
    if (first.code !== second.code) expect(await checkEmailCode(db, key, scope(), first.code, now)).toBe("wrong");
    expect(await checkEmailCode(db, key, scope(), second.code, now)).toBe("ok");
  });

  it("a code of one purpose does not work for another", async () => {
    const { code } = await issueEmailCode(db, key, scope(), now);
    expect(await checkEmailCode(db, key, { userId, purpose: "SIGN_IN" }, code, now)).toBe("unavailable");
  });

  it("under 50 concurrent checks of the right code, exactly one succeeds", async () => {
    const { code } = await issueEmailCode(db, key, scope(), now);
    const results = await Promise.all(Array.from({ length: 50 }, () => checkEmailCode(db, key, scope(), code, now)));
    expect(results.filter((r) => r === "ok")).toHaveLength(1);
  });
});
