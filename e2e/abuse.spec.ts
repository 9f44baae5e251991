import { createHash } from "node:crypto";
import { ActiveSessions, expect, FIREFOX_ON_LINUX, primaryServerLog, SecurityActivity, skipIfRemote, test } from "./fixtures";

test("10 wrong passwords lock the account for 15 minutes, with the same message for the right password", { tag: ["@promise:account-lockout"] }, async ({ users, browsers }) => {
  const user = await users.create();
  const { portal } = await browsers.open();
  for (let i = 0; i < 10; i++) {
    await portal.login.submit({ email: user.email, password: `wrong-password-${i}` });
    await expect(portal.alert).toHaveText("Incorrect email or password.");
  }
  await portal.login.submit(user);
  await expect(portal.alert).toHaveText("Too many attempts. Try again in 15 minutes.");
  await portal.login.submit({ email: user.email, password: "wrong-again" });
  await expect(portal.alert).toHaveText("Too many attempts. Try again in 15 minutes.");

  // Another account from the same place is not affected.
  const other = await users.create();
  const second = await browsers.open();
  await second.portal.signIn(other);
});

test("while 12 other clients hammer an account, its owner signs in at their known browser; a new browser is told to wait", async ({ users, browsers, portalDatabase }) => {
  // 15 browser sign-ins in a row: on a loaded CI machine that alone can approach a minute.
  test.setTimeout(120_000);
  const user = await users.create();
  const owner = await browsers.open();
  await owner.portal.signIn(user);
  await owner.portal.signOut(user);
  expect((await owner.context.cookies()).some((c) => c.name === "sp_device" && c.httpOnly)).toBe(true);

  for (let i = 0; i < 12; i++) {
    const attacker = await browsers.open();
    await attacker.portal.login.submit({ email: user.email, password: `guess-${i}-long-enough` });
    await expect(attacker.portal.alert).toHaveText(/Incorrect email or password\.|Too many attempts/);
    await attacker.context.close();
  }
  // Each browser attempt above takes seconds on a loaded machine, longer than the
  // delays the first failures cause; the hammering goes on, so the account is put
  // where 15 failures leave it, the latest one now (a 30-second wait for others).
  const key = createHash("sha256").update(user.email).digest("hex");
  const hammered = await portalDatabase.query(
    `UPDATE "LimitCounter" SET failures = greatest(failures, 15), "updatedAt" = now() WHERE scope = 'PASSWORD_ACCOUNT' AND key = $1 AND failures >= 10 RETURNING 1`,
    [key],
  );
  expect(hammered.rows).toHaveLength(1);
  const stranger = await browsers.open();
  await stranger.portal.login.submit(user);
  await expect(stranger.portal.alert).toHaveText(/^Too many attempts\. Try again in \d+ minutes?\.$/);

  await owner.portal.signIn(user);
});

test("5 wrong codes void the challenge: the user must sign in again", { tag: ["@promise:five-codes-per-challenge"] }, async ({ users, totp, browsers }) => {
  const user = await users.create({ mfa: "authenticator" });
  const secret = user.secret!;
  const { page, portal } = await browsers.open();
  await portal.login.submit(user);
  const good = new Set([-1, 0, 1].map((o) => totp.at(secret, o)));
  const wrong = ["000000", "111111", "222222", "333333", "444444", "555555"].filter((c) => !good.has(c)).slice(0, 5);
  for (const code of wrong) {
    await portal.otp.submit(code);
    await expect(portal.alert).toHaveText("That code didn't work. Check it and try again.");
  }
  await portal.otp.submit(totp.at(secret, 1));
  await expect(page).toHaveURL("/login?expired=1");
  await expect(portal.alert).toHaveText("Your sign-in attempt has expired. Sign in again.");
  await portal.login.submit(user);
  await portal.otp.submit(totp.at(secret, 1));
  await portal.expectSignedIn(user);
});

test("security activity and sessions are listed; 'Sign out other sessions' ends the others", async ({ page, portal, users, browsers }) => {
  const user = await users.create();
  const other = await browsers.open();
  await other.portal.login.submit({ email: user.email, password: "not-my-password" });
  await expect(other.portal.alert).toHaveText("Incorrect email or password.");
  await other.portal.signIn(user);
  // The address the portal saw for the other browser, as that browser's own Active sessions shows it.
  await other.portal.account.open(user);
  const otherIp = await new ActiveSessions(other.page).thisBrowserAddress();

  await portal.signIn(user);
  await portal.account.open(user);
  const rows = new SecurityActivity(page).rows;
  await expect(rows.nth(1)).toContainText("Signed in");
  await expect(rows.nth(3)).toContainText("Failed sign-in: wrong password");
  await expect(rows.nth(3)).toContainText(otherIp);

  const sessions = new ActiveSessions(page);
  await expect(sessions.rows).toHaveCount(3);
  await expect(sessions.region.getByText("(this browser)")).toHaveCount(1);
  // The other browser's row (against a deployment both browsers may share one address).
  await expect(sessions.rows.filter({ hasNotText: "(this browser)" }).getByRole("cell", { name: otherIp, exact: true })).toBeVisible();
  await sessions.region.getByRole("button", { name: "Sign out other sessions" }).click();
  await expect(sessions.region.getByRole("status")).toHaveText("Signed out 1 other session.");
  await expect(sessions.rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText("Signed out of all other sessions");

  // The revoked browser's JWT is still in its cookie: NextAuth's session endpoint must not vouch for it.
  expect(await (await other.page.request.get("/api/auth/session")).json()).toBeNull();
  expect(await (await page.request.get("/api/auth/session")).json()).toMatchObject({ user: { id: expect.any(String) } });
  await other.page.goto("/settings/details");
  await expect(other.portal.login.heading).toBeVisible();
});

test("'Sign out' on one row of Active sessions ends that browser only", async ({ page, portal, users, browsers }) => {
  const user = await users.create();
  // The second browser is Firefox, so that its row is told apart from the others even when all come from one address.
  const [second, third] = [await browsers.open({ userAgent: FIREFOX_ON_LINUX }), await browsers.open()];
  await second.portal.signIn(user);
  await second.portal.account.open(user);
  const secondIp = await new ActiveSessions(second.page).thisBrowserAddress();
  await third.portal.signIn(user);
  await portal.signIn(user);
  await portal.account.open(user);
  const sessions = new ActiveSessions(page);
  await expect(sessions.rows).toHaveCount(4);
  // This browser's own row has no per-row button (it signs out from the name menu).
  await expect(sessions.region.getByRole("button", { name: /^Sign out (?!other sessions)/ })).toHaveCount(2);
  await sessions.signOutButton("Firefox on Linux", secondIp).click();
  await expect(sessions.region.getByRole("status")).toHaveText("Signed out 1 other session.");
  await expect(sessions.rows).toHaveCount(3);
  await expect(new SecurityActivity(page).rows.nth(1)).toContainText("Signed out of one other session");

  await second.page.goto("/settings/details");
  await expect(second.portal.login.heading).toBeVisible();
  await third.page.goto("/settings/details");
  await expect(third.page.getByRole("heading", { name: "My details" })).toBeVisible();
});

test("server logs are JSON lines and hold no password, code, secret or token @local", { tag: ["@promise:logs-hold-no-secrets"] }, async ({ page, context, portal, users, totp, mailbox }) => {
  skipIfRemote("reads the output of the suite's own portal process");
  const user = await users.create();
  await portal.signIn(user);
  const secrets: string[] = [user.password];
  await portal.account.open(user);
  await portal.account.chooseMfa("Authenticator", user.password);
  const secret = await portal.account.setupKey();
  const enrolment = totp.now(secret);
  secrets.push(secret, enrolment);
  await portal.account.confirmAuthenticator(enrolment);
  await portal.account.expectMethod("Authenticator");
  secrets.push((await context.cookies()).find((c) => c.name === "authjs.session-token")!.value);
  await portal.signOut(user);
  await portal.login.submit(user);
  await expect(page).toHaveURL("/login/verify");
  secrets.push((await context.cookies()).find((c) => c.name === "sp_challenge")!.value);
  const code = await totp.next(secret);
  secrets.push(code);
  await portal.otp.submit(code);
  await portal.expectSignedIn(user);
  secrets.push((await context.cookies()).find((c) => c.name === "authjs.session-token")!.value);

  // Email codes too (the change needs a current code of the authenticator: a later step than the sign-in's).
  await portal.account.open(user);
  const stepUp = await totp.next(secret);
  secrets.push(stepUp);
  await portal.account.chooseMfa("Email", user.password, stepUp);
  secrets.push(await mailbox.latestCode(user.email));

  await expect.poll(primaryServerLog).toContain('"msg":"signed in"');
  const log = primaryServerLog();
  for (const value of secrets) expect(log, "a secret appeared in the server log").not.toContain(value);
  const appLines = log.split("\n").filter((line) => line.startsWith("{"));
  expect(appLines.length).toBeGreaterThan(0);
  for (const line of appLines) expect(() => JSON.parse(line)).not.toThrow();
});
