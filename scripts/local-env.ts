import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { parseEnv } from "node:util";

/** Values `npm run demo` needs; secrets are generated fresh for each checkout. */
export function localDefaults(): Record<string, string> {
  return {
    // No DATABASE_URL: the embedded PostgreSQL (lib/database/url.ts) with this password.
    EMBEDDED_POSTGRES_PASSWORD: randomBytes(24).toString("base64url"),
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    AUTH_TRUST_HOST: "true",
    APP_URL: "http://localhost:3000",
    MFA_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    MFA_ENCRYPTION_KEY_ID: "k1",
    EMAIL_TRANSPORT: "outbox",
    // The local identity provider that `npm run demo` starts (scripts/idp.ts).
    SSO_ISSUER: "http://127.0.0.1:4000",
    SSO_CLIENT_ID: "staff-portal",
    SSO_CLIENT_SECRET: randomBytes(24).toString("base64url"),
  };
}

/**
 * Appends every missing key to the env file and returns the names it added.
 * Existing values are never overwritten.
 */
export function ensureLocalEnv(file: string, defaults: Record<string, string> = localDefaults()): string[] {
  const existing = existsSync(file) ? readFileSync(file, "utf8") : "";
  const present = parseEnv(existing);
  const missing = Object.keys(defaults).filter((key) => !(key in present));
  if (missing.length === 0) return [];
  const prefix = existing.length === 0 || existing.endsWith("\n") ? existing : `${existing}\n`;
  const lines = missing.map((key) => `${key}=${defaults[key]}`).join("\n");
  writeFileSync(file, `${prefix}${lines}\n`, { mode: 0o600 });
  return missing;
}
