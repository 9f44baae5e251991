import { randomBytes } from "node:crypto";
import { spawnSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { keyRingFrom, openSecret } from "@/lib/mfa/secret-box";
import { connectionOf } from "@/lib/sso/connections";
import { createTestDbFile } from "@/lib/testing/test-db";

const { db, url } = createTestDbFile();
const key = randomBytes(32).toString("base64");
const ring = keyRingFrom({ key, keyId: "cli" });
const keys = { MFA_ENCRYPTION_KEY: key, MFA_ENCRYPTION_KEY_ID: "cli", MFA_PREVIOUS_KEYS: "" };

function cli(args: string[], options: { input?: string; env?: Record<string, string> } = {}) {
  const result = spawnSync("node", ["node_modules/tsx/dist/cli.mjs", "scripts/sso-connect.ts", ...args], {
    env: { ...process.env, DATABASE_URL: url, ...keys, SSO_ALLOW_HTTP: "", ...options.env },
    encoding: "utf8",
    input: options.input ?? "",
  });
  return { status: result.status, out: result.stdout + result.stderr };
}

const GLOBEX = ["--company", "globex", "--issuer", "https://idp.globex.test", "--client-id", "staff-portal"];

beforeAll(async () => {
  await db.company.createMany({
    data: [
      { slug: "globex", name: "Globex Corporation", signInMethod: "PASSWORD" },
      { slug: "initech", name: "Initech", signInMethod: "PASSWORD" },
      { slug: "fresh", name: "Fresh Ltd", signInMethod: "PASSWORD" },
    ],
  });
});

const company = (slug: string) => db.company.findUniqueOrThrow({ where: { slug } });

describe("npm run sso:connect", { timeout: 60_000 }, () => {
  it("connects a company with the secret from standard input, then updates it keeping the secret", async () => {
    const run = cli([...GLOBEX, "--client-secret-stdin", "--domains", "@Globex.TEST", "--name", "Globex SSO"], { input: "piped client secret 42\nignored\n" });
    expect(run).toEqual({ status: 0, out: "Globex Corporation signs in with Globex SSO (globex.test) at https://idp.globex.test.\n" });
    const globex = await company("globex");
    expect(globex.signInMethod).toBe("SSO");
    const row = await db.ssoConnection.findUniqueOrThrow({ where: { companyId: globex.id } });
    expect(row.clientSecret).not.toContain("piped");
    expect(openSecret(row.clientSecret, ring, { connectionId: row.id, field: "ssoClientSecret" })).toBe("piped client secret 42");

    // Without --client-secret-stdin the secret stays; without --name, the name.
    const again = cli([...GLOBEX, "--domains", "globex.test, globex-corp.test"]);
    expect(again).toEqual({ status: 0, out: "Globex Corporation signs in with Globex SSO (globex-corp.test, globex.test) at https://idp.globex.test.\n" });
    const updated = await db.ssoConnection.findUniqueOrThrow({ where: { companyId: globex.id } });
    expect(updated.clientSecret).toBe(row.clientSecret);
    expect(await connectionOf(db, globex.id)).toMatchObject({ displayName: "Globex SSO", domains: ["globex-corp.test", "globex.test"], enabled: true });
  });

  it("--disabled keeps the connection and returns the company to passwords", async () => {
    const run = cli([...GLOBEX, "--domains", "globex.test", "--disabled"]);
    expect(run).toEqual({ status: 0, out: "Globex Corporation signs in with passwords; Globex SSO (globex.test) at https://idp.globex.test is saved but disabled.\n" });
    expect((await company("globex")).signInMethod).toBe("PASSWORD");
    expect(cli([...GLOBEX, "--domains", "globex.test"])).toMatchObject({ status: 0 });
    expect((await company("globex")).signInMethod).toBe("SSO");
  });

  it("refuses a domain of another company and leaves both connections as they were", async () => {
    const run = cli(["--company", "initech", "--issuer", "https://idp.initech.test", "--client-id", "x", "--client-secret-stdin", "--domains", "initech.test,globex.test"], {
      input: "initech-secret\n",
    });
    expect(run).toEqual({ status: 1, out: "Could not connect Initech: globex.test belongs to another company.\n" });
    expect(await connectionOf(db, (await company("initech")).id)).toBeNull();
    expect((await company("initech")).signInMethod).toBe("PASSWORD");
    expect(await connectionOf(db, (await company("globex")).id)).toMatchObject({ domains: ["globex.test"] });
  });

  it.each([
    ["a new connection without a secret", ["--company", "fresh", "--issuer", "https://idp.fresh.test", "--client-id", "x", "--domains", "fresh.test"], "", "Could not connect Fresh Ltd: a new connection needs its client secret (--client-secret-stdin)."],
    ["nothing on standard input", ["--company", "fresh", "--issuer", "https://idp.fresh.test", "--client-id", "x", "--client-secret-stdin", "--domains", "fresh.test"], "", "No client secret on standard input."],
    ["an unknown company", ["--company", "nope", "--issuer", "https://idp.test", "--client-id", "x", "--domains", "nope.test"], "", 'No company with slug "nope".'],
    ["an issuer that is not a URL", ["--company", "fresh", "--issuer", "idp.fresh.test", "--client-id", "x", "--domains", "fresh.test"], "", "--issuer: Enter the issuer URL, like https://login.example.com/tenant."],
    ["an issuer of another scheme", ["--company", "fresh", "--issuer", "ftp://idp.fresh.test", "--client-id", "x", "--domains", "fresh.test"], "", "--issuer: Enter the issuer URL, like https://login.example.com/tenant."],
    ["an issuer with a query", ["--company", "fresh", "--issuer", "https://idp.fresh.test/?tenant=1", "--client-id", "x", "--domains", "fresh.test"], "", "--issuer: The issuer URL has no ? or # part."],
    ["an issuer with an empty fragment", ["--company", "fresh", "--issuer", "https://idp.fresh.test#", "--client-id", "x", "--domains", "fresh.test"], "", "--issuer: The issuer URL has no ? or # part."],
    ["an issuer with credentials", ["--company", "fresh", "--issuer", "https://u:p@idp.fresh.test", "--client-id", "x", "--domains", "fresh.test"], "", "--issuer: The issuer URL has no user name or password in it."],
    ["a domain that is not one", ["--company", "fresh", "--issuer", "https://idp.fresh.test", "--client-id", "x", "--domains", "fresh.test,fresh"], "", '--domains: "fresh" is not an email domain (like example.com).'],
    ["no domain", ["--company", "fresh", "--issuer", "https://idp.fresh.test", "--client-id", "x", "--domains", " , "], "", "--domains: Enter at least one email domain, like example.com."],
    ["a display name too long", ["--company", "fresh", "--issuer", "https://idp.fresh.test", "--client-id", "x", "--domains", "fresh.test", "--name", "x".repeat(61)], "", "--name: Use at most 60 characters."],
    ["a client id with a control character", ["--company", "fresh", "--issuer", "https://idp.fresh.test", "--client-id", "a\u0007b", "--domains", "fresh.test"], "", "--client-id: Use letters, digits and punctuation only."],
    ["a missing argument", ["--company", "fresh"], "", "Usage: npm run sso:connect"],
    ["an unknown option", [...GLOBEX, "--domains", "globex.test", "--client-secret", "on-the-command-line"], "", "Usage: npm run sso:connect"],
  ])("exits 1 with a clear message on %s", async (_label, args, input, message) => {
    const run = cli(args, { input });
    expect(run.status).toBe(1);
    expect(run.out).toContain(message);
    expect(await connectionOf(db, (await company("fresh")).id)).toBeNull();
  });

  it("requires https in production unless SSO_ALLOW_HTTP=1", async () => {
    const production = { NODE_ENV: "production", AUTH_SECRET: "x".repeat(32) };
    const args = ["--company", "fresh", "--issuer", "http://127.0.0.1:4002", "--client-id", "x", "--client-secret-stdin", "--domains", "fresh.test"];
    expect(cli(args, { input: "s3cret\n", env: production })).toEqual({
      status: 1,
      out: "--issuer: Use an https:// URL. SSO_ALLOW_HTTP=1 allows http in production, for a local identity provider only.\n",
    });
    const allowed = cli(args, { input: "s3cret\n", env: { ...production, SSO_ALLOW_HTTP: "1" } });
    expect(allowed).toEqual({ status: 0, out: "Fresh Ltd signs in with Fresh Ltd SSO (fresh.test) at http://127.0.0.1:4002.\n" });
    // Outside production a local identity provider needs no flag.
    expect(cli([...args.slice(0, 3), "http://127.0.0.1:4003", ...args.slice(4, 6), "--domains", "fresh.test"])).toMatchObject({ status: 0 });
  });
});
