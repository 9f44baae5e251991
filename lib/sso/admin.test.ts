import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { hashPassword } from "@/lib/auth/password";
import type { Admin } from "@/lib/company/admin";
import { describeAudit, listAudit } from "@/lib/company/audit";
import { keyRingFrom } from "@/lib/mfa/secret-box";
import { readSession } from "@/lib/sign-in/statements";
import { createTestDb, TEST_PASSWORD } from "@/lib/testing/test-db";
import { domainOf, ssoSettingsSchema } from "@/lib/validation/sso";
import { saveSsoSettings, ssoSettingsView, testSsoConnection, type SsoAdminDeps } from "./admin";
import { connectionOf, enabledConnections, normaliseDomain, routeForEmail, saveConnection } from "./connections";

const db = createTestDb();
const now = new Date("2026-11-28T12:00:00Z");
const ring = keyRingFrom({ key: randomBytes(32).toString("base64"), keyId: "t" });
const SECRET = "client-secret-7d1f4c0a9e";
let hash: Promise<string> | undefined;
let n = 0;

const deps = (at = now): SsoAdminDeps => ({ db, ring, now: at, meta: { ip: "203.0.113.9", userAgent: "test" }, allowHttp: false });

/** A company with its own email domain ("co7.test"), on passwords or on SSO through a connection of its own. */
async function company(options: { sso?: boolean } = {}) {
  n++;
  const co = await db.company.create({ data: { slug: `co${n}`, name: `Company ${n}` } });
  const domain = `co${n}.test`;
  if (options.sso) {
    const saved = await saveConnection(db, ring, co.id, { issuer: `https://idp${n}.example.test`, clientId: "portal", clientSecret: SECRET, displayName: "Company IdP", domains: [domain], enabled: true });
    expect(saved.ok).toBe(true);
  }
  return { ...co, domain };
}

async function person(co: { id: string; domain: string }, options: { role?: "ADMIN" | "STAFF"; password?: boolean } = {}) {
  hash ??= hashPassword(TEST_PASSWORD);
  n++;
  return db.user.create({
    data: { companyId: co.id, email: `p${n}@${co.domain}`, name: `Person ${n}`, passwordHash: options.password === false ? null : await hash, role: options.role ?? "STAFF" },
  });
}

/** The administrator as the pages see them: the session statement's user (signed in `minutesAgo`). */
async function signedIn(userId: string, minutesAgo = 0): Promise<Admin> {
  const sessionId = `s-${userId}-${++n}`;
  await db.userSession.create({ data: { id: sessionId, userId, amr: "ext", createdAt: new Date(now.getTime() - minutesAgo * 60_000), lastSeenAt: now } });
  const session = await readSession(db, sessionId, now);
  return { user: session!.user, sessionId };
}

/** The form as the page posts it, for a company's own domain. */
const form = (co: { domain: string }, overrides: Record<string, unknown> = {}) => ({
  issuer: `https://login.${co.domain}`,
  clientId: "staff-portal",
  clientSecret: "",
  displayName: "Company IdP",
  domains: co.domain,
  enabled: true,
  currentPassword: "",
  ...overrides,
});

const audit = async (companyId: string) => (await listAudit(db, companyId, 1)).rows;
const described = async (companyId: string) => (await audit(companyId)).map((r) => describeAudit(r.action, r.detail));

describe("saveSsoSettings: who may", () => {
  it("a staff member is told not found and nothing changes", async () => {
    const co = await company({ sso: true });
    const staff = await signedIn((await person(co)).id);
    expect(await saveSsoSettings(deps(), staff, form(co, { displayName: "Hijacked" }))).toEqual({ ok: false, error: "NOT_FOUND" });
    expect(await testSsoConnection(deps(), staff, { issuer: "https://login.example.test" })).toEqual({ ok: false, error: "NOT_FOUND" });
    expect(await ssoSettingsView(db, staff)).toBeNull();
    expect((await connectionOf(db, co.id))!.displayName).toBe("Company IdP");
    expect(await audit(co.id)).toHaveLength(0);
  });

  it("an administrator changes only their own company: a posted company id is ignored, and one demoted or moved since is refused", async () => {
    const acme = await company();
    const globex = await company({ sso: true });
    const alex = await signedIn((await person(acme, { role: "ADMIN" })).id);
    const result = await saveSsoSettings(deps(), alex, form(acme, { enabled: false, clientSecret: SECRET, companyId: globex.id, displayName: "Not Globex" }));
    expect(result).toEqual({ ok: true, state: "saved" });
    expect((await connectionOf(db, globex.id))!.displayName).toBe("Company IdP");
    expect((await connectionOf(db, acme.id))!.displayName).toBe("Not Globex");
    expect(await audit(globex.id)).toHaveLength(0);

    // The session still says administrator of Acme, but the database no longer does.
    await db.user.update({ where: { id: alex.user.id }, data: { companyId: globex.id } });
    expect(await saveSsoSettings(deps(), alex, form(acme, { enabled: false, displayName: "Moved" }))).toEqual({ ok: false, error: "NOT_FOUND" });
    expect(await ssoSettingsView(db, alex)).toBeNull();
    await db.user.update({ where: { id: alex.user.id }, data: { companyId: acme.id, role: "STAFF" } });
    expect(await saveSsoSettings(deps(), alex, form(acme, { enabled: false, displayName: "Demoted" }))).toEqual({ ok: false, error: "NOT_FOUND" });
    expect((await connectionOf(db, acme.id))!.displayName).toBe("Not Globex");
  });
});

describe("saveSsoSettings: the connection", () => {
  it("the client secret is write-only: required to create, sealed, never returned or audited; empty keeps it, a new one is recorded as changed", async () => {
    const co = await company();
    const admin = await signedIn((await person(co, { role: "ADMIN" })).id);
    expect(await saveSsoSettings(deps(), admin, form(co, { enabled: false }))).toEqual({
      ok: false,
      error: "INVALID_INPUT",
      fieldErrors: { clientSecret: ["Enter the client secret your identity provider gave you."] },
    });
    const created = await saveSsoSettings(deps(), admin, form(co, { enabled: false, clientSecret: SECRET }));
    expect(created).toEqual({ ok: true, state: "saved" });
    const view = await ssoSettingsView(db, admin);
    expect(view).toMatchObject({ companyName: co.name, signInMethod: "PASSWORD", hasPassword: true, connection: { secretSet: true, enabled: false, domains: [co.domain] } });
    expect(JSON.stringify(view)).not.toContain(SECRET);
    const row = await db.ssoConnection.findUniqueOrThrow({ where: { companyId: co.id } });
    expect(row.clientSecret).not.toContain(SECRET);

    // Empty keeps it (nothing else changed: nothing saved, nothing audited); a new one replaces it.
    expect(await saveSsoSettings(deps(), admin, form(co, { enabled: false }))).toEqual({ ok: true, state: "unchanged" });
    expect((await db.ssoConnection.findUniqueOrThrow({ where: { companyId: co.id } })).clientSecret).toBe(row.clientSecret);
    expect(await saveSsoSettings(deps(), admin, form(co, { enabled: false, clientSecret: "a-new-secret-0b9c" }))).toEqual({ ok: true, state: "saved" });
    const entries = await audit(co.id);
    expect(entries.map((e) => e.action)).toEqual(["sso.saved", "sso.saved"]);
    for (const entry of entries) expect(`${entry.detail}`).not.toMatch(/client-secret-7d1f4c0a9e|a-new-secret-0b9c/);
    expect(JSON.parse(entries[0]!.detail!)).toMatchObject({ secretChanged: true });
    expect(await described(co.id)).toEqual([
      "Changed single sign-on: client secret replaced",
      `Set up single sign-on through Company IdP (https://login.${co.domain}) for ${co.domain}, not turned on`,
    ]);
  });

  it("a display name change needs no password, is saved, audited and shown on the sign-in page", async () => {
    const co = await company({ sso: true });
    const admin = await signedIn((await person(co, { role: "ADMIN", password: false })).id, 60);
    const current = (await connectionOf(db, co.id))!;
    const result = await saveSsoSettings(deps(), admin, form(co, { issuer: current.issuer, clientId: "portal", displayName: "Globex Okta" }));
    expect(result).toEqual({ ok: true, state: "saved" });
    expect(await routeForEmail(db, `someone@${co.domain}`)).toMatchObject({ displayName: "Globex Okta" });
    const [entry] = await audit(co.id);
    expect(entry).toMatchObject({ action: "sso.saved", actorEmail: admin.user.email, ip: "203.0.113.9" });
    expect(describeAudit(entry!.action, entry!.detail)).toBe('Changed single sign-on: display name "Company IdP" to "Globex Okta"');
  });

  it("a domain of another company is a field error; nothing is saved", async () => {
    const globex = await company({ sso: true });
    const acme = await company();
    const admin = await signedIn((await person(acme, { role: "ADMIN" })).id);
    const result = await saveSsoSettings(deps(), admin, form(acme, { enabled: false, clientSecret: SECRET, domains: `${acme.domain}\n@${globex.domain.toUpperCase()}` }));
    expect(result).toEqual({ ok: false, error: "DOMAIN_TAKEN", fieldErrors: { domains: [`${globex.domain} belongs to another company.`] } });
    expect(await connectionOf(db, acme.id)).toBeNull();
    expect(await audit(acme.id)).toHaveLength(0);
  });

  it("refuses bad input with a message beside each field", async () => {
    const co = await company();
    const admin = await signedIn((await person(co, { role: "ADMIN" })).id);
    const errors = async (overrides: Record<string, unknown>, allowHttp = false) => {
      const result = await saveSsoSettings({ ...deps(), allowHttp }, admin, form(co, { enabled: false, clientSecret: SECRET, ...overrides }));
      return (result.ok ? {} : "fieldErrors" in result ? result.fieldErrors : { error: [result.error] }) as Record<string, string[] | undefined>;
    };
    expect((await errors({ issuer: "http://login.example.test" })).issuer).toEqual(["Use an https:// URL."]);
    expect(ssoSettingsSchema({ allowHttp: true }).safeParse(form(co, { issuer: "http://127.0.0.1:4100" })).success).toBe(true);
    expect((await errors({ issuer: "https://login.example.test/?tenant=1" })).issuer).toEqual(["The issuer URL has no ? or # part."]);
    expect((await errors({ issuer: "https://user:pw@login.example.test" })).issuer).toEqual(["The issuer URL has no user name or password in it."]);
    expect((await errors({ issuer: "login.example.test" })).issuer).toEqual(["Enter the issuer URL, like https://login.example.com/tenant."]);
    expect((await errors({ clientId: "" })).clientId).toEqual(["Enter the client ID."]);
    expect((await errors({ clientId: "x".repeat(201) })).clientId).toEqual(["Use at most 200 characters."]);
    expect((await errors({ clientSecret: "x".repeat(501) })).clientSecret).toEqual(["Use at most 500 characters."]);
    expect((await errors({ displayName: " " })).displayName).toEqual(["Enter the name staff see on the sign-in page."]);
    expect((await errors({ displayName: "x".repeat(61) })).displayName).toEqual(["Use at most 60 characters."]);
    expect((await errors({ domains: "" })).domains).toEqual(["Enter at least one email domain, like example.com."]);
    expect((await errors({ domains: `${co.domain}, not a domain` })).domains).toEqual(['"not" is not an email domain (like example.com).']);
    expect((await errors({ domains: Array.from({ length: 21 }, (_, i) => `d${i}.${co.domain}`).join(",") })).domains).toEqual(["Enter at most 20 domains."]);
    expect((await errors({ enabled: "yes" })).enabled).toBeDefined();
    // Commas, spaces, new lines and a leading @ all work; duplicates count once.
    expect(await errors({ domains: `@A.${co.domain}, b.${co.domain}\n\n a.${co.domain}` })).toEqual({});
    expect((await connectionOf(db, co.id))!.domains).toEqual([`a.${co.domain}`, `b.${co.domain}`]);
  });

  it("the form's domain rule is connections.ts's normaliseDomain", () => {
    for (const input of ["globex.test", "@Globex.TEST", " a-b.c.d ", "localhost", "-a.test", "a-.test", "a..test", "a_b.test", "x.y", "1.2.3.4", "ünï.test", "a@b.test", "a@b@c.test", " x @ y.test", `${"a".repeat(63)}.test`, `${"a".repeat(64)}.test`, ""]) {
      expect(domainOf(input)).toBe(normaliseDomain(input));
    }
  });
});

describe("saveSsoSettings: changes to how staff sign in", () => {
  it("disabling needs the current password and a confirmation that says what happens, then the company signs in with passwords", async () => {
    const co = await company({ sso: true });
    const admin = await signedIn((await person(co, { role: "ADMIN" })).id, 60);
    const current = (await connectionOf(db, co.id))!;
    const off = (extra: Record<string, unknown> = {}) => form(co, { issuer: current.issuer, clientId: "portal", enabled: false, ...extra });
    expect(await saveSsoSettings(deps(), admin, off())).toEqual({ ok: false, error: "INVALID_INPUT", fieldErrors: { currentPassword: ["Enter your current password to make this change."] } });
    expect(await saveSsoSettings(deps(), admin, off({ currentPassword: "wrong-password-1", confirm: true }))).toEqual({ ok: false, error: "WRONG_CURRENT_PASSWORD" });
    expect(await saveSsoSettings(deps(), admin, off({ currentPassword: TEST_PASSWORD }))).toEqual({
      ok: false,
      error: "CONFIRM_SSO_CHANGE",
      confirmation: `Staff of ${co.name} will sign in with a password. Those without one must use "Forgot your password?" on the sign-in page.`,
    });
    expect((await db.company.findUniqueOrThrow({ where: { id: co.id } })).signInMethod).toBe("SSO");
    expect(await audit(co.id)).toHaveLength(0);

    expect(await saveSsoSettings(deps(), admin, off({ currentPassword: TEST_PASSWORD, confirm: true }))).toEqual({ ok: true, state: "saved" });
    expect((await db.company.findUniqueOrThrow({ where: { id: co.id } })).signInMethod).toBe("PASSWORD");
    expect(await routeForEmail(db, `someone@${co.domain}`)).toBeNull();
    expect((await connectionOf(db, co.id))!.enabled).toBe(false);
    expect(await described(co.id)).toEqual(["Turned off single sign-on through Company IdP: staff sign in with passwords"]);
    expect((await audit(co.id))[0]!.action).toBe("sso.disabled");
  });

  it("an administrator without a password confirms with a recent sign-in through the identity provider instead", async () => {
    const co = await company({ sso: true });
    const user = await person(co, { role: "ADMIN", password: false });
    const current = (await connectionOf(db, co.id))!;
    const off = form(co, { issuer: current.issuer, clientId: "portal", enabled: false, confirm: true });
    expect(await saveSsoSettings(deps(), await signedIn(user.id, 11), off)).toEqual({ ok: false, error: "SSO_REAUTH_REQUIRED" });
    expect((await db.company.findUniqueOrThrow({ where: { id: co.id } })).signInMethod).toBe("SSO");
    const fresh = await signedIn(user.id, 2);
    expect(await ssoSettingsView(db, fresh)).toMatchObject({ hasPassword: false, signInMethod: "SSO" });
    expect(await saveSsoSettings(deps(), fresh, off)).toEqual({ ok: true, state: "saved" });
    expect((await db.company.findUniqueOrThrow({ where: { id: co.id } })).signInMethod).toBe("PASSWORD");
  });

  it("a new issuer needs password and confirmation, and ends every staff member's link (and only this company's)", async () => {
    const co = await company({ sso: true });
    const other = await company({ sso: true });
    const admin = await signedIn((await person(co, { role: "ADMIN" })).id);
    const old = (await connectionOf(db, co.id))!.issuer;
    const linked = [await person(co, { password: false }), await person(co, { password: false })];
    for (const [i, u] of linked.entries()) await db.user.update({ where: { id: u.id }, data: { ssoIssuer: old, ssoSubject: `sub-${co.id}-${i}` } });
    const outsider = await person(other, { password: false });
    await db.user.update({ where: { id: outsider.id }, data: { ssoIssuer: (await connectionOf(db, other.id))!.issuer, ssoSubject: `sub-${other.id}` } });

    const moved = form(co, { issuer: "https://new-idp.example.test/tenant", clientId: "portal", currentPassword: TEST_PASSWORD });
    expect(await saveSsoSettings(deps(), admin, moved)).toEqual({
      ok: false,
      error: "CONFIRM_SSO_CHANGE",
      confirmation: "Staff will sign in through the new identity provider; their existing links end and each links again at their next sign-in.",
    });
    expect((await db.user.findUniqueOrThrow({ where: { id: linked[0]!.id } })).ssoSubject).not.toBeNull();
    expect(await saveSsoSettings(deps(), admin, { ...moved, confirm: true })).toEqual({ ok: true, state: "saved" });
    for (const u of linked) expect(await db.user.findUniqueOrThrow({ where: { id: u.id }, select: { ssoIssuer: true, ssoSubject: true } })).toEqual({ ssoIssuer: null, ssoSubject: null });
    expect((await db.user.findUniqueOrThrow({ where: { id: outsider.id } })).ssoSubject).toBe(`sub-${other.id}`);
    expect((await db.company.findUniqueOrThrow({ where: { id: co.id } })).signInMethod).toBe("SSO");
    expect(await described(co.id)).toEqual([`Changed single sign-on: issuer ${old} to https://new-idp.example.test/tenant (2 sign-in links ended)`]);
  });

  it("enabling turns a password company into an SSO company, after the password and a confirmation naming the identity provider", async () => {
    const co = await company();
    const admin = await signedIn((await person(co, { role: "ADMIN" })).id);
    const on = form(co, { clientSecret: SECRET, displayName: "Okta", currentPassword: TEST_PASSWORD });
    expect(await saveSsoSettings(deps(), admin, on)).toEqual({
      ok: false,
      error: "CONFIRM_SSO_CHANGE",
      confirmation: `Staff of ${co.name} will sign in only through Okta; their passwords stop working.`,
    });
    expect(await connectionOf(db, co.id)).toBeNull();
    expect(await saveSsoSettings(deps(), admin, { ...on, confirm: true })).toEqual({ ok: true, state: "saved" });
    expect((await db.company.findUniqueOrThrow({ where: { id: co.id } })).signInMethod).toBe("SSO");
    expect(await routeForEmail(db, `bea@${co.domain}`)).toMatchObject({ displayName: "Okta", companyId: co.id });
    const live = (await enabledConnections(db, ring)).find((c) => c.companyId === co.id);
    expect(live?.clientSecret).toBe(SECRET);
    const [entry] = await audit(co.id);
    expect(entry!.action).toBe("sso.enabled");
    expect(entry!.detail).not.toContain(SECRET);
    expect(describeAudit(entry!.action, entry!.detail)).toBe(`Turned on single sign-on through Okta (https://login.${co.domain}) for ${co.domain}`);
  });

  it("a save that would leave staff outside every domain says who, and saves only when confirmed", async () => {
    const co = await company({ sso: true });
    const admin = await signedIn((await person(co, { role: "ADMIN" })).id);
    const elsewhere = await db.user.create({ data: { companyId: co.id, email: `zed@elsewhere-${co.domain}`, name: "Zed", passwordHash: null } });
    const current = (await connectionOf(db, co.id))!;
    // Adding the other domain first strands nobody; dropping it again would strand Zed.
    const both = form(co, { issuer: current.issuer, clientId: "portal", domains: `${co.domain} elsewhere-${co.domain}` });
    expect(await saveSsoSettings(deps(), admin, both)).toEqual({ ok: true, state: "saved" });
    const dropped = form(co, { issuer: current.issuer, clientId: "portal" });
    expect(await saveSsoSettings(deps(), admin, dropped)).toEqual({
      ok: false,
      error: "CONFIRM_SSO_CHANGE",
      confirmation: `1 staff member of ${co.name} (${elsewhere.email}) has an email address outside these domains and will not be able to sign in.`,
    });
    expect(await saveSsoSettings(deps(), admin, { ...dropped, confirm: true })).toEqual({ ok: true, state: "saved" });
    expect((await described(co.id))[0]).toBe(`Changed single sign-on: domains ${co.domain}, elsewhere-${co.domain} to ${co.domain}`);
  });
});

describe("saveSsoSettings: two administrators at once", () => {
  it("a confirmation given for a state another administrator has since changed saves nothing and says to reload", async () => {
    const co = await company({ sso: true });
    const first = await signedIn((await person(co, { role: "ADMIN" })).id, 60);
    const second = await signedIn((await person(co, { role: "ADMIN" })).id, 60);
    const drawn = (await connectionOf(db, co.id))!;
    const version = drawn.updatedAt.toISOString();
    const off = form(co, { issuer: drawn.issuer, clientId: "portal", enabled: false, currentPassword: TEST_PASSWORD, version });
    // The first administrator is shown what turning SSO off means...
    expect(await saveSsoSettings(deps(), first, off)).toMatchObject({ error: "CONFIRM_SSO_CHANGE" });
    // ...while the second renames the connection (no confirmation needed for that).
    expect(await saveSsoSettings(deps(new Date(now.getTime() + 1_000)), second, form(co, { issuer: drawn.issuer, clientId: "portal", displayName: "Renamed IdP", version }))).toEqual({ ok: true, state: "saved" });
    // "Confirm and save" of the first now refers to a state that is gone.
    expect(await saveSsoSettings(deps(), first, { ...off, confirm: true })).toEqual({ ok: false, error: "SSO_SETTINGS_CHANGED" });
    const after = (await connectionOf(db, co.id))!;
    expect(after).toMatchObject({ enabled: true, displayName: "Renamed IdP" });
    expect((await db.company.findUniqueOrThrow({ where: { id: co.id } })).signInMethod).toBe("SSO");
    expect(await described(co.id)).toEqual(['Changed single sign-on: display name "Company IdP" to "Renamed IdP"']);
  });

  it("two saves drawn from the same state and sent at the same moment: one is saved, the other is told to reload", async () => {
    for (let round = 0; round < 5; round++) {
      const co = await company({ sso: true });
      const a = await signedIn((await person(co, { role: "ADMIN" })).id, 60);
      const b = await signedIn((await person(co, { role: "ADMIN" })).id, 60);
      const drawn = (await connectionOf(db, co.id))!;
      const version = drawn.updatedAt.toISOString();
      const results = await Promise.all([
        saveSsoSettings(deps(), a, form(co, { issuer: drawn.issuer, clientId: "portal", displayName: "Name A", version })),
        saveSsoSettings(deps(), b, form(co, { issuer: drawn.issuer, clientId: "portal", displayName: "Name B", version })),
      ]);
      const errors = results.filter((r) => !r.ok);
      expect(errors, `round ${round}`).toEqual([{ ok: false, error: "SSO_SETTINGS_CHANGED" }]);
      const winner = results[0]!.ok ? "Name A" : "Name B";
      expect((await connectionOf(db, co.id))!.displayName).toBe(winner);
      expect(await audit(co.id)).toHaveLength(1);
    }
  });
});

describe("testSsoConnection", () => {
  it("an administrator gets the checks of the issuer in the form", async () => {
    const co = await company();
    const admin = await signedIn((await person(co, { role: "ADMIN" })).id);
    const server = http.createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ issuer: "http://elsewhere.example.test" })));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const result = await testSsoConnection({ allowHttp: true }, admin, { issuer });
      expect(result.ok && result.checks.map((c) => [c.label, c.ok])).toEqual([
        ["Reachable", true],
        ["Issuer matches", false],
        ["Supports PKCE (S256)", false],
        ["Provides email", false],
      ]);
      expect(await testSsoConnection({ allowHttp: false }, admin, { issuer })).toEqual({ ok: false, error: "INVALID_INPUT", fieldErrors: { issuer: ["Use an https:// URL."] } });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
