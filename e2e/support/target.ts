import { checkPostgresUrl } from "../../lib/database/url";

/**
 * What the suite runs against: its own servers (local), or a deployment that
 * is already running (remote: E2E_BASE_URL), whose database the fixtures
 * create users in and read the outbox of (E2E_DATABASE_URL). A deployment
 * that sends through Resend has no outbox: with E2E_RESEND_API_KEY the
 * fixtures read its emails from the Resend account's sent emails instead
 * (`resend`; E2E_RESEND_BASE_URL for another address of the API).
 */
export type ResendInboxConfig = { apiKey: string; baseUrl?: string; intervalMs?: number };
export type Target = { remote: false } | { remote: true; baseURL: string; databaseUrl: string; resend?: ResendInboxConfig };

/** E2E_RESEND_API_KEY (and E2E_RESEND_BASE_URL), checked; undefined without a key. */
function resendInbox(env: Record<string, string | undefined>): ResendInboxConfig | undefined {
  const apiKey = env.E2E_RESEND_API_KEY?.trim();
  if (!apiKey) {
    if (env.E2E_RESEND_BASE_URL?.trim()) throw new Error("E2E_RESEND_BASE_URL needs E2E_RESEND_API_KEY, the key the fixtures read the sent emails with.");
    return undefined;
  }
  if (!/^re_[A-Za-z0-9_]+$/.test(apiKey)) throw new Error("E2E_RESEND_API_KEY must be a Resend API key (re_…) of the account the deployment sends with.");
  const baseUrl = env.E2E_RESEND_BASE_URL?.trim();
  if (baseUrl !== undefined && baseUrl !== "") {
    let url: URL;
    try {
      url = new URL(baseUrl);
    } catch {
      throw new Error(`E2E_RESEND_BASE_URL must be an http:// or https:// address (got "${baseUrl}").`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`E2E_RESEND_BASE_URL must be an http:// or https:// address (got ${url.protocol}//…).`);
    // The key goes with every request: in clear only to this machine.
    if (url.protocol === "http:" && !["127.0.0.1", "localhost", "[::1]"].includes(url.hostname)) {
      throw new Error(`E2E_RESEND_BASE_URL must be https:// unless it is on this machine (got ${url.origin}): the API key goes with every request.`);
    }
    return { apiKey, baseUrl: url.origin, ...interval(env) };
  }
  return { apiKey, ...interval(env) };
}

/** E2E_RESEND_INTERVAL_MS: how far apart one worker's requests to Resend go (1000 unless set). */
function interval(env: Record<string, string | undefined>): { intervalMs?: number } {
  const raw = env.E2E_RESEND_INTERVAL_MS?.trim();
  if (!raw) return {};
  if (!/^\d+$/.test(raw) || Number(raw) > 60_000) throw new Error(`E2E_RESEND_INTERVAL_MS must be a whole number of milliseconds up to 60000 (got "${raw}").`);
  return { intervalMs: Number(raw) };
}

/** Reads E2E_BASE_URL and E2E_DATABASE_URL; throws one readable line when remote mode lacks what it needs. */
export function resolveTarget(env: Record<string, string | undefined>): Target {
  const base = env.E2E_BASE_URL?.trim();
  if (!base) {
    if (env.E2E_RESEND_API_KEY?.trim()) throw new Error("E2E_RESEND_API_KEY is for a deployment (E2E_BASE_URL): the suite's own servers keep their emails in the outbox table.");
    return { remote: false };
  }
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
  const resend = resendInbox(env);
  return { remote: true, baseURL: url.origin, databaseUrl: checkPostgresUrl(database, "E2E_DATABASE_URL"), ...(resend ? { resend } : {}) };
}
