/**
 * Structured logs: one JSON object a line. Fields whose names look secret are
 * dropped, whatever the caller passes.
 */
const SECRET_FIELD = /pass|code|otp|secret|token|cookie|authorization|key/i;

type Fields = Record<string, string | number | boolean | null | undefined>;

function write(level: "info" | "warn" | "error", msg: string, fields: Fields = {}) {
  const safe = Object.fromEntries(Object.entries(fields).filter(([name]) => !SECRET_FIELD.test(name)));
  const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...safe });
  if (level === "info") process.stdout.write(`${line}\n`);
  else console.error(line);
}

export const log = {
  info: (msg: string, fields?: Fields) => write("info", msg, fields),
  warn: (msg: string, fields?: Fields) => write("warn", msg, fields),
  error: (msg: string, fields?: Fields) => write("error", msg, fields),
};
