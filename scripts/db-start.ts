// npm run db:start: the embedded PostgreSQL alone, for developers (`npm run dev` in another terminal).
import { loadEnvFiles } from "../lib/env-file";
import { EMBEDDED_DEFAULTS, embeddedUrl } from "../lib/database/url";
import { ensureLocalEnv } from "./local-env";
import { startLocalDatabase, stopOnSignal } from "./local-database";

async function main() {
  const added = ensureLocalEnv(".env");
  if (added.length > 0) console.log(`Wrote ${added.join(", ")} to .env (existing values kept).`);
  loadEnvFiles();
  const server = await startLocalDatabase();
  stopOnSignal(server);
  const url = embeddedUrl(process.env, EMBEDDED_DEFAULTS.database)!;
  console.log(`PostgreSQL ${server.port} is running: ${url.replace(/:[^:@/]+@/, ":•••@")}\nApply migrations with npm run db:migrate. Press Ctrl+C to stop.`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
