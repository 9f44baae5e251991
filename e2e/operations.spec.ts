import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect, ownIpHeaders, PRIMARY_URL, sample, scrapeMetrics, skipIfRemote, SPEC_PORTS, startPortal, test, total, type Totp } from "./fixtures";

// A portal process of its own on the suite's database, so that no test
// running beside this one moves the counters it reads.
const PORT = SPEC_PORTS.operations;
const BASE = `http://localhost:${PORT}`;
const TOKEN = `e2e-metrics-${randomBytes(12).toString("hex")}`;
const LOG = `e2e/.data/${PORT}.log`;
const otherCode = (totp: Totp, secret: string) => ["000000", "111111", "222222"].find((c) => ![-1, 0, 1, 2].some((o) => totp.at(secret, o) === c))!;

test("metrics count one scripted sign-in exactly; the endpoint wants its token; health answers; one request id on every line; on SIGTERM it stops its job queue before it exits @local", async ({ browser, request, portal, users, totp, mailbox }) => {
  skipIfRemote("needs a portal process of its own, so that no other test moves its counters");
  test.setTimeout(120_000);
  // Made (and enrolled) on the suite's main portal: nothing of it reaches this one's counters.
  const user = await users.create({ mfa: "authenticator" });
  const secret = user.secret!;
  const server = await startPortal(PORT, { METRICS_TOKEN: TOKEN }, LOG);
  let logged = 0;
  let exitStatus: Awaited<ReturnType<typeof server.stop>> = null;
  try {
    // The endpoint: 401 without the token or with another; 404 on a portal with no token configured.
    expect((await request.get(`${BASE}/api/metrics`)).status()).toBe(401);
    const wrong = await request.get(`${BASE}/api/metrics`, { headers: { authorization: `Bearer ${TOKEN.replace(/.$/, "x")}` } });
    expect(wrong.status()).toBe(401);
    expect(await wrong.text()).toBe("");
    expect((await request.get(`${PRIMARY_URL}/api/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status()).toBe(404);

    // Health: both up, never cached.
    const live = await request.get(`${BASE}/api/health/live`);
    expect([live.status(), await live.json(), live.headers()["cache-control"]]).toEqual([200, { status: "ok" }, "no-store"]);
    await expect.poll(async () => (await request.get(`${BASE}/api/health/ready`)).status(), { timeout: 10_000 }).toBe(200);
    const ready = await request.get(`${BASE}/api/health/ready`);
    expect([ready.status(), await ready.json(), ready.headers()["cache-control"]]).toEqual([200, { status: "ok", checks: { database: "ok", migrations: "ok" } }, "no-store"]);

    const before = await scrapeMetrics(request, BASE, TOKEN);
    expect(sample(before, "staff_portal_db_pool_connections", { state: "idle" })).toBeGreaterThanOrEqual(0);
    expect(before.has("staff_portal_process_cpu_user_seconds_total")).toBe(true);

    // The scripted sign-in, every request of it under one id of the test's choosing.
    const requestId = `e2e-ops-${randomBytes(6).toString("hex")}`;
    const context = await browser.newContext({ extraHTTPHeaders: { ...ownIpHeaders(), "x-request-id": requestId } });
    const scripted = portal.on(await context.newPage());
    await scripted.login.submit({ email: user.email, password: "not-the-password" }, `${BASE}/login`);
    await expect(scripted.alert).toHaveText("Incorrect email or password.");
    await scripted.login.submit(user, `${BASE}/login`);
    await scripted.otp.submit(otherCode(totp, secret));
    await expect(scripted.alert).toHaveText("That code didn't work. Check it and try again.");
    await scripted.otp.submit(await totp.next(secret));
    await scripted.expectSignedIn(user);
    // Once more, in another browser, with "Email me a code instead": one code email, sent while the user waits.
    const again = await browser.newContext({ extraHTTPHeaders: { ...ownIpHeaders(), "x-request-id": requestId } });
    const other = portal.on(await again.newPage());
    await other.login.submit(user, `${BASE}/login`);
    await other.otp.emailMeInstead();
    await expect(other.page.getByText(/We emailed a code to/).first()).toBeVisible();
    await other.otp.submit(await mailbox.latestCode(user.email));
    await other.expectSignedIn(user);
    await again.close();

    const after = await scrapeMetrics(request, BASE, TOKEN);
    const moved = (name: string, labels: Record<string, string> = {}) => sample(after, name, labels) - sample(before, name, labels);
    const movedInAll = (name: string) => total(after, name) - total(before, name);
    expect(moved("staff_portal_password_steps_total", { result: "invalid_credentials" })).toBe(1);
    expect(moved("staff_portal_password_steps_total", { result: "success" })).toBe(2);
    expect(movedInAll("staff_portal_password_steps_total")).toBe(3);
    expect(moved("staff_portal_otp_steps_total", { method: "totp", result: "invalid_code" })).toBe(1);
    expect(moved("staff_portal_otp_steps_total", { method: "totp", result: "success" })).toBe(1);
    expect(moved("staff_portal_otp_steps_total", { method: "email", result: "success" })).toBe(1);
    expect(movedInAll("staff_portal_otp_steps_total")).toBe(3);
    expect(moved("staff_portal_password_step_duration_seconds_count")).toBe(3);
    expect(moved("staff_portal_otp_step_duration_seconds_count")).toBe(3);
    // The code email, sent by this process while the user waited (the queue's notices may go out from any instance).
    expect(moved("staff_portal_emails_total", { transport: "outbox", result: "sent", via: "request" })).toBe(1);
    expect(moved("staff_portal_emails_total", { transport: "outbox", result: "failed", via: "request" })).toBe(0);
    expect(moved("staff_portal_password_step_duration_seconds_sum")).toBeGreaterThan(0);
    expect(movedInAll("staff_portal_lockouts_total")).toBe(0);
    expect(moved("staff_portal_recovery_codes_used_total")).toBe(0);

    // The id came back on the responses, and names every line the sign-in logged (a malformed one is replaced).
    expect((await context.request.get(`${BASE}/login`)).headers()["x-request-id"]).toBe(requestId);
    const replaced = (await request.get(`${BASE}/login`, { headers: { "x-request-id": "not an id" } })).headers()["x-request-id"];
    expect(replaced).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    await expect.poll(() => readFileSync(LOG, "utf8")).toContain('"msg":"signed in"');
    const ours = readFileSync(LOG, "utf8")
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as { msg: string; requestId?: string; userId?: string })
      .filter((line) => line.requestId === requestId);
    expect(ours.map((line) => line.msg)).toEqual(expect.arrayContaining(["password step refused", "password step passed", "signed in"]));
    await context.close();
  } finally {
    logged = readFileSync(LOG, "utf8").length;
    exitStatus = await server.stop();
  }
  // Stopped with SIGTERM (as a deploy does): its job queue stops first, so no job it held waits for
  // pg-boss to expire it; then Next's own handler ends the process (143).
  expect(exitStatus).toBe(143);
  const stopping = readFileSync(LOG, "utf8")
    .slice(logged)
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => (JSON.parse(line) as { msg: string; signal?: string }))
    .filter((line) => line.signal);
  expect(stopping.map((line) => `${line.signal} ${line.msg}`)).toEqual(["SIGTERM stopping the job queue before exit", "SIGTERM job queue stopped"]);
});
