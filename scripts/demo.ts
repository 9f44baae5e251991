import { spawn, spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { loadDotEnv } from "../lib/dotenv";
import { ensureLocalEnv } from "./local-env";

const PORT = process.env.PORT ?? "3000";

function run(command: string, args: string[]) {
  const result = spawnSync(command, args, { stdio: "inherit", env: process.env });
  if (result.status !== 0) {
    console.error(`\n${command} ${args.join(" ")} failed.`);
    process.exit(result.status ?? 1);
  }
}

const added = ensureLocalEnv(".env");
if (added.length > 0) console.log(`Wrote ${added.join(", ")} to .env (existing values kept).`);
loadDotEnv();
mkdirSync("prisma/data", { recursive: true });

run("node", ["node_modules/prisma/build/index.js", "migrate", "deploy"]);
run("node", ["node_modules/tsx/dist/cli.mjs", "prisma/seed.ts"]);
run("node", ["node_modules/next/dist/bin/next", "build"]);

// The local identity provider for Globex's single sign-on, on the issuer's port.
const idpPort = new URL(process.env.SSO_ISSUER ?? "http://127.0.0.1:4000").port || "4000";
const idp = spawn("node", ["node_modules/tsx/dist/cli.mjs", "scripts/idp.ts"], {
  stdio: ["ignore", "inherit", "inherit"],
  env: { ...process.env, IDP_PORT: idpPort, IDP_REDIRECT_URIS: `http://localhost:${PORT}/api/auth/callback/sso` },
});
const server = spawn("node", ["node_modules/next/dist/bin/next", "start", "-p", PORT], {
  stdio: ["ignore", "inherit", "inherit"],
  env: { ...process.env, NODE_ENV: "production" },
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    idp.kill(signal);
    server.kill(signal);
  });
}
server.on("exit", (code) => {
  idp.kill("SIGTERM");
  process.exit(code ?? 0);
});

console.log(`
Staff Portal is starting on http://localhost:${PORT}
  Sign in as alex@acme.test or bea@acme.test with the password correct-horse-battery.
  Sam Lee (Globex, single sign-on): enter sam@globex.test, press Tab, click "Sign in with SSO",
  then sign in at the local identity provider (http://127.0.0.1:${idpPort}) as sam@globex.test / correct-horse-battery.
  Emails (one-time codes, notices) appear at http://localhost:${PORT}/dev/mailbox
Press Ctrl+C to stop.
`);
