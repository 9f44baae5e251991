// Started by Playwright's webServer. The primary instance starts the suite's
// PostgreSQL (embedded, unless TEST_DATABASE_URL names a server), makes a
// fresh database (migrations through the Prisma CLI, demo data) and serves on
// E2E_PORT; `--secondary` starts a second instance on the same database whose
// email provider is unreachable. Each instance's output is also written to
// e2e/.data/<port>.log, which the log-scanning test reads.
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync, rmSync } from "node:fs";
import pg from "pg";
import { staleBuildReason } from "./build-freshness";
import { terminateAll } from "./child-exit";
import { adminFor, createDatabase, startEmbeddedPostgres, temporaryDataDir, type EmbeddedServer } from "../lib/database/embedded";
import { E2E_DATABASE, E2E_ENV, E2E_POSTGRES_PASSWORD, E2E_POSTGRES_PORT, E2E_SERVER_URL, SECONDARY_ENV } from "../e2e/support/env";

const secondary = process.argv.includes("--secondary");
const env = { ...process.env, ...E2E_ENV, ...(secondary ? SECONDARY_ENV : {}) };

function run(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("node", args, { stdio: "inherit", env });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`node ${args.join(" ")} exited ${code}`))));
  });
}

/** The secondary waits until the primary has migrated and seeded the database. */
async function waitForSeededDatabase(): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    try {
      await client.connect();
      const seeded = await client.query(`SELECT 1 FROM "Company" WHERE slug = 'acme'`);
      if (seeded.rowCount) return;
    } catch {
      // Not there yet.
    } finally {
      await client.end().catch(() => {});
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("The e2e database was not ready within 2 minutes.");
}

async function main() {
  // `next start` serves whatever is in .next: an old build would test old code without a word.
  const stale = staleBuildReason(process.cwd());
  if (stale) {
    const what = stale === "no build" ? "and there is none" : `which is out of date (${stale})`;
    console.error(`The suite serves the production build in .next, ${what}: run \`npx next build\` first.`);
    process.exit(1);
  }
  let database: EmbeddedServer | null = null;
  if (!secondary) {
    rmSync("e2e/.data", { recursive: true, force: true });
    mkdirSync("e2e/.data", { recursive: true });
    if (!process.env.TEST_DATABASE_URL) {
      const dataDir = temporaryDataDir("portal-e2e-");
      database = await startEmbeddedPostgres({ dataDir, port: E2E_POSTGRES_PORT, password: E2E_POSTGRES_PASSWORD, persistent: false });
    }
    await createDatabase(adminFor(E2E_SERVER_URL), E2E_DATABASE, { recreate: true });
    await run(["node_modules/prisma/build/index.js", "migrate", "deploy"]);
    await run(["node_modules/tsx/dist/cli.mjs", "prisma/seed.ts"]);
  } else {
    await waitForSeededDatabase();
  }

  mkdirSync("e2e/.data", { recursive: true });
  const logFile = createWriteStream(`e2e/.data/${env.PORT}.log`, { flags: "a" });
  const server: ChildProcess = spawn("node", ["node_modules/next/dist/bin/next", "start", "-p", env.PORT], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...env, NODE_ENV: "production" },
  });
  for (const stream of [server.stdout!, server.stderr!]) {
    stream.on("data", (chunk: Buffer) => {
      logFile.write(chunk);
      process.stdout.write(chunk);
    });
  }
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    // The portal exits (its job queue stopped) before its database does, within
    // the 25 s Playwright gives this process (playwright.config.ts).
    await terminateAll([server]);
    await database?.stop();
    process.exit(code);
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void stop(0));
  server.on("exit", (code) => void stop(code ?? 0));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
