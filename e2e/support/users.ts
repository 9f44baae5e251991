import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { E2E_ENV } from "./env";

export const DEMO_PASSWORD = "correct-horse-battery";

export type TestUser = { email: string; name: string; password: string };

const cli = (script: string, args: string[], input?: string) =>
  execFileSync("node", ["node_modules/tsx/dist/cli.mjs", script, ...args], { env: { ...process.env, ...E2E_ENV }, stdio: "pipe", input });

/** Creates a fresh user through the project's own CLI (the code admins use). */
export function createUser(options: { company?: string; name?: string; password?: string; role?: "staff" | "admin"; domain?: string } = {}): TestUser {
  const id = randomBytes(4).toString("hex");
  const user = {
    email: `user-${id}@${options.domain ?? "acme.test"}`,
    name: options.name ?? `Test User ${id}`,
    password: options.password ?? `pw-${id}-long-enough`,
  };
  // The password on standard input, as the README tells administrators.
  cli("scripts/user-create.ts", ["--email", user.email, "--name", user.name, "--company", options.company ?? "acme", "--role", options.role ?? "staff"], `${user.password}\n`);
  return user;
}

/**
 * A company of its own for a test that changes company-wide settings (so
 * that its policy never reaches the users of tests running beside it).
 */
export function createCompany(options: { name?: string; sso?: boolean } = {}): { slug: string; name: string } {
  const id = randomBytes(4).toString("hex");
  const company = { slug: `co-${id}`, name: options.name ?? `Company ${id}` };
  cli("scripts/company-create.ts", ["--slug", company.slug, "--name", company.name, ...(options.sso ? ["--sso"] : [])]);
  return company;
}
