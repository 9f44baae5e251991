// Started by Playwright's webServer. The primary instance makes a fresh SQLite
// file (migrations, demo data) and serves on E2E_PORT; `--secondary` starts a
// second instance on the same database whose email provider is unreachable.
// Each instance's output is also written to e2e/.data/<port>.log, which the
// log-scanning test reads.
import { spawn, spawnSync } from "node:child_process";
import { createWriteStream, mkdirSync, rmSync } from "node:fs";
import { E2E_ENV, SECONDARY_ENV } from "../e2e/support/env";

const secondary = process.argv.includes("--secondary");
const env = { ...process.env, ...E2E_ENV, ...(secondary ? SECONDARY_ENV : {}) };

if (!secondary) {
  rmSync("e2e/.data", { recursive: true, force: true });
  mkdirSync("e2e/.data", { recursive: true });
  for (const args of [
    ["node_modules/prisma/build/index.js", "migrate", "deploy"],
    ["node_modules/tsx/dist/cli.mjs", "prisma/seed.ts"],
  ]) {
    const result = spawnSync("node", args, { stdio: "inherit", env });
    if (result.status !== 0) process.exit(result.status ?? 1);
  }
}

mkdirSync("e2e/.data", { recursive: true });
const logFile = createWriteStream(`e2e/.data/${env.PORT}.log`, { flags: "a" });
const server = spawn("node", ["node_modules/next/dist/bin/next", "start", "-p", env.PORT], {
  stdio: ["ignore", "pipe", "pipe"],
  env: { ...env, NODE_ENV: "production" },
});
for (const stream of [server.stdout, server.stderr]) {
  stream.on("data", (chunk: Buffer) => {
    logFile.write(chunk);
    process.stdout.write(chunk);
  });
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
