// Where the database is. Pure: used by the app, the Prisma CLI config, the
// scripts and the tests, with no Node-only imports beyond URL parsing.

/** The embedded PostgreSQL of `npm run demo` / `npm run db:start`. */
export const EMBEDDED_DEFAULTS = { port: 54329, user: "postgres", database: "staff_portal" } as const;

export class DatabaseUrlError extends Error {}

/** A postgres:// or postgresql:// URL, or a DatabaseUrlError whose message is one readable line. */
export function checkPostgresUrl(value: string, name = "DATABASE_URL"): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new DatabaseUrlError(`${name} must be a postgresql:// URL (got something that is not a URL).`);
  }
  if (url.protocol !== "postgresql:" && url.protocol !== "postgres:") {
    throw new DatabaseUrlError(`${name} must be a postgresql:// URL (got ${url.protocol}//…).`);
  }
  if (!url.hostname || url.pathname.length <= 1) {
    throw new DatabaseUrlError(`${name} must name a host and a database, e.g. postgresql://user:password@host:5432/staff_portal.`);
  }
  return value;
}

/** The URL of the embedded server for a database, from `.env`'s EMBEDDED_POSTGRES_PASSWORD and PGPORT. */
export function embeddedUrl(source: Record<string, string | undefined>, database: string = EMBEDDED_DEFAULTS.database): string | null {
  const password = source.EMBEDDED_POSTGRES_PASSWORD;
  if (!password) return null;
  const port = Number(source.PGPORT || EMBEDDED_DEFAULTS.port);
  return `postgresql://${EMBEDDED_DEFAULTS.user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

/**
 * The database this process uses: DATABASE_URL when set (it must be
 * PostgreSQL), else the embedded server's. Null when there is neither.
 */
export function resolveDatabaseUrl(source: Record<string, string | undefined>): string | null {
  if (source.DATABASE_URL) return checkPostgresUrl(source.DATABASE_URL);
  return embeddedUrl(source);
}

/** The same URL pointing at another database on the same server. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Connections per process (DATABASE_POOL_SIZE, default 10). */
export function poolSize(source: Record<string, string | undefined>): number {
  const value = Number(source.DATABASE_POOL_SIZE || 10);
  if (!Number.isInteger(value) || value < 1 || value > 500) {
    throw new DatabaseUrlError("DATABASE_POOL_SIZE must be a whole number between 1 and 500.");
  }
  return value;
}

/** Every statement is cut off after this long: a stuck query must not hold a pool connection. */
export const STATEMENT_TIMEOUT_MS = 5_000;
/** How long to wait for a connection from the server before giving up. */
export const CONNECT_TIMEOUT_MS = 3_000;
