// What the benchmark calls to run the better-auth peer: start/stop the built
// app, pre-create pending two-factor sign-ins, build autocannon requests for
// POST /api/auth/sign-in/email and POST /api/auth/two-factor/verify-totp, and
// count the sessions that the verifications created. Plain Node (no Playwright,
// no autocannon import: the request builders return plain objects that
// autocannon accepts).
//
// Prerequisites: `npm ci` and `node node_modules/next/dist/bin/next build` in
// this folder, and the database seeded with seed.ts (same BETTER_AUTH_SECRET).
import { type ChildProcess, spawn } from "node:child_process";
import { createHmac, randomBytes, randomInt } from "node:crypto";
import http from "node:http";
import path from "node:path";
import pg from "pg";
import { DEFAULT_PEER_SECRET } from "./lib/options";

/** This folder (the built peer app). */
export const PEER_DIR = __dirname;

/**
 * The pending two-factor cookie's name. better-auth prefixes its cookies with
 * `__Secure-` when it runs with NODE_ENV=production and no https/http baseURL
 * configured, which is how startPeer runs it (sent over plain http: a client
 * that is not a browser still sends it back).
 */
export const TWO_FACTOR_COOKIE = "__Secure-better-auth.two_factor";
export const SESSION_COOKIE = "__Secure-better-auth.session_token";
/** better-auth's default lifetime of a pending two-factor sign-in (twoFactorCookieMaxAge), seconds. */
const TWO_FACTOR_MAX_AGE = 600;

export type PeerOptions = {
  port: number;
  databaseUrl: string;
  /** BETTER_AUTH_SECRET; must be the one seed.ts encrypted the TOTP secrets with. */
  secret?: string;
  /**
   * better-auth's own rate limiter (default on, as better-auth in production).
   * The load builders send a random X-Forwarded-For per request, so it does its
   * work without refusing the load (see README).
   */
  rateLimit?: boolean;
  /** pg.Pool size in the server (default 10, pg's default). */
  poolSize?: number;
  /** Where the server's stderr goes (default: inherited). */
  stderr?: "inherit" | "ignore";
};

export const peerUrl = (port: number) => `http://localhost:${port}`;

type RawResponse = { status: number; headers: http.IncomingHttpHeaders; body: string };

function request(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? "GET", headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}

/**
 * Spawns `next start` for the built peer in its own process group (detached:
 * `next start` serves from a child process; stopPeer signals the whole group)
 * and resolves once GET / answers 200.
 */
export async function startPeer(options: PeerOptions): Promise<ChildProcess> {
  const child = spawn("node", [path.join(PEER_DIR, "node_modules/next/dist/bin/next"), "start", "-p", String(options.port)], {
    cwd: PEER_DIR,
    detached: true,
    stdio: ["ignore", "ignore", options.stderr ?? "inherit"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: options.databaseUrl,
      BETTER_AUTH_SECRET: options.secret ?? DEFAULT_PEER_SECRET,
      PEER_RATE_LIMIT: options.rateLimit === false ? "off" : "on",
      PEER_POOL_SIZE: String(options.poolSize ?? 10),
      NEXT_TELEMETRY_DISABLED: "1",
    },
  });
  let exited: number | null | undefined;
  child.once("exit", (code) => (exited = code));
  for (let i = 0; i < 300; i++) {
    if (exited !== undefined) throw new Error(`better-auth peer exited (code ${exited}) before answering`);
    const up = await request(`${peerUrl(options.port)}/`).then((r) => r.status === 200, () => false);
    if (up) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  stopPeer(child);
  throw new Error(`better-auth peer on ${options.port} did not start`);
}

/** Stops the peer's whole process group; resolves when the group leader exited. */
export async function stopPeer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  }, 5000);
  await exited;
  clearTimeout(timer);
}

/** A random client address per request, as bench/run.ts does (per-IP limits then never pool requests). */
export const randomIp = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

const jsonHeaders = (port: number, ip: boolean): Record<string, string> => ({
  "content-type": "application/json",
  origin: peerUrl(port),
  ...(ip ? { "x-forwarded-for": randomIp() } : {}),
});

/** The `name=value` of a cookie in a Set-Cookie list, if set (and not being expired). */
export function cookieFrom(setCookie: string[] | undefined, name: string): string | undefined {
  for (const line of setCookie ?? []) {
    const pair = line.split(";")[0]!;
    if (pair.startsWith(`${name}=`) && pair.length > name.length + 1 && !/max-age=0/i.test(line)) return pair;
  }
  return undefined;
}

export type SignInResult = { status: number; body: unknown; twoFactorCookie?: string; sessionCookie?: string };

/** One POST /api/auth/sign-in/email. For a 2FA user: 200 `{ twoFactorRedirect: true, ... }` plus the two-factor cookie. */
export async function signIn(port: number, email: string, password: string): Promise<SignInResult> {
  const res = await request(`${peerUrl(port)}/api/auth/sign-in/email`, {
    method: "POST",
    headers: jsonHeaders(port, true),
    body: JSON.stringify({ email, password }),
  });
  const setCookie = res.headers["set-cookie"];
  return {
    status: res.status,
    body: safeJson(res.body),
    twoFactorCookie: cookieFrom(setCookie, TWO_FACTOR_COOKIE),
    sessionCookie: cookieFrom(setCookie, SESSION_COOKIE),
  };
}

/** One POST /api/auth/two-factor/verify-totp with a pending sign-in's cookie. */
export async function verifyTotp(port: number, twoFactorCookie: string, code: string): Promise<SignInResult> {
  const res = await request(`${peerUrl(port)}/api/auth/two-factor/verify-totp`, {
    method: "POST",
    headers: { ...jsonHeaders(port, true), cookie: twoFactorCookie },
    body: JSON.stringify({ code }),
  });
  const setCookie = res.headers["set-cookie"];
  return { status: res.status, body: safeJson(res.body), sessionCookie: cookieFrom(setCookie, SESSION_COOKIE) };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * K pending two-factor sign-ins made over HTTP (K real sign-ins: each costs an
 * argon2id verification, so about K / 40 seconds on 2 cores). `users` are used
 * round-robin. Returns the K `name=value` two-factor cookies.
 */
export async function createPendingSignIns(
  port: number,
  users: { email: string; password: string }[],
  count: number,
  concurrency = 4,
): Promise<string[]> {
  const cookies: string[] = new Array(count);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= count) return;
      const user = users[i % users.length]!;
      const result = await signIn(port, user.email, user.password);
      if (!result.twoFactorCookie) throw new Error(`sign-in of ${user.email} gave no two-factor cookie (HTTP ${result.status}: ${JSON.stringify(result.body)})`);
      cookies[i] = result.twoFactorCookie;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return cookies;
}

/**
 * K pending two-factor sign-ins written straight to the database (fast: K may
 * be 12,000), exactly as better-auth's sign-in hook leaves them: a
 * `verification` row `2fa-<20 random chars>` → user id, a
 * `2fa-attempts-<identifier>` row holding "0" (the per-challenge attempt
 * counter), both expiring in 10 minutes, and the cookie value
 * `<identifier>.<base64 HMAC-SHA256(secret, identifier)>`, URI-encoded (better-call's
 * signed cookie). The benchmark's own OTP step is measured the same way (one
 * open challenge per user, created before the load). Emails are used round-robin.
 */
export async function createPendingSignInsInDb(options: {
  databaseUrl: string;
  emails: string[];
  count: number;
  secret?: string;
}): Promise<string[]> {
  const secret = options.secret ?? DEFAULT_PEER_SECRET;
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; email: string }>(`SELECT "id", "email" FROM "user" WHERE "email" = ANY($1::text[])`, [options.emails]);
    const idByEmail = new Map(rows.map((r) => [r.email, r.id]));
    const userIds = options.emails.map((e) => {
      const id = idByEmail.get(e);
      if (!id) throw new Error(`no such user: ${e}`);
      return id;
    });
    const expiresAt = new Date(Date.now() + TWO_FACTOR_MAX_AGE * 1000);
    const identifiers: string[] = [];
    const values: string[] = [];
    for (let i = 0; i < options.count; i++) {
      const identifier = `2fa-${randomString(20)}`;
      identifiers.push(identifier, `2fa-attempts-${identifier}`);
      values.push(userIds[i % userIds.length]!, "0");
    }
    const ids = identifiers.map(() => randomString(32, ALNUM));
    for (let start = 0; start < ids.length; start += 10_000) {
      await client.query(
        `INSERT INTO "verification" ("id", "identifier", "value", "expiresAt", "createdAt", "updatedAt")
         SELECT id, identifier, value, $4, now(), now() FROM unnest($1::text[], $2::text[], $3::text[]) AS t(id, identifier, value)`,
        [ids.slice(start, start + 10_000), identifiers.slice(start, start + 10_000), values.slice(start, start + 10_000), expiresAt],
      );
    }
    return identifiers.filter((_, i) => i % 2 === 0).map((identifier) => `${TWO_FACTOR_COOKIE}=${signCookieValue(identifier, secret)}`);
  } finally {
    await client.end();
  }
}

/** better-call's signed cookie value: encodeURIComponent(`${value}.${base64(HMAC-SHA256(secret, value))}`). */
export function signCookieValue(value: string, secret: string): string {
  const signature = createHmac("sha256", secret).update(value).digest("base64");
  return encodeURIComponent(`${value}.${signature}`);
}

const ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const ID_ALPHABET = `${ALNUM}-_`; // better-auth's generateRandomString default alphabet

function randomString(length: number, alphabet = ID_ALPHABET): string {
  const limit = 256 - (256 % alphabet.length); // rejection sampling keeps it unbiased
  let out = "";
  while (out.length < length) {
    for (const b of randomBytes(length * 2)) {
      if (b < limit && out.length < length) out += alphabet[b % alphabet.length];
    }
  }
  return out;
}

/**
 * The current TOTP code for a better-auth secret (its UTF-8 bytes are the
 * HMAC-SHA1 key; 6 digits, 30 s), computed synchronously so that it can be used
 * inside autocannon's setupRequest. `at` shifts the time (e.g. -30_000 for the
 * previous step, which better-auth also accepts: window ±1).
 */
export function totpCode(secret: string, at = Date.now()): string {
  const counter = Math.floor(at / 30_000);
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac("sha1", Buffer.from(secret, "utf8")).update(message).digest();
  const offset = mac[mac.length - 1]! & 15;
  const binary = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(binary % 1_000_000).padStart(6, "0");
}

/**
 * autocannon options (url + requests) for POST /api/auth/sign-in/email.
 * `credentials()` is called per request (e.g. round-robin over the seeded
 * users); each request comes from its own random client IP unless `randomIp: false`.
 */
export function signInLoad(port: number, credentials: () => { email: string; password: string }, options: { randomIp?: boolean } = {}) {
  return {
    url: `${peerUrl(port)}/api/auth/sign-in/email`,
    requests: [
      {
        method: "POST" as const,
        // Generic so that it fits autocannon's own Request type without importing it.
        setupRequest: <R extends object>(req: R) => ({
          ...req,
          headers: jsonHeaders(port, options.randomIp ?? true),
          body: JSON.stringify(credentials()),
        }),
      },
    ],
  };
}

/**
 * autocannon options for POST /api/auth/two-factor/verify-totp: each request
 * spends the next pending sign-in cookie (never one twice, like one challenge
 * per OTP step) with the current TOTP code. `sent()` tells how many cookies
 * have been handed out; past the end it wraps around (those requests then fail
 * with 401, non-2xx for autocannon), so make more cookies than requests: here
 * 20–50 verifications a second on 2 cores, a few hundred per 5 s run.
 */
export function verifyTotpLoad(port: number, cookies: string[], totpSecret: string, options: { randomIp?: boolean } = {}) {
  let next = 0;
  let step = -1;
  let code = "";
  return {
    url: `${peerUrl(port)}/api/auth/two-factor/verify-totp`,
    requests: [
      {
        method: "POST" as const,
        setupRequest: <R extends object>(req: R) => {
          const now = Date.now();
          if (Math.floor(now / 30_000) !== step) {
            step = Math.floor(now / 30_000);
            code = totpCode(totpSecret, now);
          }
          const cookie = cookies[next++ % cookies.length]!;
          return { ...req, headers: { ...jsonHeaders(port, options.randomIp ?? true), cookie }, body: JSON.stringify({ code }) };
        },
      },
    ],
    sent: () => next,
  };
}

/**
 * Rows in better-auth's session table. A verified two-factor sign-in leaves
 * one; a pending one leaves none, but while it runs it inserts a session and
 * deletes it again (better-auth's sign-in creates the session, then its
 * two-factor hook removes it). So count when the server is quiet: with
 * `settleMs`, it polls until the count has not changed for that long (requests
 * that autocannon abandoned at the end of a run still finish on the server).
 */
export async function countSessions(databaseUrl: string, options: { settleMs?: number } = {}): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const count = async () => Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM "session"`)).rows[0]!.n);
    let last = await count();
    if (!options.settleMs) return last;
    let stableSince = Date.now();
    for (;;) {
      await new Promise((r) => setTimeout(r, 100));
      const now = await count();
      if (now !== last) {
        last = now;
        stableSince = Date.now();
      } else if (Date.now() - stableSince >= options.settleMs) {
        return last;
      }
    }
  } finally {
    await client.end();
  }
}
