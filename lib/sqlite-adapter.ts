import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

/**
 * The embedded SQLite connection: write-ahead logging (readers never wait for
 * the writer, and several server processes can share the file) with
 * synchronous=NORMAL (one fsync per checkpoint instead of per commit: a
 * committed write survives an app crash, the last ones may not survive a power
 * cut). Production runs on PostgreSQL; this is the demo/test default.
 */
export function sqliteAdapter(url: string) {
  const factory = new PrismaBetterSQLite3({ url, timeout: 5000 });
  return {
    provider: "sqlite" as const,
    adapterName: factory.adapterName,
    async connect() {
      const adapter = await factory.connect();
      await adapter.executeScript("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;");
      return adapter;
    },
    connectToShadowDb: () => factory.connectToShadowDb(),
  };
}
