// The peer's better-auth configuration, shared by the app (lib/auth.ts) and
// seed.ts (which needs the same options to create the schema and to encrypt
// TOTP secrets the way the server will decrypt them).
import { type Algorithm, hash, verify } from "@node-rs/argon2";
import type { BetterAuthOptions } from "better-auth";
import { twoFactor } from "better-auth/plugins/two-factor";
import pg from "pg";

/** The portal's argon2id parameters (lib/auth/password.ts): 19 MiB, 2 iterations, parallelism 1. */
export const ARGON2_OPTIONS = {
  algorithm: 2 satisfies Algorithm.Argon2id, // Algorithm.Argon2id (an ambient const enum)
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const;

/**
 * better-auth's secret (cookie signatures, TOTP-secret encryption). The seed
 * and the server must agree on it: the driver passes the same value to both.
 */
export const DEFAULT_PEER_SECRET = "better-auth-peer-bench-secret-not-for-production-0001";

export function peerSecret(): string {
  return process.env.BETTER_AUTH_SECRET || DEFAULT_PEER_SECRET;
}

/** better-auth's own rate limiter: on (its production default) unless PEER_RATE_LIMIT=off (see README). */
export function rateLimitEnabled(): boolean {
  return process.env.PEER_RATE_LIMIT !== "off";
}

export function peerAuthOptions(options: { pool: pg.Pool; secret?: string; rateLimit?: boolean }) {
  return {
    appName: "better-auth peer",
    database: options.pool,
    secret: options.secret ?? peerSecret(),
    // No baseURL: derived from each request, from X-Forwarded-Host/-Proto when
    // both are present (trustedProxyHeaders), else from the request URL.
    advanced: { trustedProxyHeaders: true },
    telemetry: { enabled: false },
    rateLimit: { enabled: options.rateLimit ?? rateLimitEnabled() },
    emailAndPassword: {
      enabled: true,
      password: {
        hash: (password: string) => hash(password, ARGON2_OPTIONS),
        verify: async ({ hash: stored, password }: { hash: string; password: string }) => {
          try {
            return await verify(stored, password);
          } catch {
            return false;
          }
        },
      },
    },
    plugins: [twoFactor({ issuer: "better-auth peer" })],
  } satisfies BetterAuthOptions;
}

export function newPool(databaseUrl: string, max = 10): pg.Pool {
  return new pg.Pool({ connectionString: databaseUrl, max });
}
