// npm run bench: the sign-in flows over HTTP against `next start`, side by
// side with the framework's own ceiling, in one run. See README "Performance".
//
// `npm run bench -- --smoke`: one short round per flow on a small data set,
// checking that every flow answers correctly; no figures are kept (CI runs it
// so that the benchmark cannot rot unnoticed).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomInt } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { hash, verify } from "@node-rs/argon2";
import { adminFor, applyMigrations, createDatabase, startEmbeddedPostgres, temporaryDataDir, type EmbeddedServer } from "../lib/database/embedded";
import { checkPostgresUrl, withDatabase } from "../lib/database/url";
import { rawRequest, scriptBytes, treeRss } from "./http";
import { reuseBuild } from "../scripts/build-freshness";

const SMOKE = process.argv.includes("--smoke");
const PORT = 3300;
const BASE_PORT = 3301;
const PG_PORT = 54369;
const PEER_PORT = 3302;
const PEER_DIR = "bench/peers/better-auth";
const APP = `http://localhost:${PORT}`;
const BASELINE = `http://localhost:${BASE_PORT}`;
const DURATION = SMOKE ? 2 : Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 32;
const ROUNDS = SMOKE ? 1 : 3;
const PASSWORD = "bench-password-123";
/** The benchmark's PostgreSQL: BENCH_DATABASE_URL's server, else an embedded one with throwaway data. */
const SERVER_URL = process.env.BENCH_DATABASE_URL
  ? checkPostgresUrl(process.env.BENCH_DATABASE_URL, "BENCH_DATABASE_URL")
  : `postgresql://postgres:bench@127.0.0.1:${PG_PORT}/postgres`;
const env = {
  ...process.env,
  DATABASE_URL: withDatabase(SERVER_URL, "portal_bench"),
  AUTH_SECRET: "bench-auth-secret-not-for-production-000000",
  AUTH_TRUST_HOST: "true",
  APP_URL: APP,
  MFA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
  MFA_ENCRYPTION_KEY_ID: "bench",
  EMAIL_TRANSPORT: "outbox",
  PORTAL_DEMO: "1",
  // The load generator plays the proxy: each request's X-Forwarded-For is its client.
  TRUSTED_PROXIES: "1",
  NODE_ENV: "production" as const,
};

function run(args: string[], extraEnv: Record<string, string> = {}, command = "node", cwd = ".") {
  const result = spawnSync(command, args, { stdio: "inherit", cwd, env: { ...env, NODE_ENV: "production", ...extraEnv } });
  if (result.status !== 0) throw new Error(`failed: ${command} ${args.join(" ")}`);
}

/**
 * BENCH_PROFILE=<dir>: the portal's server runs under `node --cpu-prof` and
 * writes its CPU profile there when the run ends (`bench/profile.ts` sums it).
 * BENCH_ONLY=<text>: run only the flows whose name contains it.
 */
const PROFILE_DIR = process.env.BENCH_PROFILE ? path.resolve(process.env.BENCH_PROFILE) : null;
const ONLY = process.env.BENCH_ONLY ?? "";

async function startServer(dir: string, port: number): Promise<ChildProcess> {
  const args = ["node_modules/next/dist/bin/next", "start", "-p", String(port)];
  if (dir) args.splice(2, 0, dir);
  else if (PROFILE_DIR) args.unshift("--cpu-prof", `--cpu-prof-dir=${PROFILE_DIR}`);
  // Its own process group: `next start` runs the server in a child process,
  // and stopping the group stops both.
  const child = spawn("node", args, { env, stdio: ["ignore", "ignore", "inherit"], detached: true });
  for (let i = 0; i < 200; i++) {
    const up = await rawRequest(`http://localhost:${port}/`).then(() => true, () => false);
    if (up) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server on ${port} did not start`);
}

type Figure = { rps: number; p50: number; p99: number; errors: number };

/** What bench/peers/better-auth/driver.ts and seed.ts offer (see its README). */
type PeerDriver = {
  startPeer(options: { port: number; databaseUrl: string; secret?: string }): Promise<ChildProcess>;
  stopPeer(child: ChildProcess): Promise<void>;
  createPendingSignInsInDb(options: { databaseUrl: string; emails: string[]; count: number }): Promise<string[]>;
  countSessions(databaseUrl: string, options?: { settleMs?: number }): Promise<number>;
  verifyTotpLoad(port: number, cookies: string[], totpSecret: string): object;
  signInLoad(port: number, credentials: () => { email: string; password: string }): object;
};
type PeerSeed = {
  seedPeer(options: { databaseUrl: string; count: number }): Promise<{ emails: string[]; password: string; totpSecret: string; betterAuthSecret: string }>;
};

async function load(options: autocannon.Options): Promise<Figure> {
  const result = await autocannon({ connections: CONNECTIONS, duration: DURATION, ...options });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result["4xx"] + result["5xx"],
  };
}

/** Raw argon2id verifications per second with the project's parameters, on this machine's threads. */
async function argon2Ceiling(): Promise<Figure> {
  const { ARGON2_OPTIONS } = await import("../lib/auth/password");
  const stored = await hash(PASSWORD, ARGON2_OPTIONS);
  const latencies: number[] = [];
  const end = Date.now() + DURATION * 1000;
  const worker = async () => {
    while (Date.now() < end) {
      const t = performance.now();
      await verify(stored, PASSWORD);
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
  return { rps: latencies.length / DURATION, p50: q(0.5), p99: q(0.99), errors: 0 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const medianFigure = (runs: Figure[]): Figure => ({
  rps: median(runs.map((r) => r.rps)),
  p50: median(runs.map((r) => r.p50)),
  p99: median(runs.map((r) => r.p99)),
  errors: runs.reduce((n, r) => n + r.errors, 0),
});

async function main() {
  const started = Date.now();
  // Always build both: a build left over from older sources would measure the wrong code.
  // (`--reuse-build` is for `npm test`, which has just built the portal; an out-of-date build is rebuilt.)
  if (!reuseBuild(process.argv, process.cwd())) run(["node_modules/next/dist/bin/next", "build"]);
  run(["node_modules/next/dist/bin/next", "build", "bench/baseline"]);
  // The peer: better-auth with its twoFactor plugin, its own package.json, same next/react.
  if (!existsSync(`${PEER_DIR}/node_modules/next`)) run(["ci", "--no-audit", "--no-fund"], { NODE_ENV: "development" }, "npm", PEER_DIR);
  run(["node_modules/next/dist/bin/next", "build"], {}, "node", PEER_DIR);

  let database: EmbeddedServer | null = null;
  if (!process.env.BENCH_DATABASE_URL) {
    const dataDir = temporaryDataDir("portal-bench-");
    database = await startEmbeddedPostgres({
      dataDir,
      port: PG_PORT,
      password: "bench",
      persistent: false,
      // Statement counts per flow come from PostgreSQL itself, BEGIN/COMMIT included.
      settings: { shared_preload_libraries: "pg_stat_statements", "pg_stat_statements.track_utility": "on" },
    });
  }
  await createDatabase(adminFor(SERVER_URL), "portal_bench", { recreate: true });
  await applyMigrations(env.DATABASE_URL);
  const countsStatements = !process.env.BENCH_DATABASE_URL;
  await createDatabase(adminFor(SERVER_URL), "peer_bench", { recreate: true });
  const peerDatabaseUrl = withDatabase(SERVER_URL, "peer_bench");
  if (countsStatements) await adminFor(env.DATABASE_URL)((c) => c.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements"));
  run(["node_modules/tsx/dist/cli.mjs", "prisma/seed.ts"]);

  // Users and challenges, made with the project's own code before the server starts.
  Object.assign(process.env, env);
  const { db } = await import("../lib/db");
  const { createUser } = await import("../lib/users/create-user");
  const { newToken } = await import("../lib/auth/tokens");
  const { keyRingFrom, sealSecret } = await import("../lib/mfa/secret-box");
  const { generateTotpSecret, totpCode } = await import("../lib/mfa/totp");
  const created = await createUser(db, { email: "bench@acme.test", name: "Bench User", password: PASSWORD, company: "acme" });
  if (!created.ok) throw new Error(created.message);
  const template = await db.user.findUniqueOrThrow({ where: { id: created.userId } });
  const secret = generateTotpSecret();
  const ring = keyRingFrom({ key: env.MFA_ENCRYPTION_KEY, keyId: env.MFA_ENCRYPTION_KEY_ID });
  const mfaUsers = SMOKE ? 500 : Number(process.env.BENCH_MFA_USERS ?? 12000);
  await db.user.createMany({
    // The same TOTP secret for all, each sealed for its own row (secrets are bound to their owner).
    data: Array.from({ length: mfaUsers }, (_, i) => ({
      id: `bench-mfa-${i}`,
      email: `mfa-${i}@acme.test`,
      name: `MFA ${i}`,
      companyId: template.companyId,
      passwordHash: template.passwordHash,
      mfaMethod: "TOTP",
      totpSecret: sealSecret(secret, ring, { userId: `bench-mfa-${i}`, field: "totpSecret" }),
    })),
  });
  const ids = await db.user.findMany({ where: { mfaMethod: "TOTP" }, select: { id: true }, orderBy: { email: "asc" } });
  // One open challenge per user, as the password step leaves them. They live
  // 10 minutes: the OTP scenario runs first, well inside that.
  const challenges = ids.map(({ id }) => ({ userId: id, ...newToken() }));
  const expiresAt = new Date(Date.now() + 10 * 60_000);
  await db.loginChallenge.createMany({ data: challenges.map((c) => ({ userId: c.userId, tokenHash: c.tokenHash, callbackUrl: "/", expiresAt })) });
  const tokens = challenges.map((c) => c.token);

  const manifest = JSON.parse(readFileSync(".next/server/server-reference-manifest.json", "utf8")).node as Record<string, { exportedName: string }>;
  const actionId = (name: string) => Object.entries(manifest).find(([, v]) => v.exportedName === name)![0];
  const signInId = actionId("signInAction");
  const verifyId = actionId("verifyCodeAction");
  const actionHeaders = (id: string) => ({ "next-action": id, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component", origin: APP });

  // The peer's users (2FA on, known TOTP secret) and one pending two-factor sign-in each, as ours have challenges.
  // Imported by path at run time: the peer's dependencies live in its own node_modules,
  // which the portal's typecheck does not see (its types are checked by the peer's build).
  const peerDriver = (await import(path.resolve(PEER_DIR, "driver.ts"))) as PeerDriver;
  const { seedPeer } = (await import(path.resolve(PEER_DIR, "seed.ts"))) as PeerSeed;
  const peerUsers = await seedPeer({ databaseUrl: peerDatabaseUrl, count: SMOKE ? 200 : 2000 });
  const peerCookies = await peerDriver.createPendingSignInsInDb({ databaseUrl: peerDatabaseUrl, emails: peerUsers.emails, count: SMOKE ? 2000 : 12000 });
  const peerSessionsBefore = await peerDriver.countSessions(peerDatabaseUrl);
  const peer = await peerDriver.startPeer({ port: PEER_PORT, databaseUrl: peerDatabaseUrl, secret: peerUsers.betterAuthSecret });
  const peerVerify = peerDriver.verifyTotpLoad(PEER_PORT, peerCookies, peerUsers.totpSecret);
  let peerNext = 0;
  const peerSignIn = peerDriver.signInLoad(PEER_PORT, () => ({ email: peerUsers.emails[peerNext++ % peerUsers.emails.length]!, password: peerUsers.password }));

  const app = await startServer("", PORT);
  const baseline = await startServer("bench/baseline", BASE_PORT);
  let peakRss = 0;
  let baselineRss = 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, treeRss(app.pid!));
    baselineRss = Math.max(baselineRss, treeRss(baseline.pid!));
  }, 100);

  // A signed-in session for GET /, obtained over HTTP like a browser would.
  const signedIn = await rawRequest(`${APP}/login`, {
    method: "POST",
    headers: actionHeaders(signInId),
    body: JSON.stringify([{ email: "bench@acme.test", password: PASSWORD, callbackUrl: "/" }]),
  });
  const sessionCookie = (signedIn.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).find((c) => c!.startsWith("authjs.session-token"));
  if (!sessionCookie) throw new Error("sign-in for the benchmark failed");
  // Alex, Acme's administrator in the seed, for Company settings over all of Acme's staff.
  const adminSignedIn = await rawRequest(`${APP}/login`, {
    method: "POST",
    headers: actionHeaders(signInId),
    body: JSON.stringify([{ email: "alex@acme.test", password: "correct-horse-battery", callbackUrl: "/" }]),
  });
  const adminCookie = (adminSignedIn.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).find((c) => c!.startsWith("authjs.session-token"));
  if (!adminCookie) throw new Error("the administrator's sign-in for the benchmark failed");
  const staffCount = await db.user.count({ where: { companyId: template.companyId } });
  const STAFF_LIST = `GET /company/staff (${staffCount} staff, first page)`;
  const STAFF_SEARCH = `GET /company/staff?q=&status= (${staffCount} staff, search + MFA status)`;
  const STAFF_CSV = `GET /company/staff/export (CSV of ${staffCount} staff)`;

  // Statements per request of each flow, counted by pg_stat_statements over
  // COUNT_N sequential requests (BEGIN and COMMIT count as statements).
  const COUNT_N = 20;
  const statements: Record<string, number | null> = {};
  const admin = adminFor(env.DATABASE_URL);
  const count = async (name: string, send: (i: number) => Promise<unknown>) => {
    if (!countsStatements) return void (statements[name] = null);
    await admin((c) => c.query("SELECT pg_stat_statements_reset()"));
    for (let i = 0; i < COUNT_N; i++) await send(i);
    const rows = await admin((c) =>
      c.query<{ calls: string }>(
        "SELECT coalesce(sum(calls), 0) AS calls FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'portal_bench') AND query NOT ILIKE '%pg_stat_statements%'",
      ),
    );
    statements[name] = Number(rows.rows[0]!.calls) / COUNT_N;
  };
  const post = (path: string, id: string, body: unknown, headers: Record<string, string> = {}) =>
    rawRequest(`${APP}${path}`, { method: "POST", headers: { ...actionHeaders(id), ...headers }, body: JSON.stringify(body) });
  await count("OTP step (valid TOTP, fresh challenge)", (i) =>
    post("/login/verify", verifyId, [{ code: totpCode(secret, new Date()) }], { cookie: `sp_challenge=${tokens[i]}`, "x-forwarded-for": `10.9.0.${i + 1}` }),
  );
  await count("password step, correct (MFA off)", (i) =>
    post("/login", signInId, [{ email: "bench@acme.test", password: PASSWORD, callbackUrl: "/" }], { "x-forwarded-for": `10.9.1.${i + 1}` }),
  );
  await count("password step, wrong password", (i) =>
    post("/login", signInId, [{ email: `count-${i}@acme.test`, password: "wrong-password", callbackUrl: "/" }], { "x-forwarded-for": `10.9.2.${i + 1}` }),
  );
  await count("GET /login", () => rawRequest(`${APP}/login`));
  await count("GET / (signed in)", () => rawRequest(`${APP}/`, { headers: { cookie: sessionCookie } }));
  await count(STAFF_LIST, () => rawRequest(`${APP}/company/staff`, { headers: { cookie: adminCookie } }));
  await count(STAFF_SEARCH, () => rawRequest(`${APP}/company/staff?q=mfa-1&status=on&page=2`, { headers: { cookie: adminCookie } }));
  console.log("SQL statements per request:", statements);

  let next = 0;
  let otpNext = COUNT_N;
  const ip = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
  /** The sign-in form's action, each request from its own client IP (so per-IP limits do not kick in). */
  const passwordStep = (credentials: () => { email: string; password: string }) =>
    load({
      url: `${APP}/login`,
      requests: [
        {
          method: "POST",
          setupRequest: (req: autocannon.Request) => ({
            ...req,
            headers: { ...actionHeaders(signInId), "x-forwarded-for": ip() },
            body: JSON.stringify([{ ...credentials(), callbackUrl: "/" }]),
          }),
        },
      ],
    });
  const scenarios: { name: string; ceiling: string; run: () => Promise<Figure>; peer?: { name: string; run: () => Promise<Figure> } }[] = [
    {
      name: "OTP step (valid TOTP, fresh challenge)",
      ceiling: "bare route handler",
      peer: { name: "better-auth verify-totp", run: () => load(peerVerify as autocannon.Options) },
      run: () =>
        load({
          url: `${APP}/login/verify`,
          requests: [
            {
              method: "POST",
              setupRequest: (req: autocannon.Request) => {
                const i = otpNext++ % tokens.length;
                return {
                  ...req,
                  headers: { ...actionHeaders(verifyId), cookie: `sp_challenge=${tokens[i]}`, "x-forwarded-for": ip() },
                  body: JSON.stringify([{ code: totpCode(secret, new Date()) }]),
                };
              },
            },
          ],
        }),
    },
    {
      name: "password step, correct (MFA off)",
      ceiling: "raw argon2id verify",
      peer: { name: "better-auth sign-in/email (2FA user)", run: () => load(peerSignIn as autocannon.Options) },
      run: () => passwordStep(() => ({ email: "bench@acme.test", password: PASSWORD })),
    },
    {
      name: "password step, wrong password",
      ceiling: "raw argon2id verify",
      run: () => passwordStep(() => ({ email: `nobody-${next++}@acme.test`, password: "wrong-password" })),
    },
    { name: "GET /login", ceiling: "bare dynamic page", run: () => load({ url: `${APP}/login` }) },
    { name: "GET / (signed in)", ceiling: "bare dynamic page", run: () => load({ url: `${APP}/`, headers: { cookie: sessionCookie } }) },
    { name: STAFF_LIST, ceiling: "bare dynamic page", run: () => load({ url: `${APP}/company/staff`, headers: { cookie: adminCookie } }) },
    { name: STAFF_SEARCH, ceiling: "bare dynamic page", run: () => load({ url: `${APP}/company/staff?q=mfa-1&status=on&page=2`, headers: { cookie: adminCookie } }) },
    { name: STAFF_CSV, ceiling: "bare route handler", run: () => load({ url: `${APP}/company/staff/export`, headers: { cookie: adminCookie } }) },
  ];
  const ceilings: Record<string, () => Promise<Figure>> = {
    "bare route handler": () => load({ url: `${BASELINE}/api/ping` }),
    "bare dynamic page": () => load({ url: `${BASELINE}/` }),
    "raw argon2id verify": argon2Ceiling,
  };

  // Warm both servers up once.
  await load({ url: `${APP}/login`, duration: 2 });
  await load({ url: `${BASELINE}/`, duration: 2 });

  const rows: string[] = [];
  const results: Record<string, { project: Figure; ceiling: Figure; ratio: number }> = {};
  const peerRows: string[] = [];
  for (const scenario of scenarios.filter((s) => s.name.includes(ONLY))) {
    const project: Figure[] = [];
    const ceiling: Figure[] = [];
    const peerRuns: Figure[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      project.push(await scenario.run());
      ceiling.push(await ceilings[scenario.ceiling]!());
      if (scenario.peer) peerRuns.push(await scenario.peer.run());
    }
    const p = medianFigure(project);
    const c = medianFigure(ceiling);
    const ratio = p.rps / c.rps;
    results[scenario.name] = { project: p, ceiling: c, ratio };
    const perRequest = statements[scenario.name];
    rows.push(
      `| ${scenario.name} | ${perRequest == null ? "n/a" : perRequest.toFixed(1)} | ${p.rps.toFixed(0)} | ${p.p50} | ${p.p99} | ${p.errors} | ${scenario.ceiling} | ${c.rps.toFixed(0)} | ${c.p50.toFixed(0)} | ${c.p99.toFixed(0)} | ${ratio.toFixed(2)}× |`,
    );
    console.log(rows.at(-1));
    if (scenario.peer) {
      const b = medianFigure(peerRuns);
      results[scenario.peer.name] = { project: b, ceiling: c, ratio: b.rps / c.rps };
      peerRows.push(
        `| ${scenario.name} | ${p.rps.toFixed(0)} | ${p.p99} | ${scenario.peer.name} | ${b.rps.toFixed(0)} | ${b.p99} | ${b.errors} | ${(p.rps / b.rps).toFixed(2)}× |`,
      );
      console.log(peerRows.at(-1));
    }
  }
  clearInterval(sampler);

  // The OTP step must have signed people in, not just answered 200.
  const otpSessions = await db.userSession.count({ where: { amr: "pwd otp" } });
  const otpRequests = otpNext - (countsStatements ? 0 : COUNT_N);
  const challengeCookie = `sp_challenge=${tokens[tokens.length - 1]}`;
  const bytes = {
    login: await scriptBytes(APP, "/login"),
    verify: await scriptBytes(APP, "/login/verify", { cookie: challengeCookie }),
    bare: await scriptBytes(BASELINE, "/"),
  };
  // Every flow must have done its real work, not just answered.
  const problems: string[] = [];
  for (const [name, r] of Object.entries(results)) if (r.project.errors > 0) problems.push(`${name}: ${r.project.errors} errors`);
  if (otpSessions === 0 || otpSessions > otpRequests) problems.push(`OTP step: ${otpSessions} sessions from ${otpRequests} requests`);
  const home = await rawRequest(`${APP}/`, { headers: { cookie: sessionCookie } });
  if (home.status !== 200 || !home.body.toString("utf8").includes("Bench User")) problems.push(`GET / signed in: HTTP ${home.status}, not the signed-in page`);
  // The staff list and its CSV must hold Acme's staff, not an error page.
  const list = (await rawRequest(`${APP}/company/staff`, { headers: { cookie: adminCookie } })).body.toString("utf8");
  if (!list.includes(`Showing 1–50 of ${staffCount} staff.`)) problems.push(`${STAFF_LIST}: not the first 50 of ${staffCount}`);
  const searched = (await rawRequest(`${APP}/company/staff?q=mfa-1&status=on&page=2`, { headers: { cookie: adminCookie } })).body.toString("utf8");
  if (!/Showing 51–\d+ of \d+ staff\./.test(searched)) problems.push(`${STAFF_SEARCH}: not a second page of matches`);
  const csv = (await rawRequest(`${APP}/company/staff/export`, { headers: { cookie: adminCookie } })).body.toString("utf8");
  if (csv.trim().split("\r\n").length !== staffCount + 1) problems.push(`${STAFF_CSV}: not ${staffCount} rows`);

  // The peer's verifications must have been real sign-ins too.
  const peerSessions = (await peerDriver.countSessions(peerDatabaseUrl, { settleMs: 500 })) - peerSessionsBefore;
  if (peerSessions === 0) problems.push("better-auth verify-totp: no sessions created");
  await peerDriver.stopPeer(peer);

  const appExited = new Promise((resolve) => app.once("exit", resolve));
  for (const server of [app, baseline]) process.kill(-server.pid!, "SIGTERM");
  // The profile is written while the server exits.
  if (PROFILE_DIR) await appExited;
  await db.$disconnect();
  await database?.stop();
  if (SMOKE) {
    if (problems.length > 0) {
      console.error(`bench smoke failed:\n- ${problems.join("\n- ")}`);
      process.exit(1);
    }
    console.log(`bench smoke: ${Object.keys(results).length} flows answered correctly (${otpSessions} OTP sign-ins from ${otpRequests} requests); no figures kept.`);
    process.exit(0);
  }
  if (problems.length > 0) console.error(`WARNING, these flows did not do their work:\n- ${problems.join("\n- ")}`);

  const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  const report = [
    `Run ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version};`,
    `\`npm run bench\`: ${CONNECTIONS} connections, ${DURATION} s a run, ${ROUNDS} rounds alternating project and ceiling (A B A B A B), medians.`,
    "",
    "| flow | SQL statements per request | req/s | p50 ms | p99 ms | errors | ceiling | ceiling req/s | ceiling p50 ms | ceiling p99 ms | ratio |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
    `OTP step check: ${otpSessions} sessions created by ${otpRequests} OTP requests (each request used a fresh challenge).`,
    "",
    "Peer: better-auth 1.7.25 (its twoFactor plugin, the same next/react, the same PostgreSQL, argon2id with our parameters), measured in the same rounds:",
    "",
    "| our flow | req/s | p99 ms | better-auth | req/s | p99 ms | errors | ours / better-auth |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ...peerRows,
    "",
    `better-auth check: ${peerSessions} sessions created by its verify-totp requests.`,
    `Peak RSS during the run: portal server ${(peakRss / 2 ** 20).toFixed(0)} MB; bare baseline server ${(baselineRss / 2 ** 20).toFixed(0)} MB.`,
    `JavaScript a browser downloads (gzip, as served): /login ${kb(bytes.login)}, /login/verify ${kb(bytes.verify)}, bare page ${kb(bytes.bare)} (/login is ${kb(bytes.login - bytes.bare)} over the bare page).`,
    `Whole run: ${((Date.now() - started) / 1000).toFixed(0)} s.`,
  ].join("\n");
  mkdirSync("bench/results", { recursive: true });
  writeFileSync("bench/results/latest.md", `${report}\n`);
  writeFileSync("bench/results/latest.json", JSON.stringify({ results, statements, peakRss, baselineRss, bytes }, null, 2));
  console.log(`\n${report}`);
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
