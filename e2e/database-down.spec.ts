import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startEmbeddedPostgres } from "../lib/database/embedded";
import { skipIfRemote } from "./fixtures";
import { E2E_ENV, SPEC_PORTS } from "./support/env";
import { DEMO_PASSWORD } from "./support/users";
import { formAlert, signIn } from "./support/pages";
import { startServer, stopServer } from "./support/server";

// Its own PostgreSQL and portal process, so that stopping the database leaves
// the rest of the suite alone.
const PORT = SPEC_PORTS.databaseDown;
const BASE = `http://localhost:${PORT}`;
const UNAVAILABLE = "The service is unavailable right now. Try again in a minute.";
const bea = { email: "bea@acme.test", password: DEMO_PASSWORD, name: "Bea Turner" };

test("PostgreSQL stopped while the portal runs: 503 and one sentence, not ready but live, then recovery without a restart @local", { tag: ["@promise:database-down"] }, async ({ page, browser }) => {
  skipIfRemote("needs a PostgreSQL and a portal process of its own, stopped and started during the test");
  test.setTimeout(180_000);
  const dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), "portal-faults-")), "data");
  const database = await startEmbeddedPostgres({ dataDir, port: SPEC_PORTS.databaseDownPostgres, password: "faults", persistent: true });
  const logFile = path.join(path.dirname(dataDir), "portal.log");
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  try {
    await database.createDatabase("portal_faults");
    const url = database.url("portal_faults");
    const env = { ...process.env, ...E2E_ENV, DATABASE_URL: url };
    // Migrated as in production (the readiness check reads Prisma's _prisma_migrations).
    execFileSync("node", ["node_modules/prisma/build/index.js", "migrate", "deploy"], { env, stdio: "pipe" });
    // The seed seals the demo SSO connections' secrets: it needs the portal's keys, as the servers have them.
    execFileSync("node", ["node_modules/tsx/dist/cli.mjs", "prisma/seed.ts"], { env, stdio: "pipe" });
    server = await startServer(PORT, { DATABASE_URL: url }, logFile);
    const health = async (check: "live" | "ready") => {
      const response = await page.request.get(`${BASE}/api/health/${check}`);
      return { status: response.status(), body: await response.json() };
    };
    // Ready once it has reached its database (a load balancer probes again and again; a cold process may need a second probe).
    await expect.poll(async () => (await health("ready")).status, { timeout: 10_000 }).toBe(200);
    expect(await health("ready")).toEqual({ status: 200, body: { status: "ok", checks: { database: "ok", migrations: "ok" } } });

    await signIn(page, bea, `${BASE}/login`);
    // Another browser has the sign-in form open when the database goes.
    const other = await browser.newContext();
    const form = await other.newPage();
    await form.goto(`${BASE}/login`);
    await database.stop();

    // A load balancer takes the instance out (ready: 503) but does not restart it (live: 200).
    await expect.poll(async () => (await health("ready")).status, { timeout: 10_000 }).toBe(503);
    expect((await health("ready")).body).toEqual({ status: "unavailable", checks: { database: "unavailable", migrations: "unknown" } });
    expect(await health("live")).toEqual({ status: 200, body: { status: "ok" } });

    // An action: the sign-in form says so, and nothing breaks.
    await form.getByLabel("Email").fill(bea.email);
    await form.getByLabel("Password").fill(bea.password);
    await form.getByRole("button", { name: "Sign in" }).click();
    await expect(formAlert(form)).toHaveText(UNAVAILABLE);
    // Pages: HTTP 503 with the same sentence, no stack trace.
    for (const pathname of ["/login", "/", "/settings/account"]) {
      const response = await page.request.get(`${BASE}${pathname}`, { maxRedirects: 0 });
      expect(response.status(), pathname).toBe(503);
      // Even this answer names its request, for the support ticket.
      expect(response.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
      const body = await response.text();
      expect(body).toContain(UNAVAILABLE);
      expect(body).not.toMatch(/at \S+ \(|Error:/);
    }
    await page.goto(`${BASE}/`);
    await expect(page.getByText(UNAVAILABLE)).toBeVisible();
    // Logged once, not once per request.
    const lines = readFileSync(logFile, "utf8").split("\n").filter((l) => l.includes('"msg":"database unavailable"'));
    expect(lines).toHaveLength(1);

    // Back again: the same process recovers by itself.
    await database.start();
    await expect.poll(async () => (await health("ready")).status, { timeout: 30_000 }).toBe(200);
    await expect.poll(async () => (await page.request.get(`${BASE}/login`)).status(), { timeout: 30_000 }).toBe(200);
    await page.goto(`${BASE}/`);
    await expect(page.getByRole("button", { name: bea.name })).toBeVisible();
    await signIn(form, bea, `${BASE}/login`);
    await other.close();
  } finally {
    if (server) await stopServer(server, PORT);
    await database.stop();
    rmSync(path.dirname(dataDir), { recursive: true, force: true });
  }
});
