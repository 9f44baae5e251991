import type { ChildProcess } from "node:child_process";

/** Resolves once a child process has exited (at once if it already has), with its exit code or signal. */
export function exited(child: ChildProcess): Promise<number | NodeJS.Signals | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode ?? child.signalCode);
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal)));
}

/**
 * Sends SIGTERM to each child and resolves once all have exited, or after
 * `graceMs`: a portal lets its jobs in hand finish first (usually
 * milliseconds, at most 15 s: STOP_ON_SIGNAL_MS in lib/jobs/queue.ts), then
 * closes its server.
 */
export async function terminateAll(children: ChildProcess[], graceMs = 20_000): Promise<void> {
  for (const child of children) child.kill("SIGTERM");
  await Promise.race([Promise.all(children.map(exited)), new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
}
