import { describe, expect, it } from "vitest";
import { createTestDb, seedUser } from "@/lib/testing/test-db";
import { isSupportedTimeZone, setTimeZone, timeZoneOptions } from "./time-zone";

const db = createTestDb();
const zoneOf = async (id: string) => (await db.user.findUniqueOrThrow({ where: { id } })).timeZone;

describe("setTimeZone", () => {
  it("a new user's emails are in London time until they choose", async () => {
    const user = await seedUser(db);
    expect(user.timeZone).toBe("Europe/London");
    expect(timeZoneOptions()).toContain("Europe/London");
    expect(timeZoneOptions()).toContain("America/New_York");
  });

  it("stores a zone of the list", async () => {
    const user = await seedUser(db);
    expect(await setTimeZone(db, { userId: user.id, timeZone: "America/New_York" })).toEqual({ ok: true, timeZone: "America/New_York" });
    expect(await zoneOf(user.id)).toBe("America/New_York");
  });

  it.each([
    ["an unknown name", "Mars/Olympus_Mons"],
    ["another case", "america/new_york"],
    ["an offset", "+05:00"],
    ["empty", ""],
    ["padded", " Europe/Paris"],
    ["markup", "<script>alert(1)</script>"],
    ["1 kB", "A".repeat(1024)],
    ["not a string", 42],
    ["an object", { timeZone: "Europe/Paris" }],
    ["null", null],
  ])("refuses %s and changes nothing", async (_, timeZone) => {
    const user = await seedUser(db);
    await setTimeZone(db, { userId: user.id, timeZone: "Asia/Tokyo" });
    expect(await setTimeZone(db, { userId: user.id, timeZone })).toEqual({ ok: false, error: "INVALID_TIME_ZONE" });
    expect(await zoneOf(user.id)).toBe("Asia/Tokyo");
  });

  it("knows exactly the runtime's names", () => {
    for (const zone of timeZoneOptions()) expect(isSupportedTimeZone(zone)).toBe(true);
    expect(isSupportedTimeZone("Europe/London ")).toBe(false);
  });
});
