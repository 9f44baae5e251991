import { spawn } from "node:child_process";
import { expect, test } from "@playwright/test";
import { skipIfRemote } from "./fixtures";
import { queryDatabase } from "./support/database";
import { E2E_ENV, SECONDARY_URL, SPEC_PORTS } from "./support/env";
import { startServer, stopServer } from "./support/server";
import { authenticatorCode } from "./support/totp";
import { createUser } from "./support/users";
import { authenticatorUser, formAlert, submitOtp, submitPassword } from "./support/pages";

// The secondary server shares the primary's database; its email provider
// (Resend) points at a closed port.
skipIfRemote("needs the suite's own portal processes: the secondary, whose email provider is down, and processes the tests start and stop");

test("email provider down: turning on Email says so and changes nothing @local", { tag: ["@promise:email-provider-down"] }, async ({ page }) => {
  const user = createUser();
  await submitPassword(page, user, `${SECONDARY_URL}/login`);
  await expect(page.getByRole("button", { name: user.name })).toBeVisible();
  await page.goto(`${SECONDARY_URL}/settings/account`);
  const section = page.getByRole("region", { name: "Multi-factor Authentication" });
  await section.getByLabel("MFA option").selectOption({ label: "Email" });
  await section.getByLabel("Current password").fill(user.password);
  await section.getByRole("button", { name: "Save" }).click();
  await expect(formAlert(page)).toHaveText("We couldn't send the email. Try again in a minute.");
  await expect(section.getByLabel("Email code")).toHaveCount(0);
  await page.reload();
  await expect(page.getByText("Current method: None.")).toBeVisible();
});

test("email provider down at sign-in: 'Email me a code instead' says so and the authenticator still works @local", { tag: ["@promise:email-provider-down"] }, async ({ page }) => {
  const { user, secret } = await authenticatorUser(page);

  await submitPassword(page, user, `${SECONDARY_URL}/login`);
  await expect(page.getByRole("heading", { name: "Enter your one-time password" })).toBeVisible();
  await page.getByRole("button", { name: "Email me a code instead" }).click();
  await expect(formAlert(page)).toHaveText("We couldn't send the email. Try again in a minute.");
  await expect(page.getByText("Open your authenticator app")).toBeVisible();
  await submitOtp(page, authenticatorCode(secret, 1));
  await expect(page.getByRole("button", { name: user.name })).toBeVisible();
  await page.goto(`${SECONDARY_URL}/settings/account`);
  await expect(page.getByText("Current method: Authenticator.")).toBeVisible();
});

test("the challenge lives in the database: password on one server process, code on another @local", async ({ page }) => {
  const { user, secret } = await authenticatorUser(page);

  await submitPassword(page, user);
  await expect(page).toHaveURL("/login/verify");
  // Cookies are not bound to a port, so the same browser continues on the other process.
  await page.goto(`${SECONDARY_URL}/login/verify`);
  await submitOtp(page, authenticatorCode(secret, 1));
  await expect(page.getByRole("button", { name: user.name })).toBeVisible();
  await expect(page).toHaveURL(`${SECONDARY_URL}/`);
});

test("restarting the server between the password step and the code keeps the challenge @local", async ({ page }) => {
  test.setTimeout(120_000);
  const { user, secret } = await authenticatorUser(page);

  const port = SPEC_PORTS.restart;
  let server = await startServer(port);
  try {
    await submitPassword(page, user, `http://localhost:${port}/login`);
    await expect(page).toHaveURL(`http://localhost:${port}/login/verify`);
    await stopServer(server, port);
    server = await startServer(port);
    await page.reload();
    await submitOtp(page, authenticatorCode(secret, 1));
    await expect(page.getByRole("button", { name: user.name })).toBeVisible();
  } finally {
    await stopServer(server, port);
  }
});

test("the mailbox exists only with the outbox transport, and shows nothing from before its server started @local", async ({ page }) => {
  expect((await page.goto(`${SECONDARY_URL}/dev/mailbox`))?.status()).toBe(404);
  const subject = `Sent before the restart ${Date.now()}`;
  await queryDatabase(`INSERT INTO "OutboxEmail" (id, "to", subject, text, html) VALUES ($1, 'old@acme.test', $2, 'old', 'old')`, [`m-${Date.now()}`, subject]);
  // The primary server started before that message: it shows it.
  expect((await page.goto("/dev/mailbox"))?.status()).toBe(200);
  await expect(page.getByRole("heading", { name: subject })).toBeVisible();
  // A server started after it does not.
  const server = await startServer(SPEC_PORTS.freshMailbox);
  try {
    await page.goto(`http://localhost:${SPEC_PORTS.freshMailbox}/dev/mailbox`);
    await expect(page.getByRole("heading", { name: "Mailbox (local outbox)" })).toBeVisible();
    await expect(page.getByRole("heading", { name: subject })).toHaveCount(0);
  } finally {
    await stopServer(server, SPEC_PORTS.freshMailbox);
  }
});

/** Starts `next start` with the primary's environment plus `extra`; resolves with its exit code and output. */
async function startUpRefused(extra: Record<string, string | undefined>) {
  const child = spawn("node", ["node_modules/next/dist/bin/next", "start", "-p", SPEC_PORTS.refusedStartUp], {
    env: { ...process.env, ...E2E_ENV, PORT: SPEC_PORTS.refusedStartUp, NODE_ENV: "production", ...extra },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  for (const stream of [child.stdout, child.stderr]) stream.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  return { code, lines: output.split("\n") };
}

test("a DATABASE_URL that is not PostgreSQL stops start-up with one clear line @local", async () => {
  const { code, lines } = await startUpRefused({ DATABASE_URL: "file:./prisma/data/portal.db" });
  expect(code).toBe(1);
  expect(lines.filter((line) => line.includes("DATABASE_URL"))).toEqual([
    "Invalid configuration: DATABASE_URL must be a postgresql:// URL (got file://…). See .env.example.",
  ]);
});

test("production with the outbox and without PORTAL_DEMO=1 refuses to start with one clear line @local", async () => {
  const { code, lines } = await startUpRefused({ PORTAL_DEMO: "" });
  expect(code).toBe(1);
  expect(lines.filter((line) => line.includes("EMAIL_TRANSPORT"))).toEqual([
    "Invalid configuration: EMAIL_TRANSPORT=outbox is refused in production (its /dev/mailbox page would show every sign-in code to anyone). Set RESEND_API_KEY; PORTAL_DEMO=1 is for the local demo only.",
  ]);
});
