import { spawn, type ChildProcess } from "node:child_process";
import { openSync } from "node:fs";
import { expect } from "@playwright/test";
import { exited } from "../../scripts/child-exit";
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

/**
 * Stops a portal started by startServer with SIGTERM, as a deploy does, and
 * resolves with how it ended (143: Next's own handler, after the portal's job
 * queue stopped) once it has exited and its port is free. SIGKILL after 20 s:
 * the portal gives its jobs in hand up to 15 s.
 */
export async function stopServer(child: ChildProcess, port: string): Promise<number | NodeJS.Signals | null> {
  const group = -child.pid!;
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(group, name);
    } catch {
      // The group has already gone.
    }
  };
  const ended = exited(child);
  signal("SIGTERM");
  const timer = setTimeout(() => signal("SIGKILL"), 20_000);
  const status = await ended;
  clearTimeout(timer);
  await expect
    .poll(async () => fetch(`http://localhost:${port}/login`, { signal: AbortSignal.timeout(1_000) }).then(() => "up", () => "down"), {
      timeout: 20_000,
    })
    .toBe("down");
  return status;
}
