// Structured logs through pino: one JSON object a line on standard output
// (`{"level":"info","time":"…","pid":…,"hostname":"…","requestId":"…","msg":"…",…}`),
// pretty-printed by pino-pretty under `npm run dev` only. Every line written
// while a request is served names its request (lib/request-scope.ts).
import { createRequire } from "node:module";
import path from "node:path";
import pino, { type DestinationStream, type Logger } from "pino";
import type PinoPretty from "pino-pretty";
import { currentRequestId } from "./request-scope";

/** What replaces a secret's value. */
export const CENSOR = "[redacted]";

/** A field whose name looks like this is censored at any depth, whatever the caller passes. */
const SECRET_NAME = /pass|code|otp|secret|token|cookie|authorization|key/i;

const SECRET_FIELDS = ["password", "newPassword", "currentPassword", "code", "otp", "secret", "totpSecret", "token", "challengeToken", "cookie", "authorization", "apiKey", "key", "clientSecret"];

/**
 * pino's own redaction, for the names above at the top level and one level
 * down and for request and response headers: the list a reviewer can read.
 * The facade's name pattern (below) also catches names it does not list
 * (`otpCode`, `resetTokenHash`).
 */
export const REDACT_PATHS = [
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((name) => `*.${name}`),
  "req.headers.cookie",
  "req.headers.authorization",
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  "headers.cookie",
  "headers.authorization",
  'headers["set-cookie"]',
];

type Value = string | number | boolean | null | undefined;
export type Fields = { [name: string]: Value | Fields | Value[] };

/** The fields with every secret-looking name's value replaced (plain objects, a few levels deep). */
function censored(fields: Fields, depth = 0): Fields {
  const out: Fields = {};
  for (const [name, value] of Object.entries(fields)) {
    if (SECRET_NAME.test(name)) out[name] = CENSOR;
    else if (value && typeof value === "object" && !Array.isArray(value)) out[name] = depth < 4 ? censored(value, depth + 1) : CENSOR;
    else out[name] = value;
  }
  return out;
}

/**
 * pino-pretty as a synchronous stream (never a worker thread, which Next.js's
 * bundles cannot start), under `next dev` only. It is a devDependency: when it
 * is not installed the JSON lines stay.
 */
function developmentStream(): DestinationStream | undefined {
  if (process.env.NODE_ENV !== "development") return undefined;
  try {
    const load = createRequire(path.join(process.cwd(), "package.json"));
    const pretty = load("pino-pretty") as typeof PinoPretty;
    return pretty({ sync: true, ignore: "pid,hostname" });
  } catch {
    return undefined;
  }
}

/** The pino logger under the facade (exported for its tests). */
export function createLogger(destination?: DestinationStream): Logger {
  return pino(
    {
      // A label ("info"), not pino's number: readable in any log search without a table of levels.
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: CENSOR },
      mixin() {
        const requestId = currentRequestId();
        return requestId ? { requestId } : {};
      },
    },
    // process.stdout: synchronous for files and pipes on Linux, as pino's own sync destination, and tests can spy on it.
    destination ?? developmentStream() ?? process.stdout,
  );
}

export type Log = Record<"info" | "warn" | "error", (msg: string, fields?: Fields) => void>;

/** The `log.info(msg, fields)` facade over a pino logger writing to `destination` (tests pass their own). */
export function createLog(destination?: DestinationStream): Log {
  const logger = createLogger(destination);
  return {
    info: (msg, fields = {}) => logger.info(censored(fields), msg),
    warn: (msg, fields = {}) => logger.warn(censored(fields), msg),
    error: (msg, fields = {}) => logger.error(censored(fields), msg),
  };
}

/** This process's log. */
export const log: Log = createLog();
