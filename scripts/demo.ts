// npm run demo: the portal on embedded PostgreSQL with demo data, one command.
// `npm run demo -- --reuse-build` skips `next build` when an up-to-date build
// is there (for `npm test`, which has just built the portal).
import { spawn } from "node:child_process";
import { loadEnvFiles } from "../lib/env-file";
import { reuseBuild } from "./build-freshness";
import { resolveDatabaseUrl } from "../lib/database/url";
import type { EmbeddedServer } from "../lib/database/embedded";
import { terminateAll } from "./child-exit";
import { ensureLocalEnv } from "./local-env";
import { LOCAL_DATA_DIR, startLocalDatabase } from "./local-database";

const PORT = process.env.PORT ?? "3000";
// The demo shows every email at /dev/mailbox: only this machine may reach it unless HOST says otherwise.
const HOST = process.env.HOST ?? "127.0.0.1";

/** Runs a step to completion (asynchronously, so the embedded server's pipes keep draining). */
function run(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("node", args, { stdio: "inherit", env });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`node ${args.join(" ")} failed (exit ${code}).`))));
  });
}

async function main() {
  const added = ensureLocalEnv(".env");
  if (added.length > 0) console.log(`Wrote ${added.join(", ")} to .env (existing values kept).`);
  loadEnvFiles();

  let database: EmbeddedServer | null = null;
  if (!process.env.DATABASE_URL) {
    database = await startLocalDatabase();
    console.log(`Embedded PostgreSQL running on port ${database.port} (data in ${process.env.EMBEDDED_POSTGRES_DATA || LOCAL_DATA_DIR}).`);
  }
  const env = { ...process.env, DATABASE_URL: resolveDatabaseUrl(process.env)! };
  const stopDatabase = async () => {
    await database?.stop();
    database = null;
  };

  try {
    await run(["node_modules/prisma/build/index.js", "migrate", "deploy"], env);
    await run(["node_modules/tsx/dist/cli.mjs", "prisma/seed.ts"], env);
    if (!reuseBuild(process.argv, process.cwd())) await run(["node_modules/next/dist/bin/next", "build"], env);
  } catch (error) {
    await stopDatabase();
    throw error;
  }

  // The local identity providers of the two SSO companies, each with the
  // client that the seed registered (the same variables and defaults as prisma/seed.ts).
  const globex = {
    accounts: "globex",
    displayName: process.env.SSO_NAME || "Globex SSO",
    issuer: process.env.SSO_ISSUER || "http://127.0.0.1:4000",
    clientId: process.env.SSO_CLIENT_ID || "staff-portal",
    clientSecret: process.env.SSO_CLIENT_SECRET || "staff-portal-local-secret",
  };
  const initech = {
    accounts: "initech",
    displayName: "Initech SSO",
    issuer: process.env.SSO_INITECH_ISSUER || "http://127.0.0.1:4001",
    clientId: process.env.SSO_INITECH_CLIENT_ID || "staff-portal-initech",
    clientSecret: process.env.SSO_INITECH_CLIENT_SECRET || "initech-local-secret",
  };
  const idps = [globex, initech].map((idp) =>
    spawn("node", ["node_modules/tsx/dist/cli.mjs", "scripts/idp.ts"], {
      stdio: ["ignore", "inherit", "inherit"],
      env: {
        ...env,
        IDP_ACCOUNTS: idp.accounts,
        IDP_ISSUER: idp.issuer,
        IDP_PORT: new URL(idp.issuer).port || "80",
        SSO_CLIENT_ID: idp.clientId,
        SSO_CLIENT_SECRET: idp.clientSecret,
        IDP_REDIRECT_URIS: `http://localhost:${PORT}/api/auth/callback/sso-${idp.accounts}`,
      },
    }),
  );
  const server = spawn("node", ["node_modules/next/dist/bin/next", "start", "-p", PORT, "-H", HOST], {
    stdio: ["ignore", "inherit", "inherit"],
    // PORTAL_DEMO=1: the outbox transport (and its mailbox page) is allowed in production for the demo only. SSO_ALLOW_HTTP=1: its identity providers are local, over http.
    env: { ...env, NODE_ENV: "production", PORTAL_DEMO: "1", SSO_ALLOW_HTTP: "1" },
  });

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    // The portal and the identity providers exit before their database stops, so that nothing outlives the demo.
    await terminateAll([...idps, server]);
    await stopDatabase();
    if (database === null && !process.env.DATABASE_URL) console.log("PostgreSQL stopped.");
    process.exit(code);
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void stop(0));
  server.on("exit", (code) => void stop(code ?? 0));

  console.log(`
Staff Portal is starting on http://localhost:${PORT} (listening on ${HOST} only; set HOST to change)
  Sign in as alex@acme.test or bea@acme.test with the password correct-horse-battery.
  Single sign-on, each company through its own local identity provider:
  - Sam Lee (Globex Corporation): enter sam@globex.test, press Tab, click "Sign in with ${globex.displayName}",
    then sign in at ${globex.issuer} as sam@globex.test / correct-horse-battery.
  - Ivy Chen (Initech): enter ivy@initech.test, press Tab, click "Sign in with ${initech.displayName}",
    then sign in at ${initech.issuer} as ivy@initech.test / correct-horse-battery.
  Emails (one-time codes, notices) appear at http://localhost:${PORT}/dev/mailbox
Press Ctrl+C to stop.
`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
