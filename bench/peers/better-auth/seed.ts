// Seeds the better-auth peer: creates better-auth's schema when missing (its own
// migration planner, the one `npx auth migrate` runs, offline), then N users
// with TOTP two-factor enabled, in bulk SQL, in exactly the format better-auth
// writes and reads:
//   user        twoFactorEnabled = true
//   account     providerId "credential", accountId = user id, password = argon2id PHC string
//   twoFactor   secret = symmetricEncrypt(BETTER_AUTH_SECRET, <32-char secret>) (hex, XChaCha20-Poly1305),
//               backupCodes = the same encryption of a JSON array of 10 codes, verified = true
//
// CLI (from the repository root or from this folder; only the script path changes):
//   DATABASE_URL=postgresql://... node /work/main/node_modules/tsx/dist/cli.mjs bench/peers/better-auth/seed.ts 12000 [--out users.json]
// Without --out it prints the JSON ({ emails, password, totpSecret, ... }) on stdout.
import { writeFileSync } from "node:fs";
import { hash } from "@node-rs/argon2";
import { generateRandomString, symmetricEncrypt } from "better-auth/crypto";
import { getMigrations } from "better-auth/db/migration";
import { ARGON2_OPTIONS, newPool, peerAuthOptions, peerSecret } from "./lib/options";

/** The password every seeded user has. */
export const PEER_PASSWORD = "bench-password-123";
/**
 * The TOTP secret every seeded user has, in better-auth's native form: a
 * 32-character string whose UTF-8 bytes are the HMAC-SHA1 key (what
 * `/two-factor/enable` generates with generateRandomString(32)).
 */
export const DEFAULT_TOTP_SECRET = "PeerBenchTotpSecret0123456789abc";

export const peerEmail = (i: number) => `ba-${i}@peer.test`;

export type SeededPeer = {
  emails: string[];
  password: string;
  /** better-auth's TOTP secret (its UTF-8 bytes are the HMAC key). */
  totpSecret: string;
  /** The same key in base32, as an authenticator app would receive it. */
  totpSecretBase32: string;
  /** The BETTER_AUTH_SECRET the rows were encrypted with: the server must run with it. */
  betterAuthSecret: string;
};

const BATCH = 2000;

function base32(bytes: Buffer): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}

/** Creates better-auth's tables and indexes if missing (idempotent). Returns the statements it ran. */
export async function ensurePeerSchema(databaseUrl: string, secret = peerSecret()): Promise<string> {
  const pool = newPool(databaseUrl, 2);
  try {
    const { runMigrations, compileMigrations, toBeCreated, toBeAdded, toBeAddedIndexes } = await getMigrations(
      peerAuthOptions({ pool, secret, rateLimit: false }),
    );
    if (toBeCreated.length === 0 && toBeAdded.length === 0 && toBeAddedIndexes.length === 0) return "";
    const sql = await compileMigrations();
    await runMigrations();
    return sql;
  } finally {
    await pool.end();
  }
}

/**
 * Replaces the peer's seeded users (ba-*@peer.test) with `count` fresh ones,
 * each with a credential password and verified TOTP two-factor.
 */
export async function seedPeer(options: {
  databaseUrl: string;
  count: number;
  password?: string;
  totpSecret?: string;
  secret?: string;
}): Promise<SeededPeer> {
  const password = options.password ?? PEER_PASSWORD;
  const totpSecret = options.totpSecret ?? process.env.PEER_TOTP_SECRET ?? DEFAULT_TOTP_SECRET;
  const secret = options.secret ?? peerSecret();
  await ensurePeerSchema(options.databaseUrl, secret);

  // One argon2id hash shared by every user (each verification still costs the full argon2id work).
  const passwordHash = await hash(password, ARGON2_OPTIONS);
  const emails = Array.from({ length: options.count }, (_, i) => peerEmail(i));
  const pool = newPool(options.databaseUrl, 4);
  try {
    await pool.query(`DELETE FROM "verification" WHERE "identifier" LIKE '2fa-%'`);
    await pool.query(`DELETE FROM "user" WHERE "email" LIKE 'ba-%@peer.test'`); // cascades to account, twoFactor, session

    for (let start = 0; start < emails.length; start += BATCH) {
      const batch = emails.slice(start, start + BATCH);
      const userIds = batch.map(() => generateRandomString(32, "a-z", "A-Z", "0-9"));
      const accountIds = batch.map(() => generateRandomString(32, "a-z", "A-Z", "0-9"));
      const twoFactorIds = batch.map(() => generateRandomString(32, "a-z", "A-Z", "0-9"));
      const names = batch.map((_, i) => `Peer ${start + i}`);
      // Each row is encrypted on its own (its own nonce), as /two-factor/enable does.
      const secrets = await Promise.all(batch.map(() => symmetricEncrypt({ key: secret, data: totpSecret })));
      const backupCodes = await Promise.all(
        batch.map(() => {
          const codes = Array.from({ length: 10 }, () => generateRandomString(10, "a-z", "0-9", "A-Z")).map(
            (c) => `${c.slice(0, 5)}-${c.slice(5)}`,
          );
          return symmetricEncrypt({ key: secret, data: JSON.stringify(codes) });
        }),
      );
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        await client.query(
          `INSERT INTO "user" ("id", "name", "email", "emailVerified", "image", "createdAt", "updatedAt", "twoFactorEnabled")
           SELECT id, name, email, true, NULL, now(), now(), true FROM unnest($1::text[], $2::text[], $3::text[]) AS t(id, name, email)`,
          [userIds, names, batch],
        );
        await client.query(
          `INSERT INTO "account" ("id", "accountId", "providerId", "userId", "password", "createdAt", "updatedAt")
           SELECT id, "userId", 'credential', "userId", $3, now(), now() FROM unnest($1::text[], $2::text[]) AS t(id, "userId")`,
          [accountIds, userIds, passwordHash],
        );
        await client.query(
          `INSERT INTO "twoFactor" ("id", "secret", "backupCodes", "userId", "verified", "failedVerificationCount", "lockedUntil")
           SELECT id, secret, codes, "userId", true, 0, NULL FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS t(id, secret, codes, "userId")`,
          [twoFactorIds, secrets, backupCodes, userIds],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    }
  } finally {
    await pool.end();
  }
  return {
    emails,
    password,
    totpSecret,
    totpSecretBase32: base32(Buffer.from(totpSecret, "utf8")),
    betterAuthSecret: secret,
  };
}

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main() {
  const databaseUrl = argValue("--database-url") ?? process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error("set DATABASE_URL (or pass --database-url)");
  const positional = process.argv.slice(2).find((a, i, all) => /^\d+$/.test(a) && !all[i - 1]?.startsWith("--"));
  const count = Number(argValue("--count") ?? positional ?? process.env.SEED_COUNT ?? 50);
  if (!Number.isInteger(count) || count < 1) throw new Error(`bad user count: ${count}`);
  const started = performance.now();
  const seeded = await seedPeer({ databaseUrl, count });
  const ms = performance.now() - started;
  const out = argValue("--out");
  if (out) {
    writeFileSync(out, `${JSON.stringify(seeded, null, 2)}\n`);
    console.error(`seeded ${count} better-auth users with TOTP in ${ms.toFixed(0)} ms; list written to ${out}`);
  } else {
    console.error(`seeded ${count} better-auth users with TOTP in ${ms.toFixed(0)} ms`);
    console.log(JSON.stringify(seeded, null, 2));
  }
}

// Run as a script, not when imported (e.g. by the benchmark).
if (process.argv[1] && /seed\.[cm]?ts$/.test(process.argv[1])) {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
