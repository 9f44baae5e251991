// npm run bench: the sign-in flows over HTTP against `next start`, side by
// side with the framework's own ceiling, in one run. See README "Performance".
//
// `npm run bench -- --smoke`: one short round per flow on a small data set,
// checking that every flow answers correctly; no figures are kept (CI runs it
// so that the benchmark cannot rot unnoticed).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomInt } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { hash, verify } from "@node-rs/argon2";
import { adminFor, applyMigrations, createDatabase, startEmbeddedPostgres, type EmbeddedServer } from "../lib/database/embedded";
import { checkPostgresUrl, withDatabase } from "../lib/database/url";
import { rawRequest, scriptBytes, treeRss } from "./http";

const SMOKE = process.argv.includes("--smoke");
const PORT = 3300;
const BASE_PORT = 3301;
const PG_PORT = 54369;
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
  NODE_ENV: "production" as const,
};

function run(args: string[], extraEnv: Record<string, string> = {}) {
  const result = spawnSync("node", args, { stdio: "inherit", env: { ...env, NODE_ENV: "production", ...extraEnv } });
  if (result.status !== 0) throw new Error(`failed: node ${args.join(" ")}`);
}

async function startServer(dir: string, port: number): Promise<ChildProcess> {
  const args = ["node_modules/next/dist/bin/next", "start", "-p", String(port)];
  if (dir) args.splice(2, 0, dir);
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
  // (`--reuse-build` is for `npm test`, which has just built the portal.)
  if (!process.argv.includes("--reuse-build")) run(["node_modules/next/dist/bin/next", "build"]);
  run(["node_modules/next/dist/bin/next", "build", "bench/baseline"]);

  let database: EmbeddedServer | null = null;
  if (!process.env.BENCH_DATABASE_URL) {
    const dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), "portal-bench-")), "data");
    database = await startEmbeddedPostgres({ dataDir, port: PG_PORT, password: "bench", persistent: false });
  }
  await createDatabase(adminFor(SERVER_URL), "portal_bench", { recreate: true });
  await applyMigrations(env.DATABASE_URL);
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
  const sealed = sealSecret(secret, keyRingFrom({ key: env.MFA_ENCRYPTION_KEY, keyId: env.MFA_ENCRYPTION_KEY_ID }));
  const mfaUsers = SMOKE ? 500 : Number(process.env.BENCH_MFA_USERS ?? 12000);
  await db.user.createMany({
    data: Array.from({ length: mfaUsers }, (_, i) => ({
      email: `mfa-${i}@acme.test`,
      name: `MFA ${i}`,
      companyId: template.companyId,
      passwordHash: template.passwordHash,
      mfaMethod: "TOTP",
      totpSecret: sealed,
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

  let next = 0;
  let otpNext = 0;
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
  const scenarios: { name: string; ceiling: string; run: () => Promise<Figure> }[] = [
    {
      name: "OTP step (valid TOTP, fresh challenge)",
      ceiling: "bare route handler",
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
      run: () => passwordStep(() => ({ email: "bench@acme.test", password: PASSWORD })),
    },
    {
      name: "password step, wrong password",
      ceiling: "raw argon2id verify",
      run: () => passwordStep(() => ({ email: `nobody-${next++}@acme.test`, password: "wrong-password" })),
    },
    { name: "GET /login", ceiling: "bare dynamic page", run: () => load({ url: `${APP}/login` }) },
    { name: "GET / (signed in)", ceiling: "bare dynamic page", run: () => load({ url: `${APP}/`, headers: { cookie: sessionCookie } }) },
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
  for (const scenario of scenarios) {
    const project: Figure[] = [];
    const ceiling: Figure[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      project.push(await scenario.run());
      ceiling.push(await ceilings[scenario.ceiling]!());
    }
    const p = medianFigure(project);
    const c = medianFigure(ceiling);
    const ratio = p.rps / c.rps;
    results[scenario.name] = { project: p, ceiling: c, ratio };
    rows.push(
      `| ${scenario.name} | ${p.rps.toFixed(0)} | ${p.p50} | ${p.p99} | ${p.errors} | ${scenario.ceiling} | ${c.rps.toFixed(0)} | ${c.p50.toFixed(0)} | ${c.p99.toFixed(0)} | ${ratio.toFixed(2)}× |`,
    );
    console.log(rows.at(-1));
  }
  clearInterval(sampler);

  // The OTP step must have signed people in, not just answered 200.
  const otpSessions = await db.userSession.count({ where: { amr: "pwd otp" } });
  const otpRequests = otpNext;
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

  for (const server of [app, baseline]) process.kill(-server.pid!, "SIGTERM");
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
    "| flow | req/s | p50 ms | p99 ms | errors | ceiling | ceiling req/s | ceiling p50 ms | ceiling p99 ms | ratio |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
    `OTP step check: ${otpSessions} sessions created by ${otpRequests} OTP requests (each request used a fresh challenge).`,
    `Peak RSS during the run: portal server ${(peakRss / 2 ** 20).toFixed(0)} MB; bare baseline server ${(baselineRss / 2 ** 20).toFixed(0)} MB.`,
    `JavaScript a browser downloads (gzip, as served): /login ${kb(bytes.login)}, /login/verify ${kb(bytes.verify)}, bare page ${kb(bytes.bare)} (/login is ${kb(bytes.login - bytes.bare)} over the bare page).`,
    `Whole run: ${((Date.now() - started) / 1000).toFixed(0)} s.`,
  ].join("\n");
  mkdirSync("bench/results", { recursive: true });
  writeFileSync("bench/results/latest.md", `${report}\n`);
  writeFileSync("bench/results/latest.json", JSON.stringify({ results, peakRss, baselineRss, bytes }, null, 2));
  console.log(`\n${report}`);
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
