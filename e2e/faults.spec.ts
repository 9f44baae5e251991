import { database, expect, portalStartUp, SECONDARY_URL, skipIfRemote, SPEC_PORTS, startPortal, test } from "./fixtures";

// The secondary server shares the primary's database; its email provider
// (Resend) points at a closed port.
skipIfRemote("needs the suite's own portal processes: the secondary, whose email provider is down, and processes the tests start and stop");

test("email provider down: turning on Email says so and changes nothing @local", { tag: ["@promise:email-provider-down"] }, async ({ page, portal, users }) => {
  const user = await users.create();
  await portal.signIn(user, `${SECONDARY_URL}/login`);
  await page.goto(`${SECONDARY_URL}/settings/account`);
  await portal.account.chooseMfa("Email", user.password);
  await expect(portal.alert).toHaveText("We couldn't send the email. Try again in a minute.");
  await expect(portal.account.mfa.getByLabel("Email code")).toHaveCount(0);
  await page.reload();
  await portal.account.expectMethod("None");
});

test("email provider down at sign-in: 'Email me a code instead' says so and the authenticator still works @local", { tag: ["@promise:email-provider-down"] }, async ({ page, portal, users, totp }) => {
  const user = await users.create({ mfa: "authenticator" });

  await portal.login.submit(user, `${SECONDARY_URL}/login`);
  await expect(portal.otp.heading).toBeVisible();
  await portal.otp.emailMeInstead();
  await expect(portal.alert).toHaveText("We couldn't send the email. Try again in a minute.");
  await expect(page.getByText("Open your authenticator app")).toBeVisible();
  await portal.otp.submit(await totp.next(user.secret!));
  await portal.expectSignedIn(user);
  await page.goto(`${SECONDARY_URL}/settings/account`);
  await portal.account.expectMethod("Authenticator");
});

test("the challenge lives in the database: password on one server process, code on another @local", async ({ page, portal, users, totp }) => {
  const user = await users.create({ mfa: "authenticator" });

  await portal.login.submit(user);
  await expect(page).toHaveURL("/login/verify");
  // Cookies are not bound to a port, so the same browser continues on the other process.
  await page.goto(`${SECONDARY_URL}/login/verify`);
  await portal.otp.submit(await totp.next(user.secret!));
  await portal.expectSignedIn(user);
  await expect(page).toHaveURL(`${SECONDARY_URL}/`);
});

test("restarting the server between the password step and the code keeps the challenge @local", async ({ page, portal, users, totp }) => {
  test.setTimeout(120_000);
  const user = await users.create({ mfa: "authenticator" });

  const server = await startPortal(SPEC_PORTS.restart);
  try {
    await portal.login.submit(user, `${server.url}/login`);
    await expect(page).toHaveURL(`${server.url}/login/verify`);
    await server.restart();
    await page.reload();
    await portal.otp.submit(await totp.next(user.secret!));
    await portal.expectSignedIn(user);
  } finally {
    await server.stop();
  }
});

test("the mailbox exists only with the outbox transport, and shows nothing from before its server started @local", async ({ page }) => {
  expect((await page.goto(`${SECONDARY_URL}/dev/mailbox`))?.status()).toBe(404);
  const subject = `Sent before the restart ${Date.now()}`;
  await database.query(`INSERT INTO "OutboxEmail" (id, "to", subject, text, html) VALUES ($1, 'old@acme.test', $2, 'old', 'old')`, [`m-${Date.now()}`, subject]);
  // The primary server started before that message: it shows it.
  expect((await page.goto("/dev/mailbox"))?.status()).toBe(200);
  await expect(page.getByRole("heading", { name: subject })).toBeVisible();
  // A server started after it does not.
  const server = await startPortal(SPEC_PORTS.freshMailbox);
  try {
    await page.goto(`${server.url}/dev/mailbox`);
    await expect(page.getByRole("heading", { name: "Mailbox (local outbox)" })).toBeVisible();
    await expect(page.getByRole("heading", { name: subject })).toHaveCount(0);
  } finally {
    await server.stop();
  }
});

test("a DATABASE_URL that is not PostgreSQL stops start-up with one clear line @local", async () => {
  const { code, lines } = await portalStartUp({ DATABASE_URL: "file:./prisma/data/portal.db" });
  expect(code).toBe(1);
  expect(lines.filter((line) => line.includes("DATABASE_URL"))).toEqual([
    "Invalid configuration: DATABASE_URL must be a postgresql:// URL (got file://…). See .env.example.",
  ]);
});

test("production with the outbox and without PORTAL_DEMO=1 refuses to start with one clear line @local", async () => {
  const { code, lines } = await portalStartUp({ PORTAL_DEMO: "" });
  expect(code).toBe(1);
  expect(lines.filter((line) => line.includes("EMAIL_TRANSPORT"))).toEqual([
    "Invalid configuration: EMAIL_TRANSPORT=outbox is refused in production (its /dev/mailbox page would show every sign-in code to anyone). Set RESEND_API_KEY; PORTAL_DEMO=1 is for the local demo only.",
  ]);
});
