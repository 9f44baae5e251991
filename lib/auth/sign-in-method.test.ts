import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { keyRingFrom } from "@/lib/mfa/secret-box";
import { LIMITS } from "@/lib/security/limits";
import { createTestDb, seedSsoCompany, seedSsoUser, seedUser } from "@/lib/testing/test-db";
import { saveConnection } from "@/lib/sso/connections";
import { signInMethodFor } from "./sign-in-method";

const db = createTestDb();
const now = new Date("2026-11-28T12:00:00Z");
const ring = keyRingFrom({ key: randomBytes(32).toString("base64"), keyId: "t" });
let n = 0;

/** An SSO company of its own, with a domain of its own. */
async function ssoCompany() {
  const slug = `co${++n}-${randomBytes(3).toString("hex")}`;
  const domain = `${slug}.test`;
  const { company } = await seedSsoCompany(db, ring, { slug, issuer: `https://idp.${domain}`, domains: [domain], name: `Company ${slug}` });
  return { company, domain, label: `Sign in with Company ${slug} SSO` };
}

describe("the email-first look-up", () => {
  it("looks at the domain only: an SSO company's domain gets its button, user or not; anything else the password field", async () => {
    const { company, domain, label } = await ssoCompany();
    const member = await seedSsoUser(db, company.id, `gina@${domain}`);
    const password = await seedUser(db);
    const client = { ip: "203.0.113.1", now };
    expect(await signInMethodFor(db, member.email, client)).toEqual({ method: "SSO", label });
    expect(await signInMethodFor(db, `nobody@${domain.toUpperCase()}`, client)).toEqual({ method: "SSO", label });
    // A user of a password company and an unknown address of that domain: the same answer.
    expect(await signInMethodFor(db, password.email, client)).toEqual({ method: "PASSWORD" });
    expect(await signInMethodFor(db, "nobody-at-all@acme.test", client)).toEqual({ method: "PASSWORD" });
    // A subdomain is not the domain.
    expect(await signInMethodFor(db, `gina@mail.${domain}`, client)).toEqual({ method: "PASSWORD" });
  });

  it("a disabled connection routes nowhere, and its new display name shows at once", async () => {
    const { company, domain } = await ssoCompany();
    const client = { ip: "203.0.113.5", now };
    const base = { issuer: `https://idp.${domain}`, clientId: "c", domains: [domain] };
    await saveConnection(db, ring, company.id, { ...base, displayName: "Okta", enabled: true });
    expect(await signInMethodFor(db, `x@${domain}`, client)).toEqual({ method: "SSO", label: "Sign in with Okta" });
    await saveConnection(db, ring, company.id, { ...base, displayName: "Okta", enabled: false });
    expect(await signInMethodFor(db, `x@${domain}`, client)).toEqual({ method: "PASSWORD" });
    expect(await db.company.findUniqueOrThrow({ where: { id: company.id } })).toMatchObject({ signInMethod: "PASSWORD" });
  });

  it("answers at most 60 look-ups per IP in 15 minutes; past that, the password field for everyone from that IP only", async () => {
    const { domain, label } = await ssoCompany();
    const client = { ip: "203.0.113.2", now };
    expect(LIMITS.lookupPerIp.max).toBe(60);
    for (let i = 0; i < 59; i++) await signInMethodFor(db, `probe-${i}@acme.test`, client);
    expect(await signInMethodFor(db, `a@${domain}`, client)).toEqual({ method: "SSO", label });
    expect(await signInMethodFor(db, `a@${domain}`, client)).toEqual({ method: "PASSWORD" });
    expect(await signInMethodFor(db, `a@${domain}`, { ip: "203.0.113.3", now })).toEqual({ method: "SSO", label });
    expect(await signInMethodFor(db, `a@${domain}`, { ip: client.ip, now: new Date(now.getTime() + 15 * 60_000 + 1) })).toEqual({ method: "SSO", label });
  });

  it("counts concurrent look-ups exactly", async () => {
    const { domain } = await ssoCompany();
    const client = { ip: "203.0.113.4", now };
    const answers = await Promise.all(Array.from({ length: 100 }, () => signInMethodFor(db, `a@${domain}`, client)));
    expect(answers.filter((a) => a.method === "SSO")).toHaveLength(60);
  });
});
