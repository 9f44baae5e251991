import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { skipIfRemote } from "./fixtures";
import { contextFromOwnIp } from "./support/client-ip";
import { queryDatabase } from "./support/database";
import { E2E_PORT } from "./support/env";
import { codeFromEmail } from "./support/mailbox";
import { authenticatorCode, codeAfter, currentStep } from "./support/totp";
import { createUser } from "./support/users";
import { enrollAuthenticator, formAlert, openAccountSettings, saveMfaOption, signIn, signOut, submitOtp, submitPassword } from "./support/pages";

test("10 wrong passwords lock the account for 15 minutes, with the same message for the right password", { tag: ["@promise:account-lockout"] }, async ({ browser }) => {
  const user = createUser();
  const { context, page } = await contextFromOwnIp(browser);
  for (let i = 0; i < 10; i++) {
    await submitPassword(page, { email: user.email, password: `wrong-password-${i}` });
    await expect(formAlert(page)).toHaveText("Incorrect email or password.");
  }
  await submitPassword(page, user);
  await expect(formAlert(page)).toHaveText("Too many attempts. Try again in 15 minutes.");
  await submitPassword(page, { email: user.email, password: "wrong-again" });
  await expect(formAlert(page)).toHaveText("Too many attempts. Try again in 15 minutes.");
  await context.close();

  // Another account from the same place is not affected.
  const other = createUser();
  const second = await contextFromOwnIp(browser);
  await signIn(second.page, other);
  await second.context.close();
});

test("while 12 other clients hammer an account, its owner signs in at their known browser; a new browser is told to wait", async ({ browser }) => {
  // 15 browser sign-ins in a row: on a loaded CI machine that alone can approach a minute.
  test.setTimeout(120_000);
  const user = createUser();
  const owner = await contextFromOwnIp(browser);
  await signIn(owner.page, user);
  await signOut(owner.page, user.name);
  expect((await owner.context.cookies()).some((c) => c.name === "sp_device" && c.httpOnly)).toBe(true);

  for (let i = 0; i < 12; i++) {
    const attacker = await contextFromOwnIp(browser);
    await submitPassword(attacker.page, { email: user.email, password: `guess-${i}-long-enough` });
    await expect(formAlert(attacker.page)).toHaveText(/Incorrect email or password\.|Too many attempts/);
    await attacker.context.close();
  }
  // Each browser attempt above takes seconds on a loaded machine, longer than the
  // delays the first failures cause; the hammering goes on, so the account is put
  // where 15 failures leave it, the latest one now (a 30-second wait for others).
  const key = createHash("sha256").update(user.email).digest("hex");
  const hammered = await queryDatabase(
    `UPDATE "LimitCounter" SET failures = greatest(failures, 15), "updatedAt" = now() WHERE scope = 'PASSWORD_ACCOUNT' AND key = $1 AND failures >= 10 RETURNING 1`,
    [key],
  );
  expect(hammered).toHaveLength(1);
  const stranger = await contextFromOwnIp(browser);
  await submitPassword(stranger.page, user);
  await expect(formAlert(stranger.page)).toHaveText(/^Too many attempts\. Try again in \d+ minutes?\.$/);
  await stranger.context.close();

  await signIn(owner.page, user);
  await owner.context.close();
});

test("5 wrong codes void the challenge: the user must sign in again", { tag: ["@promise:five-codes-per-challenge"] }, async ({ browser }) => {
  const user = createUser();
  const { context, page } = await contextFromOwnIp(browser);
  await signIn(page, user);
  const secret = await enrollAuthenticator(page, user);
  await signOut(page, user.name);
  await submitPassword(page, user);
  const good = new Set([-1, 0, 1].map((o) => authenticatorCode(secret, o)));
  const wrong = ["000000", "111111", "222222", "333333", "444444", "555555"].filter((c) => !good.has(c)).slice(0, 5);
  for (const code of wrong) {
    await submitOtp(page, code);
    await expect(formAlert(page)).toHaveText("That code didn't work. Check it and try again.");
  }
  await submitOtp(page, authenticatorCode(secret, 1));
  await expect(page).toHaveURL("/login?expired=1");
  await expect(formAlert(page)).toHaveText("Your sign-in attempt has expired. Sign in again.");
  await submitPassword(page, user);
  await submitOtp(page, authenticatorCode(secret, 1));
  await expect(page.getByRole("button", { name: user.name })).toBeVisible();
  await context.close();
});

test("security activity and sessions are listed; 'Sign out other sessions' ends the others", async ({ browser, page }) => {
  const user = createUser();
  const other = await contextFromOwnIp(browser);
  await submitPassword(other.page, { email: user.email, password: "not-my-password" });
  await expect(formAlert(other.page)).toHaveText("Incorrect email or password.");
  await signIn(other.page, user);

  await signIn(page, user);
  await openAccountSettings(page, user.name);
  const activity = page.getByRole("region", { name: "Recent security activity" });
  const rows = activity.getByRole("row");
  await expect(rows.nth(1)).toContainText("Signed in");
  await expect(rows.nth(3)).toContainText("Failed sign-in: wrong password");
  await expect(rows.nth(3)).toContainText(other.ip);

  const sessions = page.getByRole("region", { name: "Active sessions" });
  await expect(sessions.getByRole("row")).toHaveCount(3);
  await expect(sessions.getByText("(this browser)")).toHaveCount(1);
  await expect(sessions.getByRole("cell", { name: other.ip, exact: true })).toBeVisible();
  await sessions.getByRole("button", { name: "Sign out other sessions" }).click();
  await expect(sessions.getByRole("status")).toHaveText("Signed out 1 other session.");
  await expect(sessions.getByRole("row")).toHaveCount(2);
  await expect(rows.nth(1)).toContainText("Signed out of all other sessions");

  // The revoked browser's JWT is still in its cookie: NextAuth's session endpoint must not vouch for it.
  expect(await (await other.page.request.get("/api/auth/session")).json()).toBeNull();
  expect(await (await page.request.get("/api/auth/session")).json()).toMatchObject({ user: { id: expect.any(String) } });
  await other.page.goto("/settings/details");
  await expect(other.page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await other.context.close();
});

test("'Sign out' on one row of Active sessions ends that browser only", async ({ browser, page }) => {
  const user = createUser();
  const [second, third] = [await contextFromOwnIp(browser), await contextFromOwnIp(browser)];
  await signIn(second.page, user);
  await signIn(third.page, user);
  await signIn(page, user);
  await openAccountSettings(page, user.name);
  const sessions = page.getByRole("region", { name: "Active sessions" });
  await expect(sessions.getByRole("row")).toHaveCount(4);
  // This browser's own row has no per-row button (it signs out from the name menu).
  await expect(sessions.getByRole("button", { name: /^Sign out (?!other sessions)/ })).toHaveCount(2);
  await sessions.getByRole("button", { name: new RegExp(`^Sign out .*${second.ip.replace(/\./g, "\\.")}`) }).click();
  await expect(sessions.getByRole("status")).toHaveText("Signed out 1 other session.");
  await expect(sessions.getByRole("row")).toHaveCount(3);
  await expect(page.getByRole("region", { name: "Recent security activity" }).getByRole("row").nth(1)).toContainText("Signed out of one other session");

  await second.page.goto("/settings/details");
  await expect(second.page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await third.page.goto("/settings/details");
  await expect(third.page.getByRole("heading", { name: "My details" })).toBeVisible();
  await Promise.all([second.context.close(), third.context.close()]);
});

test("server logs are JSON lines and hold no password, code, secret or token @local", { tag: ["@promise:logs-hold-no-secrets"] }, async ({ page, context }) => {
  skipIfRemote("reads the output of the suite's own portal process");
  const user = createUser();
  await signIn(page, user);
  const secrets: string[] = [user.password];
  const secret = await enrollAuthenticator(page, user, (s) => {
    const code = authenticatorCode(s);
    secrets.push(code);
    return code;
  });
  secrets.push(secret);
  secrets.push((await context.cookies()).find((c) => c.name === "authjs.session-token")!.value);
  await signOut(page, user.name);
  await submitPassword(page, user);
  await expect(page).toHaveURL("/login/verify");
  secrets.push((await context.cookies()).find((c) => c.name === "sp_challenge")!.value);
  const signInStep = currentStep() + 1;
  const code = authenticatorCode(secret, 1);
  secrets.push(code);
  await submitOtp(page, code);
  await expect(page.getByRole("button", { name: user.name })).toBeVisible();
  secrets.push((await context.cookies()).find((c) => c.name === "authjs.session-token")!.value);

  // Email codes too (the change needs a current code of the authenticator: a later step than the sign-in's).
  await openAccountSettings(page, user.name);
  const stepUp = await codeAfter(secret, signInStep);
  secrets.push(stepUp);
  await saveMfaOption(page, "Email", user.password, stepUp);
  secrets.push(await codeFromEmail(context, user.email, 1));

  const logFile = `e2e/.data/${E2E_PORT}.log`;
  await expect.poll(() => readFileSync(logFile, "utf8")).toContain('"msg":"signed in"');
  const log = readFileSync(logFile, "utf8");
  for (const value of secrets) expect(log, "a secret appeared in the server log").not.toContain(value);
  const appLines = log.split("\n").filter((line) => line.startsWith("{"));
  expect(appLines.length).toBeGreaterThan(0);
  for (const line of appLines) expect(() => JSON.parse(line)).not.toThrow();
});
