import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createPool } from "@/lib/database/client";
import { createTestDbFile } from "@/lib/testing/test-db";
import { checkReadiness, migrationsOnDisk, pendingMigrations, sharedReadiness, type MigrationRow, type Queryable } from "./readiness";

const { db, url } = createTestDbFile();
// The check talks to a pg pool, as the probe's own (lib/health/probe.ts).
const pool = createPool(url, 2);
afterAll(() => pool.end());
const at = new Date("2026-11-29T00:00:00Z");
const applied = (name: string): MigrationRow => ({ migration_name: name, finished_at: at, rolled_back_at: null });

describe("pendingMigrations", () => {
  const expected = ["001_a", "002_b", "003_c"];

  it("none when every expected migration finished and was not rolled back", () => {
    expect(pendingMigrations(expected, expected.map(applied))).toEqual([]);
  });

  it("the missing ones, in order", () => {
    expect(pendingMigrations(expected, [applied("002_b")])).toEqual(["001_a", "003_c"]);
    expect(pendingMigrations(expected, [])).toEqual(expected);
  });

  it("a failed attempt (no finished_at) or a rolled-back one is not applied; a later successful attempt is", () => {
    const failed = { migration_name: "003_c", finished_at: null, rolled_back_at: null };
    const rolledBack = { migration_name: "003_c", finished_at: at, rolled_back_at: at };
    expect(pendingMigrations(expected, [applied("001_a"), applied("002_b"), failed])).toEqual(["003_c"]);
    expect(pendingMigrations(expected, [applied("001_a"), applied("002_b"), rolledBack])).toEqual(["003_c"]);
    expect(pendingMigrations(expected, [applied("001_a"), applied("002_b"), rolledBack, applied("003_c")])).toEqual([]);
  });

  it("migrations the build does not know (the database already migrated for a newer release) keep it ready", () => {
    expect(pendingMigrations(expected, [...expected.map(applied), applied("004_newer")])).toEqual([]);
  });
});

describe("migrationsOnDisk", () => {
  it("reads the project's migrations, in order, without the lock file", () => {
    const names = migrationsOnDisk();
    expect(names.length).toBeGreaterThan(0);
    expect(names).toEqual([...names].sort());
    expect(names).toContain("20261128160000_postgresql_baseline");
    expect(names.every((name) => /^\d{14}_/.test(name))).toBe(true);
  });

  it("counts only folders holding a migration.sql", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "portal-migrations-"));
    for (const name of ["002_second", "001_first", "003_empty"]) mkdirSync(path.join(dir, name));
    writeFileSync(path.join(dir, "001_first", "migration.sql"), "SELECT 1;");
    writeFileSync(path.join(dir, "002_second", "migration.sql"), "SELECT 1;");
    writeFileSync(path.join(dir, "migration_lock.toml"), 'provider = "postgresql"');
    expect(migrationsOnDisk(dir)).toEqual(["001_first", "002_second"]);
    rmSync(dir, { recursive: true });
  });
});

describe("checkReadiness", () => {
  const expected = ["001_a", "002_b"];

  it("against PostgreSQL: unknown without a migrations table, pending until all are applied, then ready", async () => {
    // The test databases are migrated with the SQL files alone (no _prisma_migrations), as a database never deployed with Prisma.
    expect(await checkReadiness(pool, { expected })).toEqual({ ready: false, checks: { database: "ok", migrations: "unknown" } });
    // Prisma's own table, as `prisma migrate deploy` creates it.
    await db.$executeRawUnsafe(`CREATE TABLE "_prisma_migrations" (
      id VARCHAR(36) PRIMARY KEY, checksum VARCHAR(64) NOT NULL, finished_at TIMESTAMPTZ, migration_name VARCHAR(255) NOT NULL,
      logs TEXT, rolled_back_at TIMESTAMPTZ, started_at TIMESTAMPTZ NOT NULL DEFAULT now(), applied_steps_count INTEGER NOT NULL DEFAULT 0)`);
    await db.$executeRawUnsafe(`INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name) VALUES ('1', 'x', now(), '001_a')`);
    expect(await checkReadiness(pool, { expected })).toEqual({ ready: false, checks: { database: "ok", migrations: "pending" } });
    await db.$executeRawUnsafe(`INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name) VALUES ('2', 'x', now(), '002_b')`);
    expect(await checkReadiness(pool, { expected })).toEqual({ ready: true, checks: { database: "ok", migrations: "ok" } });
    // A build whose migrations folder could not be read is never ready.
    expect(await checkReadiness(pool, { expected: null })).toEqual({ ready: false, checks: { database: "ok", migrations: "unknown" } });
  });

  it("a database that refuses is unavailable", async () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    const down: Queryable = { query: () => Promise.reject(refused) };
    expect(await checkReadiness(down, { expected })).toEqual({ ready: false, checks: { database: "unavailable", migrations: "unknown" } });
  });

  it("a database that does not answer in time is a timeout, decided at the deadline", async () => {
    const silent: Queryable = { query: () => new Promise(() => {}) };
    const started = Date.now();
    expect(await checkReadiness(silent, { expected, timeoutMs: 100 })).toEqual({ ready: false, checks: { database: "timeout", migrations: "unknown" } });
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe("sharedReadiness", () => {
  const answer = (ready: boolean) => ({ ready, checks: { database: ready ? "ok" : "unavailable", migrations: ready ? "ok" : "unknown" } }) as const;

  it("probes arriving together share one check, and its answer serves for a second", async () => {
    let now = 1_000_000;
    let checks = 0;
    let release!: () => void;
    const probe = sharedReadiness(
      () =>
        new Promise((resolve) => {
          checks++;
          release = () => resolve(answer(true));
        }),
      1_000,
      () => now,
    );
    const together = Array.from({ length: 50 }, () => probe());
    release();
    expect((await Promise.all(together)).every((a) => a.ready)).toBe(true);
    expect(checks).toBe(1);
    now += 999;
    await probe();
    expect(checks).toBe(1);
    now += 1;
    const next = probe();
    release();
    await next;
    expect(checks).toBe(2);
  });

  it("a failed check is an answer like any other, and the next second asks again", async () => {
    let now = 0;
    const results = [answer(false), answer(true)];
    const probe = sharedReadiness(async () => results.shift()!, 1_000, () => now);
    expect((await probe()).ready).toBe(false);
    expect((await probe()).ready).toBe(false);
    now = 1_000;
    expect((await probe()).ready).toBe(true);
  });
});
