import { log } from "@/lib/log";

// Error codes that mean "the database cannot be reached", as opposed to a
// query that failed: node's socket errors, PostgreSQL's connection-exception
// class (08xxx) and operator-intervention class (57Pxx: shutdown, starting
// up), and Prisma's "can't reach" / "connection closed" / pool timeout.
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH"]);
const PRISMA_CODES = new Set(["P1001", "P1002", "P1017", "P2024"]);
const MESSAGES = [/connection terminated/i, /timeout exceeded when trying to connect/i, /server closed the connection/i, /connection refused/i];

function codeOf(value: unknown): string | undefined {
  if (!value || typeof value !== "object") return undefined;
  const code = (value as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

/** True when an error (or anything in its cause chain) says the database is unreachable. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (!current || typeof current !== "object" || seen.has(current)) continue;
    seen.add(current);
    const code = codeOf(current) ?? codeOf((current as { originalCode?: unknown }).originalCode ? { code: (current as { originalCode: unknown }).originalCode } : null);
    if (code && (SOCKET_CODES.has(code) || PRISMA_CODES.has(code) || /^08/.test(code) || /^57P0[123]$/.test(code))) return true;
    const message = (current as { message?: unknown }).message;
    if (typeof message === "string" && MESSAGES.some((m) => m.test(message))) return true;
    const record = current as Record<string, unknown>;
    queue.push(record.cause, (record.meta as Record<string, unknown> | undefined)?.driverAdapterError, ...(Array.isArray(record.errors) ? record.errors : []));
  }
  return false;
}

const LOG_EVERY_MS = 60_000;
// On globalThis: the proxy and the pages are separate bundles of one process.
const globalForLog = globalThis as unknown as { staffPortalDbLog?: { lastLogged: number; suppressed: number } };
const throttle = (globalForLog.staffPortalDbLog ??= { lastLogged: 0, suppressed: 0 });

/**
 * Logs that the database is unreachable at most once a minute per process
 * (with how many reports were folded into the line), never per request.
 */
export function reportDatabaseError(error: unknown, now = Date.now()): void {
  if (now - throttle.lastLogged < LOG_EVERY_MS) {
    throttle.suppressed += 1;
    return;
  }
  log.error("database unavailable", { reason: codeOf(error) ?? (error as Error)?.name ?? "unknown", suppressed: throttle.suppressed });
  throttle.lastLogged = now;
  throttle.suppressed = 0;
}
