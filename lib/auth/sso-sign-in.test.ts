import { describe, expect, it } from "vitest";
import { createTestDb, seedUser } from "@/lib/testing/test-db";
import { authorizeSsoSignIn, userIdForSubject } from "./sso-sign-in";

const db = createTestDb();

describe("authorizeSsoSignIn", () => {
  it("links the subject at the first sign-in, then matches on it after an email change", async () => {
    const sam = await seedUser(db, { sso: true, email: "sam@sso.test" });
    expect(await authorizeSsoSignIn(db, { sub: "s-1", email: "SAM@sso.test", email_verified: true })).toEqual({
      allow: true,
      userId: sam.id,
      linkSubject: true,
    });
    expect(await userIdForSubject(db, "s-1")).toBe(sam.id);
    expect(await authorizeSsoSignIn(db, { sub: "s-1", email: "samuel@sso.test", email_verified: true })).toMatchObject({ allow: true, userId: sam.id });
    // Another subject presenting Sam's email is not Sam.
    expect(await authorizeSsoSignIn(db, { sub: "s-2", email: "sam@sso.test", email_verified: true })).toEqual({
      allow: false,
      reason: "SUBJECT_MISMATCH",
    });
  });

  it("of two concurrent first sign-ins with different subjects, one links", async () => {
    await seedUser(db, { sso: true, email: "race@sso.test" });
    const results = await Promise.all(
      ["r-1", "r-2"].map((sub) => authorizeSsoSignIn(db, { sub, email: "race@sso.test", email_verified: true })),
    );
    expect(results.filter((r) => r.allow)).toHaveLength(1);
  });

  it("refuses a password company's user and leaves them unlinked", async () => {
    const alex = await seedUser(db, { email: "alex@pw.test" });
    expect(await authorizeSsoSignIn(db, { sub: "a-1", email: "alex@pw.test", email_verified: true })).toEqual({
      allow: false,
      reason: "NOT_SSO_COMPANY",
    });
    expect((await db.user.findUniqueOrThrow({ where: { id: alex.id } })).ssoSubject).toBeNull();
  });
});
