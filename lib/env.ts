import { z } from "zod";
import { parseTrustedProxies, TrustedProxiesError } from "./client-ip";
import { DatabaseUrlError, poolSize, resolveDatabaseUrl } from "./database/url";

const base64Key32 = z
  .string()
  .refine((v) => Buffer.from(v, "base64").length === 32, "must be 32 bytes, base64-encoded");

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z.string().min(1).optional(),
    DATABASE_POOL_SIZE: z.string().optional(),
    EMBEDDED_POSTGRES_PASSWORD: z.string().min(1).optional(),
    PGPORT: z.string().regex(/^\d{2,5}$/, "must be a port number").optional(),
    AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    APP_NAME: z.string().min(1).default("Staff Portal"),
    APP_URL: z.url().default("http://localhost:3000"),
    MFA_ENCRYPTION_KEY: base64Key32.optional(),
    MFA_ENCRYPTION_KEY_ID: z.string().regex(/^[a-z0-9]{1,16}$/).default("k1"),
    MFA_PREVIOUS_KEYS: z.string().optional(),
    /** Proxies in front of the portal: a hop count or addresses/CIDR ranges (lib/client-ip.ts). Unset: none, the socket is the client. */
    TRUSTED_PROXIES: z.string().optional(),
    EMAIL_TRANSPORT: z.enum(["resend", "outbox"]).optional(),
    /** "1" only for `npm run demo` and the test servers: allows the outbox (and /dev/mailbox) in production. */
    PORTAL_DEMO: z.enum(["0", "1"]).optional(),
    RESEND_API_KEY: z.string().min(1).optional(),
    RESEND_BASE_URL: z.url().optional(),
    EMAIL_FROM: z.string().min(3).default("Staff Portal <no-reply@staff-portal.test>"),
    SSO_ISSUER: z.url().optional(),
    SSO_CLIENT_ID: z.string().min(1).optional(),
    SSO_CLIENT_SECRET: z.string().min(1).optional(),
    SSO_NAME: z.string().min(1).max(60).optional(),
    /** The seed's second SSO company (Initech) and its connection: `npm run db:seed` only, like SSO_* for Globex. */
    SSO_INITECH_ISSUER: z.url().optional(),
    SSO_INITECH_CLIENT_ID: z.string().min(1).optional(),
    SSO_INITECH_CLIENT_SECRET: z.string().min(1).optional(),
    /** "1": `npm run sso:connect` accepts an http:// issuer in production (a local identity provider). */
    SSO_ALLOW_HTTP: z.enum(["0", "1"]).optional(),
    /** The bearer token Prometheus sends to GET /api/metrics; unset, the endpoint answers 404. */
    METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  })
  .superRefine((env, ctx) => {
    try {
      if (!resolveDatabaseUrl(env)) {
        ctx.addIssue({ code: "custom", path: ["DATABASE_URL"], message: "is required (a postgresql:// URL; npm run demo or npm run db:start set up the embedded one)" });
      }
      poolSize(env);
    } catch (error) {
      if (!(error instanceof DatabaseUrlError)) throw error;
      ctx.addIssue({ code: "custom", path: [], message: error.message.replace(/\.$/, "") });
    }
    try {
      parseTrustedProxies(env.TRUSTED_PROXIES);
    } catch (error) {
      if (!(error instanceof TrustedProxiesError)) throw error;
      ctx.addIssue({ code: "custom", path: [], message: error.message.replace(/\.$/, "") });
    }
    if (env.NODE_ENV !== "production") return;
    if (!env.AUTH_SECRET) ctx.addIssue({ code: "custom", path: ["AUTH_SECRET"], message: "is required in production" });
    if (!env.MFA_ENCRYPTION_KEY)
      ctx.addIssue({ code: "custom", path: ["MFA_ENCRYPTION_KEY"], message: "is required in production" });
  });

export type Env = z.infer<typeof schema>;

export class EnvError extends Error {}

/** Parses configuration; throws an EnvError whose message is one readable line. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join(".")} ${i.message}`.trim()).join("; ");
  throw new EnvError(`Invalid configuration: ${problems}. See .env.example.`);
}

export type SsoConfig = { issuer: string; clientId: string; clientSecret: string; name: string | undefined };

/** The OpenID Connect provider's settings, or null when single sign-on is not configured. */
export function ssoConfigFrom(config: Env): SsoConfig | null {
  if (!config.SSO_ISSUER || !config.SSO_CLIENT_ID || !config.SSO_CLIENT_SECRET) return null;
  return { issuer: config.SSO_ISSUER, clientId: config.SSO_CLIENT_ID, clientSecret: config.SSO_CLIENT_SECRET, name: config.SSO_NAME };
}

let cached: Env | undefined;

/** The process configuration, parsed once. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
