// The embedded PostgreSQL of a developer's checkout: `npm run db:start` and
// `npm run demo`. Data in EMBEDDED_POSTGRES_DATA (.data/postgres; persistent),
// port PGPORT (54329), password EMBEDDED_POSTGRES_PASSWORD from .env.
import { dataDirectoryFor, startEmbeddedPostgres, type EmbeddedServer } from "../lib/database/embedded";
import { EMBEDDED_DEFAULTS } from "../lib/database/url";

export const LOCAL_DATA_DIR = ".data/postgres";

/** Starts the checkout's PostgreSQL (initialising it the first time) and makes sure the portal's database exists. */
export async function startLocalDatabase(): Promise<EmbeddedServer> {
  const password = process.env.EMBEDDED_POSTGRES_PASSWORD;
  if (!password) throw new Error("EMBEDDED_POSTGRES_PASSWORD is not set in .env (npm run demo writes it).");
  const port = Number(process.env.PGPORT || EMBEDDED_DEFAULTS.port);
  const dataDir = dataDirectoryFor(process.env.EMBEDDED_POSTGRES_DATA || LOCAL_DATA_DIR);
  const server = await startEmbeddedPostgres({ dataDir, port, password, persistent: true });
  await server.createDatabase(EMBEDDED_DEFAULTS.database);
  return server;
}

/** Stops the server once on SIGINT/SIGTERM (Ctrl-C), after `beforeStop`, then exits. */
export function stopOnSignal(server: EmbeddedServer, beforeStop: () => Promise<void> | void = () => {}): void {
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, async () => {
      if (stopping) return;
      stopping = true;
      await beforeStop();
      await server.stop();
      console.log("PostgreSQL stopped.");
      process.exit(0);
    });
  }
}
