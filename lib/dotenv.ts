import { existsSync, readFileSync } from "node:fs";
import { parseEnv } from "node:util";

/** Loads `.env` into process.env for scripts and the Prisma CLI; real env vars win. */
export function loadDotEnv(file = ".env"): void {
  if (!existsSync(file)) return;
  const parsed = parseEnv(readFileSync(file, "utf8"));
  for (const [key, value] of Object.entries(parsed)) {
    if (process.env[key] === undefined) process.env[key] = value;
  }
}
