import { createHash } from "node:crypto";
import { database, expect, skipIfRemote, SPEC_PORTS, startPortal, test } from "./fixtures";

// A portal with no proxy configured (TRUSTED_PROXIES unset), as `npm run demo`
// runs: whatever X-Forwarded-For a client sends, its address is the socket's.
const FORGED = ["203.0.113.66", "<b>not an address</b>", "198.51.100.1, 203.0.113.67"];
const limitKey = (identifier: string) => createHash("sha256").update(identifier.trim().toLowerCase()).digest("hex");

test("a forged X-Forwarded-For changes neither the per-IP count nor the activity list, nor a forged X-Request-Id the log, when no proxy is configured @local", async ({ browser, portal, users }) => {
  skipIfRemote("starts a portal process of its own with no trusted proxy");
  const server = await startPortal(SPEC_PORTS.noProxy, { TRUSTED_PROXIES: "" });
  try {
    const user = await users.create();
    for (const forged of FORGED) {
      const context = await browser.newContext({ baseURL: server.url, extraHTTPHeaders: { "x-forwarded-for": forged } });
      const visitor = portal.on(await context.newPage());
      await visitor.login.submit({ email: user.email, password: "not-the-password" });
      await expect(visitor.alert).toHaveText("Incorrect email or password.");
      await context.close();
    }
    // No per-IP counter was opened for any forged value...
    const forgedKeys = ["203.0.113.66", "198.51.100.1", "203.0.113.67", "unknown", ...FORGED].map(limitKey);
    expect(await database.query(`SELECT key FROM "LimitCounter" WHERE scope = 'PASSWORD_IP' AND key = ANY($1)`, [forgedKeys])).toEqual([]);
    // ...and every failure was recorded against the real address.
    const failures = await database.query<{ ip: string | null }>(
      `SELECT e.ip FROM "SecurityEvent" e JOIN "User" u ON u.id = e."userId" WHERE u.email = $1 AND e.type = 'SIGN_IN_FAILURE'`,
      [user.email],
    );
    expect(failures).toHaveLength(3);
    for (const { ip } of failures) expect(["127.0.0.1", "::1"]).toContain(ip);

    const context = await browser.newContext({ baseURL: server.url, extraHTTPHeaders: { "x-forwarded-for": "203.0.113.66" } });
    const visitor = portal.on(await context.newPage());
    await visitor.signIn(user);
    await visitor.account.open(user);
    await expect(visitor.account.activity.getByRole("row").nth(1)).toContainText("Signed in");
    await expect(visitor.account.activity).not.toContainText("203.0.113");
    await expect(visitor.account.activity).not.toContainText("not an address");
    await expect(visitor.page.getByRole("region", { name: "Active sessions" })).not.toContainText("203.0.113.66");
    // Nor does a client choose the id its requests are logged under: without a proxy, it gets one of the portal's.
    const answered = await visitor.page.request.get(`${server.url}/login`, { headers: { "x-request-id": "chosen-by-client" } });
    expect(answered.headers()["x-request-id"]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
    await context.close();
  } finally {
    await server.stop();
  }
});
