import { randomBytes } from "node:crypto";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { keyRingFrom } from "@/lib/mfa/secret-box";
import { createTestDb, seedSsoCompany, seedSsoUser } from "@/lib/testing/test-db";
import { authorizeSsoSignIn, userIdForSubject } from "./sso-sign-in";

const db = createTestDb();
const ring = keyRingFrom({ key: randomBytes(32).toString("base64"), keyId: "t" });

const GLOBEX_IDP = "http://127.0.0.1:4000";
const INITECH_IDP = "http://127.0.0.1:4001";
const SHARED_IDP = "https://login.shared.test";

let globex: Awaited<ReturnType<typeof seedSsoCompany>>;
let initech: Awaited<ReturnType<typeof seedSsoCompany>>;

beforeAll(async () => {
  globex = await seedSsoCompany(db, ring, { slug: "globex", name: "Globex Corporation", issuer: GLOBEX_IDP, domains: ["globex.test"] });
  initech = await seedSsoCompany(db, ring, { slug: "initech", name: "Initech", issuer: INITECH_IDP, domains: ["initech.test"] });
});

afterEach(() => {
  vi.restoreAllMocks();
});

const verified = (sub: string, email: string) => ({ sub, email, email_verified: true });
const link = (id: string) => db.user.findUniqueOrThrow({ where: { id }, select: { ssoIssuer: true, ssoSubject: true } });

describe("authorizeSsoSignIn", () => {
  it("links (issuer, subject) at the first sign-in, then matches on it after an email change", async () => {
    const sam = await seedSsoUser(db, globex.company.id, "sam@globex.test");
    expect(await authorizeSsoSignIn(db, globex.connection, verified("globex-sam", "SAM@Globex.test"))).toEqual({ allow: true, userId: sam.id, link: true });
    expect(await link(sam.id)).toEqual({ ssoIssuer: GLOBEX_IDP, ssoSubject: "globex-sam" });
    expect(await userIdForSubject(db, GLOBEX_IDP, "globex-sam")).toBe(sam.id);
    // The same subject string at another issuer is someone else.
    expect(await userIdForSubject(db, INITECH_IDP, "globex-sam")).toBeNull();
    expect(await authorizeSsoSignIn(db, globex.connection, verified("globex-sam", "samuel.lee@globex.test"))).toEqual({ allow: true, userId: sam.id, link: false });
    // Another subject presenting Sam's email is not Sam.
    expect(await authorizeSsoSignIn(db, globex.connection, verified("globex-other", "sam@globex.test"))).toEqual({ allow: false, reason: "ALREADY_LINKED" });
    expect(await link(sam.id)).toEqual({ ssoIssuer: GLOBEX_IDP, ssoSubject: "globex-sam" });
  });

  it("Ivy's Initech account renamed to gina@globex.test never reaches Gina", async () => {
    const gina = await seedSsoUser(db, globex.company.id, "gina@globex.test");
    const ivy = await seedSsoUser(db, initech.company.id, "ivy@initech.test");
    expect(await authorizeSsoSignIn(db, globex.connection, verified("globex-gina", "gina@globex.test"))).toMatchObject({ allow: true, userId: gina.id });
    expect(await authorizeSsoSignIn(db, initech.connection, verified("initech-ivy", "ivy@initech.test"))).toMatchObject({ allow: true, userId: ivy.id });

    // Through Initech, the link is Ivy's: she stays Ivy.
    expect(await authorizeSsoSignIn(db, initech.connection, verified("initech-ivy", "gina@globex.test"))).toEqual({ allow: true, userId: ivy.id, link: false });
    // A new Initech account with Gina's email: Initech does not own globex.test.
    expect(await authorizeSsoSignIn(db, initech.connection, verified("initech-mallory", "gina@globex.test"))).toEqual({ allow: false, reason: "DOMAIN_NOT_ALLOWED" });
    // Through Globex, Ivy's subject has no link at Globex's issuer, and Gina's is taken.
    expect(await authorizeSsoSignIn(db, globex.connection, verified("initech-ivy", "gina@globex.test"))).toEqual({ allow: false, reason: "ALREADY_LINKED" });

    expect(await link(gina.id)).toEqual({ ssoIssuer: GLOBEX_IDP, ssoSubject: "globex-gina" });
    expect(await link(ivy.id)).toEqual({ ssoIssuer: INITECH_IDP, ssoSubject: "initech-ivy" });
    expect(await userIdForSubject(db, GLOBEX_IDP, "initech-ivy")).toBeNull();
    expect(await userIdForSubject(db, INITECH_IDP, "initech-mallory")).toBeNull();
  });

  it("a subject of a shared issuer never reaches a user of the other company", async () => {
    const hooli = await seedSsoCompany(db, ring, { slug: "hooli", issuer: SHARED_IDP, domains: ["hooli.test"] });
    const piper = await seedSsoCompany(db, ring, { slug: "piedpiper", issuer: SHARED_IDP, domains: ["piedpiper.test"] });
    const richard = await seedSsoUser(db, piper.company.id, "richard@piedpiper.test");
    const gavin = await seedSsoUser(db, hooli.company.id, "gavin@hooli.test");
    expect(await authorizeSsoSignIn(db, piper.connection, verified("shared-richard", "richard@piedpiper.test"))).toMatchObject({ allow: true, userId: richard.id });
    // The same account through Hooli's connection, renamed into Hooli's domain.
    expect(await authorizeSsoSignIn(db, hooli.connection, verified("shared-richard", "gavin@hooli.test"))).toEqual({ allow: false, reason: "OTHER_COMPANY" });
    expect(await link(gavin.id)).toEqual({ ssoIssuer: null, ssoSubject: null });
  });

  it("refuses an unknown email and an unverified one, linking nobody", async () => {
    const una = await seedSsoUser(db, globex.company.id, "una@globex.test");
    expect(await authorizeSsoSignIn(db, globex.connection, verified("globex-nobody", "nobody@globex.test"))).toEqual({ allow: false, reason: "UNKNOWN_USER" });
    expect(await authorizeSsoSignIn(db, globex.connection, { sub: "globex-una", email: "una@globex.test", email_verified: false })).toEqual({
      allow: false,
      reason: "EMAIL_NOT_VERIFIED",
    });
    expect(await link(una.id)).toEqual({ ssoIssuer: null, ssoSubject: null });
  });

  it("of two concurrent first sign-ins with different subjects, one links", async () => {
    const race = await seedSsoUser(db, globex.company.id, "race@globex.test");
    const results = await Promise.all(["r-1", "r-2"].map((sub) => authorizeSsoSignIn(db, globex.connection, verified(sub, "race@globex.test"))));
    expect(results.filter((r) => r.allow)).toHaveLength(1);
    expect(results.filter((r) => !r.allow)).toEqual([{ allow: false, reason: "ALREADY_LINKED" }]);
    const { ssoSubject } = await link(race.id);
    expect(["r-1", "r-2"]).toContain(ssoSubject);
  });

  it("two concurrent first sign-ins with the same subject both succeed, as one link", async () => {
    const twice = await seedSsoUser(db, globex.company.id, "twice@globex.test");
    const results = await Promise.all([1, 2].map(() => authorizeSsoSignIn(db, globex.connection, verified("globex-twice", "twice@globex.test"))));
    expect(results).toEqual([expect.objectContaining({ allow: true, userId: twice.id }), expect.objectContaining({ allow: true, userId: twice.id })]);
    expect(await link(twice.id)).toEqual({ ssoIssuer: GLOBEX_IDP, ssoSubject: "globex-twice" });
  });

  it("logs a refusal with its reason and the user id, never the email", async () => {
    const written: string[] = [];
    const stdout = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
    const vera = await seedSsoUser(db, globex.company.id, "vera@globex.test");
    await authorizeSsoSignIn(db, globex.connection, verified("globex-vera", "vera@globex.test"));
    await authorizeSsoSignIn(db, globex.connection, verified("globex-not-vera", "vera@globex.test"));
    stdout.mockRestore();
    const lines = written.filter((line) => line.startsWith("{"));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: "warn", msg: "sso sign-in refused", reason: "ALREADY_LINKED", userId: vera.id });
    expect(lines[0]).not.toContain("vera@globex.test");
    expect(lines[0]).not.toContain("globex-not-vera");
  });
});
