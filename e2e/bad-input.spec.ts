import { browserFromOwnIp, expect, recordAction, replayAction, test, type Totp } from "./fixtures";

/** A well-formed code the app shows at no step near now: refused, and counted as one attempt. */
const wrongCode = (totp: Totp, secret: string) =>
  ["000000", "111111", "222222"].find((c) => ![-1, 0, 1, 2].some((o) => totp.at(secret, o) === c))!;

test("malformed codes are refused with a clear message and cost no attempt", async ({ page, portal, users, totp }) => {
  const user = await users.create({ mfa: "authenticator" });
  const secret = user.secret!;
  await portal.login.submit(user);

  // In the browser: a code in Arabic-Indic digits never reaches the server.
  await portal.otp.submit("١٢٣٤٥٦");
  await expect(portal.alert).toHaveText("Enter the 6-digit code.");

  // Record the real verify action with one well-formed wrong code (1 of 5 attempts).
  const recorded = recordAction(page);
  await portal.otp.submit(wrongCode(totp, secret));
  await expect(portal.alert).toHaveText("That code didn't work. Check it and try again.");
  const request = await recorded;

  const malformed: unknown[] = ["", "1".repeat(10_240), "12a456", "١٢٣٤٥٦", "      ", "12345", 123456, { code: "123456" }];
  for (const code of malformed) {
    const response = await replayAction(page, request, "/login/verify", [{ code }]);
    expect(response.status(), `status for ${JSON.stringify(code).slice(0, 20)}`).toBe(200);
    expect(await response.text()).toContain("INVALID_CODE");
  }
  const garbage = await replayAction(page, request, "/login/verify", ["not an object"]);
  expect(await garbage.text()).toContain("INVALID_CODE");

  // 9 malformed submissions later, the challenge still accepts the right code.
  await portal.otp.submit(await totp.next(secret));
  await portal.expectSignedIn(user);
});

test("an oversized password is refused with the usual message and locks nothing", async ({ browser, users }) => {
  const user = await users.create();
  const { context, page, portal } = await browserFromOwnIp(browser);
  const huge = "p".repeat(1024 * 1024);
  await portal.login.submit({ email: user.email, password: huge });
  await expect(page.getByText("Incorrect email or password.")).toBeVisible();

  // Posted directly, past the browser's check.
  await page.getByLabel("Password").fill("wrong-but-short");
  const recorded = recordAction(page);
  await page.getByRole("button", { name: "Sign in" }).click();
  const request = await recorded;
  await expect(portal.alert).toHaveText("Incorrect email or password.");
  // 512 kB reaches the action, whose own length check refuses it before any hashing,
  // even with the right password in front.
  const padded = await replayAction(page, request, "/login", [{ email: user.email, password: user.password + "p".repeat(512 * 1024), callbackUrl: "/" }]);
  expect(padded.status()).toBe(200);
  expect(await padded.text()).toContain("INVALID_CREDENTIALS");
  // 1 MB is over Next.js's limit for a server action's body: refused before the action runs.
  const huge1mb = await replayAction(page, request, "/login", [{ email: user.email, password: huge, callbackUrl: "/" }]);
  expect(huge1mb.status()).toBeGreaterThanOrEqual(400);
  await portal.expectNoSession();

  await portal.signIn(user);
  await context.close();
});

test("a missing, tampered or other user's challenge cookie gets no session", async ({ page, browser, portal, users, totp }) => {
  await page.goto("/login/verify");
  await expect(page).toHaveURL("/login");

  const a = await users.create({ mfa: "authenticator" });
  await portal.login.submit(a);
  await expect(page).toHaveURL("/login/verify");
  const cookies = await page.context().cookies();
  const challenge = cookies.find((c) => c.name === "sp_challenge")!;

  // Tampered: one character changed.
  const tampered = challenge.value.slice(0, -1) + (challenge.value.endsWith("A") ? "B" : "A");
  await page.context().addCookies([{ ...challenge, value: tampered }]);
  await page.goto("/login/verify");
  await expect(page).toHaveURL("/login?expired=1");
  await expect(portal.alert).toHaveText("Your sign-in attempt has expired. Sign in again.");
  await page.context().addCookies([{ ...challenge, value: "x".repeat(5000).slice(0, 4000) }]);
  await page.goto("/login/verify");
  await expect(page).toHaveURL("/login?expired=1");

  // Another user's challenge: B's browser presents A's cookie with B's code.
  const other = await browser.newContext();
  const b = await users.create({ mfa: "authenticator" });
  const bPortal = portal.on(await other.newPage());
  await bPortal.login.submit(b);
  await expect(bPortal.page).toHaveURL("/login/verify");
  await other.addCookies([challenge]);
  await bPortal.page.goto("/login/verify");
  const bCode = totp.at(b.secret!, 1);
  if (![-1, 0, 1].some((o) => totp.at(a.secret!, o) === bCode)) {
    await bPortal.otp.submit(bCode);
    await expect(bPortal.alert).toHaveText("That code didn't work. Check it and try again.");
  }
  await bPortal.expectNoSession();
  await other.close();
});

test("a code entered after the method changed elsewhere is refused", async ({ page, browser, portal, users, totp }) => {
  const user = await users.create();
  const settings = await browser.newContext();
  const elsewhere = portal.on(await settings.newPage());
  await elsewhere.signIn(user);
  await elsewhere.account.open(user);
  const secret = await elsewhere.account.turnOnAuthenticator(user.password, totp);

  await portal.login.submit(user);
  await expect(page).toHaveURL("/login/verify");
  await elsewhere.account.chooseMfa("None", user.password, await totp.next(secret));
  await elsewhere.account.expectMethod("None");

  await portal.otp.submit(totp.at(secret, 1));
  await expect(portal.alert).toHaveText("That code didn't work. Check it and try again.");
  await portal.expectNoSession();
  // Signing in again needs only the password now.
  await portal.signIn(user);
  await settings.close();
});

test("server actions refuse a caller with no session and a cross-origin post", async ({ page, browser, portal, users }) => {
  const user = await users.create();
  await portal.signIn(user);
  await portal.account.open(user);
  const recorded = recordAction(page);
  await portal.account.chooseMfa("Email", "wrong-password-here");
  await expect(portal.alert).toHaveText("Your current password is incorrect.");
  const request = await recorded;

  // Cross-origin: a page on another site posting to the action with the user's cookies.
  const crossOrigin = await replayAction(page, request, "/settings/account", [{ method: "NONE", currentPassword: user.password }], {
    origin: "https://evil.example",
  });
  expect(crossOrigin.status()).toBeGreaterThanOrEqual(400);
  expect(await crossOrigin.text()).not.toContain("email-pending");

  // No session at all.
  const anonymous = await browser.newContext();
  const anonymousPage = await anonymous.newPage();
  await anonymousPage.goto("/login");
  const refused = await replayAction(anonymousPage, request, "/settings/account", [{ method: "EMAIL", currentPassword: user.password }]);
  expect(refused.status()).toBe(303);
  expect(refused.headers()["location"]).toContain("/login");
  await anonymous.close();

  await page.reload();
  await portal.account.expectMethod("None");
});

test("a tampered session cookie is a signed-out visitor", async ({ page, context, portal, users }) => {
  const user = await users.create();
  await portal.signIn(user);
  const session = (await context.cookies()).find((c) => c.name === "authjs.session-token")!;
  const parts = session.value.split(".");
  parts[3] = parts[3]!.slice(0, -2) + (parts[3]!.endsWith("AA") ? "BB" : "AA");
  await context.addCookies([{ ...session, value: parts.join(".") }]);
  await page.goto("/settings/details");
  await expect(page).toHaveURL("/login?callbackUrl=%2Fsettings%2Fdetails");
  await expect(portal.login.heading).toBeVisible();
});
