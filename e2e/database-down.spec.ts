import { readFileSync } from "node:fs";
import path from "node:path";
import { DEMO_PASSWORD, expect, skipIfRemote, SPEC_PORTS, startOwnDatabase, startPortal, test, type PortalProcess } from "./fixtures";

// Its own PostgreSQL and portal process, so that stopping the database leaves
// the rest of the suite alone.
const UNAVAILABLE = "The service is unavailable right now. Try again in a minute.";
const bea = { email: "bea@acme.test", password: DEMO_PASSWORD, name: "Bea Turner" };

test("PostgreSQL stopped while the portal runs: 503 and one sentence, not ready but live, then recovery without a restart @local", { tag: ["@promise:database-down"] }, async ({ page, browser, portal }) => {
  skipIfRemote("needs a PostgreSQL and a portal process of its own, stopped and started during the test");
  test.setTimeout(180_000);
  // Migrated as in production (the readiness check reads Prisma's _prisma_migrations), and seeded.
  const database = await startOwnDatabase(SPEC_PORTS.databaseDownPostgres, "portal_faults");
  const logFile = path.join(database.dir, "portal.log");
  let server: PortalProcess | null = null;
  try {
    server = await startPortal(SPEC_PORTS.databaseDown, { DATABASE_URL: database.url }, logFile);
    const BASE = server.url;
    const health = async (check: "live" | "ready") => {
      const response = await page.request.get(`${BASE}/api/health/${check}`);
      return { status: response.status(), body: await response.json() };
    };
    // Ready once it has reached its database (a load balancer probes again and again; a cold process may need a second probe).
    await expect.poll(async () => (await health("ready")).status, { timeout: 10_000 }).toBe(200);
    expect(await health("ready")).toEqual({ status: 200, body: { status: "ok", checks: { database: "ok", migrations: "ok" } } });

    await portal.signIn(bea, `${BASE}/login`);
    // Another browser has the sign-in form open when the database goes.
    const other = await browser.newContext();
    const form = portal.on(await other.newPage());
    await form.page.goto(`${BASE}/login`);
    await database.stop();

    // A load balancer takes the instance out (ready: 503) but does not restart it (live: 200).
    await expect.poll(async () => (await health("ready")).status, { timeout: 10_000 }).toBe(503);
    expect((await health("ready")).body).toEqual({ status: "unavailable", checks: { database: "unavailable", migrations: "unknown" } });
    expect(await health("live")).toEqual({ status: 200, body: { status: "ok" } });

    // An action: the sign-in form says so, and nothing breaks.
    await form.page.getByLabel("Email").fill(bea.email);
    await form.page.getByLabel("Password").fill(bea.password);
    await form.page.getByRole("button", { name: "Sign in" }).click();
    await expect(form.alert).toHaveText(UNAVAILABLE);
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
    await portal.expectSignedIn(bea);
    await form.signIn(bea, `${BASE}/login`);
    await other.close();
  } finally {
    if (server) await server.stop();
    await database.remove();
  }
});
