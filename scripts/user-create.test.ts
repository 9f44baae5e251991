import { spawnSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestDbFile } from "@/lib/testing/test-db";
import { verifyPassword } from "@/lib/auth/password";

const { db, url } = createTestDbFile();

function cli(...args: string[]) {
  return cliWithInput("", ...args);
}

function cliWithInput(input: string, ...args: string[]) {
  const result = spawnSync("node", ["node_modules/tsx/dist/cli.mjs", "scripts/user-create.ts", ...args], {
    env: { ...process.env, DATABASE_URL: url },
    encoding: "utf8",
    input,
  });
  return { status: result.status, out: result.stdout + result.stderr };
}

beforeAll(async () => {
  await db.company.create({ data: { slug: "acme", name: "Acme Ltd", signInMethod: "PASSWORD" } });
});

describe("npm run user:create", { timeout: 30_000 }, () => {
  it("creates a user with an argon2id password", async () => {
    const run = cli("--email", "New.Person@Acme.test", "--name", "New Person", "--password", "long-enough-password", "--company", "acme");
    expect(run).toMatchObject({ status: 0 });
    const user = await db.user.findUniqueOrThrow({ where: { email: "new.person@acme.test" } });
    expect(user.name).toBe("New Person");
    expect(await verifyPassword(user.passwordHash, "long-enough-password")).toBe(true);
  });

  it("reads the password from standard input when --password is left out (never on the command line)", async () => {
    const run = cliWithInput("piped-in password 42\nignored second line\n", "--email", "piped@acme.test", "--name", "Piped In", "--company", "acme");
    expect(run).toMatchObject({ status: 0 });
    expect(run.out).not.toContain("Warning");
    const user = await db.user.findUniqueOrThrow({ where: { email: "piped@acme.test" } });
    expect(await verifyPassword(user.passwordHash, "piped-in password 42")).toBe(true);
  });

  it("warns that --password is visible to other users of the machine", () => {
    const run = cli("--email", "warned@acme.test", "--name", "Warned", "--password", "long-enough-password", "--company", "acme");
    expect(run.status).toBe(0);
    expect(run.out).toMatch(/Warning: --password is visible in the process list/);
  });

  it("with nothing on standard input, a password company's user is refused", () => {
    const run = cli("--email", "empty@acme.test", "--name", "Empty", "--company", "acme");
    expect(run.status).toBe(1);
    expect(run.out).toMatch(/password: required/);
  });

  it.each([
    ["a duplicate email", ["--email", "new.person@acme.test", "--name", "Again", "--password", "long-enough-password", "--company", "acme"], /already exists/],
    ["an unknown company", ["--email", "x@acme.test", "--name", "X", "--password", "long-enough-password", "--company", "nope"], /No company with slug "nope"/],
    ["a short password", ["--email", "y@acme.test", "--name", "Y", "--password", "short", "--company", "acme"], /at least 12 characters/],
    ["a missing argument", ["--email", "z@acme.test"], /Usage: npm run user:create/],
    ["a common password", ["--email", "c@acme.test", "--name", "C", "--password", "Password2026!", "--company", "acme"], /This password is too common\. Choose another\./],
  ])("exits 1 with a clear message on %s", (_label, args, message) => {
    const run = cli(...args);
    expect(run.status).toBe(1);
    expect(run.out).toMatch(message);
  });
});
