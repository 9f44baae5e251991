// Started by Playwright's webServer: a fresh SQLite file, migrations, demo
// data, then the production build on its own port.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { E2E_ENV } from "../e2e/support/env";

rmSync("e2e/.data", { recursive: true, force: true });
mkdirSync("e2e/.data", { recursive: true });
const env = { ...process.env, ...E2E_ENV };

for (const args of [
  ["node_modules/prisma/build/index.js", "migrate", "deploy"],
  ["node_modules/tsx/dist/cli.mjs", "prisma/seed.ts"],
]) {
  const result = spawnSync("node", args, { stdio: "inherit", env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const server = spawn("node", ["node_modules/next/dist/bin/next", "start", "-p", E2E_ENV.PORT], {
  stdio: "inherit",
  env: { ...env, NODE_ENV: "production" },
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
