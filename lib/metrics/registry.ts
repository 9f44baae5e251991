// The portal's Prometheus metrics: one prom-client Registry per process,
// scraped at GET /api/metrics (app/api/metrics/route.ts). Counters are per
// process, as Prometheus expects: it scrapes every instance and sums.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

export const METRIC_PREFIX = "staff_portal_";

/** The connection pool as pg reports it: connections open, of which idle, and requests waiting for one. */
export type PoolStats = { total: number; idle: number; waiting: number };

/** Where locks that block sign-in start: the (account, client) pair's password lock, the account's OTP lock. */
export type LockoutScope = "password_client" | "otp_account";

/** How a code at the OTP step was proven: the user's method (authenticator or emailed code), a recovery code, an administrator's access code. */
export type OtpMethod = "totp" | "email" | "recovery" | "admin-code";

// Seconds: argon2id alone is about 0.1 s on the password step.
const PASSWORD_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const OTP_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export type Metrics = ReturnType<typeof createMetrics>;

/**
 * A registry with every metric of the portal. `defaults` adds prom-client's
 * Node.js metrics (CPU, memory, event loop lag, GC), prefixed too; the tests
 * leave them out.
 */
export function createMetrics(options: { defaults?: boolean; poolStats?: () => PoolStats | null } = {}) {
  const registry = new Registry();
  const registers = [registry];
  if (options.defaults) collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });
  const poolStats = options.poolStats ?? (() => null);

  const metrics = {
    registry,
    passwordSteps: new Counter({
      name: `${METRIC_PREFIX}password_steps_total`,
      help: "Password steps of sign-in, by result (success, or the refusal's code in lower case; error: it threw).",
      labelNames: ["result"] as const,
      registers,
    }),
    passwordStepSeconds: new Histogram({
      name: `${METRIC_PREFIX}password_step_duration_seconds`,
      help: "Time the password step took (limits, argon2id, the challenge), in seconds.",
      buckets: PASSWORD_BUCKETS,
      registers,
    }),
    otpSteps: new Counter({
      name: `${METRIC_PREFIX}otp_steps_total`,
      help: "Codes checked at the OTP step of sign-in, by method (totp, email, recovery, admin-code) and result.",
      labelNames: ["method", "result"] as const,
      registers,
    }),
    otpStepSeconds: new Histogram({
      name: `${METRIC_PREFIX}otp_step_duration_seconds`,
      help: "Time the check of one code at the OTP step took, in seconds.",
      buckets: OTP_BUCKETS,
      registers,
    }),
    lockouts: new Counter({
      name: `${METRIC_PREFIX}lockouts_total`,
      help: "Locks started by too many failures, by scope (password_client: an account from one client; otp_account: an account's one-time passwords).",
      labelNames: ["scope"] as const,
      registers,
    }),
    emails: new Counter({
      name: `${METRIC_PREFIX}emails_total`,
      help: "Attempts to send one email, by transport (resend, outbox, none), result (sent, failed) and via (request: while a request waits, such as a sign-in code; queue: a job worker's). A queued email retried counts each attempt.",
      labelNames: ["transport", "result", "via"] as const,
      registers,
    }),
    recoveryCodesUsed: new Counter({
      name: `${METRIC_PREFIX}recovery_codes_used_total`,
      help: "Recovery codes used to complete a sign-in.",
      registers,
    }),
    adminActions: new Counter({
      name: `${METRIC_PREFIX}admin_actions_total`,
      help: "Entries written to companies' audit logs, by action (policy.changed, role.changed, access_code.issued, sso.enabled, ...).",
      labelNames: ["action"] as const,
      registers,
    }),
    poolConnections: new Gauge({
      name: `${METRIC_PREFIX}db_pool_connections`,
      help: "The process's PostgreSQL pool at scrape time, by state (in_use, idle, waiting: requests queued for a connection).",
      labelNames: ["state"] as const,
      registers,
      collect() {
        const stats = poolStats() ?? { total: 0, idle: 0, waiting: 0 };
        this.set({ state: "in_use" }, stats.total - stats.idle);
        this.set({ state: "idle" }, stats.idle);
        this.set({ state: "waiting" }, stats.waiting);
      },
    }),
  };

  // Series that exist from the first scrape, at 0: rate() and ratios over them need no "absent" special case.
  for (const result of ["success", "invalid_credentials", "too_many_attempts"]) metrics.passwordSteps.inc({ result }, 0);
  for (const method of ["totp", "email", "recovery", "admin-code"] satisfies OtpMethod[]) {
    for (const result of ["success", "invalid_code"]) metrics.otpSteps.inc({ method, result }, 0);
  }
  for (const scope of ["password_client", "otp_account"] satisfies LockoutScope[]) metrics.lockouts.inc({ scope }, 0);
  return metrics;
}

// On globalThis: the route handlers, the actions and the job workers are
// separate bundles of one process (and dev reloads modules), but a metric may
// be registered only once and must be counted in one place.
const globalForMetrics = globalThis as unknown as { staffPortalMetrics?: Metrics; staffPortalPoolStats?: () => PoolStats };

/**
 * Tells the pool gauge where to read this process's pool (lib/db.ts, when it
 * makes the pool). It does not make the registry: a CLI that connects never does.
 */
export function observePool(stats: () => PoolStats): void {
  globalForMetrics.staffPortalPoolStats = stats;
}

/** This process's metrics, made on first use. */
export function metrics(): Metrics {
  return (globalForMetrics.staffPortalMetrics ??= createMetrics({ defaults: true, poolStats: () => globalForMetrics.staffPortalPoolStats?.() ?? null }));
}
