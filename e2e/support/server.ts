import { spawn, type ChildProcess } from "node:child_process";
import { openSync } from "node:fs";
import { expect } from "@playwright/test";
import { E2E_ENV } from "./env";

/**
 * Starts `next start` on its own port with the primary's environment and waits
 * until it answers; its output goes to `logFile` when given.
 */
export async function startServer(port: string, extraEnv: Record<string, string> = {}, logFile?: string): Promise<ChildProcess> {
  const output = logFile ? openSync(logFile, "a") : "ignore";
  const child = spawn("node", ["node_modules/next/dist/bin/next", "start", "-p", port], {
    env: { ...process.env, ...E2E_ENV, PORT: port, APP_URL: `http://localhost:${port}`, NODE_ENV: "production", ...extraEnv },
    stdio: ["ignore", output, output],
    // Its own process group: `next start` serves from a child process, and
    // a restart must stop both.
    detached: true,
  });
  await expect
    .poll(async () => fetch(`http://localhost:${port}/login`, { signal: AbortSignal.timeout(2_000) }).then((r) => r.status, () => 0), {
      timeout: 60_000,
    })
    .toBe(200);
  return child;
}

export async function stopServer(child: ChildProcess, port: string) {
  const group = -child.pid!;
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(group, name);
    } catch {
      // The group has already gone.
    }
  };
  signal("SIGTERM");
  const timer = setTimeout(() => signal("SIGKILL"), 5_000);
  // The port is free again only when the group's server process has gone too.
  await expect
    .poll(async () => fetch(`http://localhost:${port}/login`, { signal: AbortSignal.timeout(1_000) }).then(() => "up", () => "down"), {
      timeout: 20_000,
    })
    .toBe("down");
  clearTimeout(timer);
}
