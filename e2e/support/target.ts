import { checkPostgresUrl } from "../../lib/database/url";

/**
 * What the suite runs against: its own servers (local), or a deployment that
 * is already running (remote: E2E_BASE_URL), whose database the fixtures
 * create users in and read the outbox of (E2E_DATABASE_URL).
 */
export type Target = { remote: false } | { remote: true; baseURL: string; databaseUrl: string };

/** Reads E2E_BASE_URL and E2E_DATABASE_URL; throws one readable line when remote mode lacks what it needs. */
export function resolveTarget(env: Record<string, string | undefined>): Target {
  const base = env.E2E_BASE_URL?.trim();
  if (!base) return { remote: false };
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new Error(`E2E_BASE_URL must be the portal's address, like https://staging.example (got "${base}").`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new Error(`E2E_BASE_URL must be an http:// or https:// address (got ${url.protocol}//…).`);
  }
  const database = env.E2E_DATABASE_URL?.trim();
  if (!database) {
    throw new Error(
      "E2E_DATABASE_URL is required with E2E_BASE_URL: the postgresql:// URL of that deployment's database, where the fixtures create test users (as npm run user:create does) and read the email outbox.",
    );
  }
  // The origin alone: specs navigate to absolute paths ("/login").
  return { remote: true, baseURL: url.origin, databaseUrl: checkPostgresUrl(database, "E2E_DATABASE_URL") };
}
