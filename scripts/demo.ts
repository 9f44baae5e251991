import { spawn, spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { loadDotEnv } from "../lib/dotenv";
import { ensureLocalEnv } from "./local-env";

const PORT = process.env.PORT ?? "3000";

function run(command: string, args: string[]) {
  const result = spawnSync(command, args, { stdio: "inherit", env: process.env });
  if (result.status !== 0) {
    console.error(`\n${command} ${args.join(" ")} failed.`);
    process.exit(result.status ?? 1);
  }
}

const added = ensureLocalEnv(".env");
if (added.length > 0) console.log(`Wrote ${added.join(", ")} to .env (existing values kept).`);
loadDotEnv();
mkdirSync("prisma/data", { recursive: true });

run("node", ["node_modules/prisma/build/index.js", "migrate", "deploy"]);
run("node", ["node_modules/tsx/dist/cli.mjs", "prisma/seed.ts"]);
run("node", ["node_modules/next/dist/bin/next", "build"]);

const server = spawn("node", ["node_modules/next/dist/bin/next", "start", "-p", PORT], {
  stdio: ["ignore", "inherit", "inherit"],
  env: { ...process.env, NODE_ENV: "production" },
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));

console.log(`
Staff Portal is starting on http://localhost:${PORT}
  Sign in as alex@acme.test or bea@acme.test with the password correct-horse-battery.
  sam@globex.test belongs to an SSO company (no portal password).
  Emails (one-time codes, notices) appear at http://localhost:${PORT}/dev/mailbox
Press Ctrl+C to stop.
`);
