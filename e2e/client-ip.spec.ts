import { createHash } from "node:crypto";
import { expect, test } from "@playwright/test";
import { skipIfRemote } from "./fixtures";
import { queryDatabase } from "./support/database";
import { SPEC_PORTS } from "./support/env";
import { formAlert, openAccountSettings, signIn, submitPassword } from "./support/pages";
import { startServer, stopServer } from "./support/server";
import { createUser } from "./support/users";

// A portal with no proxy configured (TRUSTED_PROXIES unset), as `npm run demo`
// runs: whatever X-Forwarded-For a client sends, its address is the socket's.
const PORT = SPEC_PORTS.noProxy;
const BASE = `http://localhost:${PORT}`;
const FORGED = ["203.0.113.66", "<b>not an address</b>", "198.51.100.1, 203.0.113.67"];
const limitKey = (identifier: string) => createHash("sha256").update(identifier.trim().toLowerCase()).digest("hex");

test("a forged X-Forwarded-For changes neither the per-IP count nor the activity list, nor a forged X-Request-Id the log, when no proxy is configured @local", async ({ browser }) => {
  skipIfRemote("starts a portal process of its own with no trusted proxy");
  const server = await startServer(PORT, { TRUSTED_PROXIES: "" });
  try {
    const user = createUser();
    for (const forged of FORGED) {
      const context = await browser.newContext({ baseURL: BASE, extraHTTPHeaders: { "x-forwarded-for": forged } });
      const page = await context.newPage();
      await submitPassword(page, { email: user.email, password: "not-the-password" });
      await expect(formAlert(page)).toHaveText("Incorrect email or password.");
      await context.close();
    }
    // No per-IP counter was opened for any forged value...
    const forgedKeys = ["203.0.113.66", "198.51.100.1", "203.0.113.67", "unknown", ...FORGED].map(limitKey);
    expect(await queryDatabase(`SELECT key FROM "LimitCounter" WHERE scope = 'PASSWORD_IP' AND key = ANY($1)`, [forgedKeys])).toEqual([]);
    // ...and every failure was recorded against the real address.
    const failures = await queryDatabase<{ ip: string | null }>(
      `SELECT e.ip FROM "SecurityEvent" e JOIN "User" u ON u.id = e."userId" WHERE u.email = $1 AND e.type = 'SIGN_IN_FAILURE'`,
      [user.email],
    );
    expect(failures).toHaveLength(3);
    for (const { ip } of failures) expect(["127.0.0.1", "::1"]).toContain(ip);

    const context = await browser.newContext({ baseURL: BASE, extraHTTPHeaders: { "x-forwarded-for": "203.0.113.66" } });
    const page = await context.newPage();
    await signIn(page, user);
    await openAccountSettings(page, user.name);
    const activity = page.getByRole("region", { name: "Recent security activity" });
    await expect(activity.getByRole("row").nth(1)).toContainText("Signed in");
    await expect(activity).not.toContainText("203.0.113");
    await expect(activity).not.toContainText("not an address");
    await expect(page.getByRole("region", { name: "Active sessions" })).not.toContainText("203.0.113.66");
    // Nor does a client choose the id its requests are logged under: without a proxy, it gets one of the portal's.
    const answered = await page.request.get(`${BASE}/login`, { headers: { "x-request-id": "chosen-by-client" } });
    expect(answered.headers()["x-request-id"]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
    await context.close();
  } finally {
    await stopServer(server, PORT);
  }
});
