import { Resend } from "resend";
import type { ResendInboxConfig } from "./target";

/** An email the portal sent: from its outbox table, or from Resend's sent emails. */
export type Email = { id: string; to: string; subject: string; text: string; html: string; createdAt: Date };

/** Where the mailbox fixture reads emails from. */
export type EmailSource = { emails(to: string): Promise<Email[]> };

/**
 * Resend's test address (https://resend.com/docs/dashboard/emails/send-test-emails):
 * delivered and never bounced, and the label after "+" keeps each test user's
 * emails apart. The users fixture gives test users such addresses when the
 * deployment sends through Resend, so no real mailbox ever receives a test.
 */
export function resendTestAddress(label: string): string {
  return `delivered+${label}@resend.dev`;
}

/** Resend's API, passed explicitly: without it the SDK would take RESEND_BASE_URL from the environment. */
export const RESEND_API = "https://api.resend.com";

/** Errors that asking again cannot mend: a refused key, a bad request, an unknown email. */
const FINAL_ERRORS = new Set(["missing_api_key", "invalid_api_key", "restricted_api_key", "validation_error", "missing_required_field", "invalid_parameter", "not_found", "method_not_allowed"]);

/**
 * The emails a deployment sent through Resend, read back with the Resend
 * API (the SDK the portal sends with): the account's sent emails, newest
 * first, filtered by recipient, then each one's text and HTML (fetched once).
 *
 * Resend allows 2 requests a second per team by default, and the portal's
 * own sending counts against the same limit. So each worker's requests go one
 * at a time, `minIntervalMs` apart (E2E_RESEND_INTERVAL_MS, 1 s by default).
 * Told it asked too often, or answered with a server or network error, it
 * waits a second and asks again (`retries` times, 5 by default); a refused key
 * or a bad request fails at once, with Resend's error name and message.
 */
export class ResendInbox implements EmailSource {
  private readonly client: Resend;
  private readonly bodies = new Map<string, { text: string; html: string }>();
  private nextRequestAt = 0;
  private readonly minIntervalMs: number;
  /** The worker's requests, one after the other (polls of several tests or fixtures never overlap). */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    config: ResendInboxConfig,
    private readonly options: { minIntervalMs?: number; pages?: number; retries?: number } = {},
  ) {
    this.client = new Resend(config.apiKey, { baseUrl: config.baseUrl ?? RESEND_API });
    this.minIntervalMs = options.minIntervalMs ?? config.intervalMs ?? 1_000;
  }

  /** Every email to `to` among the newest sent (3 pages of 100), newest first (Resend's order). */
  async emails(to: string): Promise<Email[]> {
    const wanted = to.toLowerCase();
    const listed: { id: string; to: string; subject: string; createdAt: Date }[] = [];
    let after: string | undefined;
    for (let page = 0; page < (this.options.pages ?? 3); page++) {
      const list = await this.call("list the sent emails", () => this.client.emails.list(after ? { limit: 100, after } : { limit: 100 }));
      for (const m of list.data) {
        const recipient = m.to.find((address) => address.toLowerCase() === wanted);
        if (recipient) listed.push({ id: m.id, to: recipient, subject: m.subject, createdAt: new Date(m.created_at) });
      }
      if (!list.has_more || list.data.length === 0) break;
      after = list.data.at(-1)!.id;
    }
    const emails: Email[] = [];
    for (const m of listed) {
      let body = this.bodies.get(m.id);
      if (!body) {
        const full = await this.call(`read email ${m.id}`, () => this.client.emails.get(m.id));
        body = { text: full.text ?? "", html: full.html ?? "" };
        this.bodies.set(m.id, body);
      }
      emails.push({ ...m, ...body });
    }
    return emails;
  }

  /** One API request in the worker's queue. */
  private call<T>(what: string, request: () => Promise<{ data: T | null; error: { name: string; message: string } | null }>): Promise<T> {
    const result = this.queue.then(() => this.attempt(what, request));
    this.queue = result.catch(() => {});
    return result;
  }

  private async attempt<T>(what: string, request: () => Promise<{ data: T | null; error: { name: string; message: string } | null }>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const wait = this.nextRequestAt - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      this.nextRequestAt = Date.now() + this.minIntervalMs;
      const { data, error } = await request();
      if (data && !error) return data;
      if (error && !FINAL_ERRORS.has(error.name) && attempt < (this.options.retries ?? 5)) {
        // Resend counts requests per second: the next one after a second.
        this.nextRequestAt = Math.max(this.nextRequestAt, Date.now() + 1_000);
        continue;
      }
      throw new Error(`Resend could not ${what}: ${error?.name ?? "no data"}${error?.message ? `: ${error.message}` : ""}`);
    }
  }
}
