import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { E2E_ENV } from "./env";

export const DEMO_PASSWORD = "correct-horse-battery";

export type TestUser = { email: string; name: string; password: string };

/** Creates a fresh user through the project's own CLI (the code admins use). */
export function createUser(options: { company?: string; name?: string; password?: string } = {}): TestUser {
  const id = randomBytes(4).toString("hex");
  const user = {
    email: `user-${id}@acme.test`,
    name: options.name ?? `Test User ${id}`,
    password: options.password ?? `pw-${id}-long-enough`,
  };
  execFileSync(
    "node",
    [
      "node_modules/tsx/dist/cli.mjs",
      "scripts/user-create.ts",
      "--email", user.email,
      "--name", user.name,
      "--company", options.company ?? "acme",
    ],
    // The password on standard input, as the README tells administrators.
    { env: { ...process.env, ...E2E_ENV }, stdio: "pipe", input: `${user.password}\n` },
  );
  return user;
}
