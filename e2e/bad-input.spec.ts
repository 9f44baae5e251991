import { expect, test, type Page, type Request } from "@playwright/test";
import { replayAction } from "./support/actions";
import { contextFromOwnIp } from "./support/client-ip";
import { authenticatorCode } from "./support/totp";
import { createUser } from "./support/users";
import { authenticatorUser, enrollAuthenticator, expectNoSession, formAlert, openAccountSettings, saveMfaOption, signIn, submitOtp, submitPassword } from "./support/pages";

/** Replays a recorded server action from this page's browser context. */
function replay(page: Page, recorded: Request, path: string, args: unknown[], extraHeaders: Record<string, string> = {}) {
  return replayAction(page.request, recorded, new URL(path, page.url()).toString(), args, extraHeaders);
}

const wrongCode = (secret: string) =>
  ["000000", "111111", "222222"].find((c) => ![-1, 0, 1, 2].some((o) => authenticatorCode(secret, o) === c))!;

test("malformed codes are refused with a clear message and cost no attempt", async ({ page }) => {
  const { user, secret } = await authenticatorUser(page);
  await submitPassword(page, user);

  // In the browser: a code in Arabic-Indic digits never reaches the server.
  await submitOtp(page, "١٢٣٤٥٦");
  await expect(formAlert(page)).toHaveText("Enter the 6-digit code.");

  // Record the real verify action with one well-formed wrong code (1 of 5 attempts).
  const recorded = page.waitForRequest((r) => !!r.headers()["next-action"]);
  await submitOtp(page, wrongCode(secret));
  await expect(formAlert(page)).toHaveText("That code didn't work. Check it and try again.");
  const request = await recorded;

  const malformed: unknown[] = ["", "1".repeat(10_240), "12a456", "١٢٣٤٥٦", "      ", "12345", 123456, { code: "123456" }];
  for (const code of malformed) {
    const response = await replay(page, request, "/login/verify", [{ code }]);
    expect(response.status(), `status for ${JSON.stringify(code).slice(0, 20)}`).toBe(200);
    expect(await response.text()).toContain("INVALID_CODE");
  }
  const garbage = await replay(page, request, "/login/verify", ["not an object"]);
  expect(await garbage.text()).toContain("INVALID_CODE");

  // 9 malformed submissions later, the challenge still accepts the right code.
  await submitOtp(page, authenticatorCode(secret, 1));
  await expect(page.getByRole("button", { name: user.name })).toBeVisible();
});

test("an oversized password is refused with the usual message and locks nothing", async ({ browser }) => {
  const user = createUser();
  const { context, page } = await contextFromOwnIp(browser);
  const huge = "p".repeat(1024 * 1024);
  await page.goto("/login");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(huge);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Incorrect email or password.")).toBeVisible();

  // Posted directly, past the browser's check.
  await page.getByLabel("Password").fill("wrong-but-short");
  const recorded = page.waitForRequest((r) => !!r.headers()["next-action"]);
  await page.getByRole("button", { name: "Sign in" }).click();
  const request = await recorded;
  await expect(formAlert(page)).toHaveText("Incorrect email or password.");
  // 512 kB reaches the action, whose own length check refuses it before any hashing,
  // even with the right password in front.
  const padded = await replay(page, request, "/login", [{ email: user.email, password: user.password + "p".repeat(512 * 1024), callbackUrl: "/" }]);
  expect(padded.status()).toBe(200);
  expect(await padded.text()).toContain("INVALID_CREDENTIALS");
  // 1 MB is over Next.js's limit for a server action's body: refused before the action runs.
  const huge1mb = await replay(page, request, "/login", [{ email: user.email, password: huge, callbackUrl: "/" }]);
  expect(huge1mb.status()).toBeGreaterThanOrEqual(400);
  await expectNoSession(context);

  await signIn(page, user);
  await context.close();
});

test("a missing, tampered or other user's challenge cookie gets no session", async ({ page, browser }) => {
  await page.goto("/login/verify");
  await expect(page).toHaveURL("/login");

  const a = await authenticatorUser(page);
  await submitPassword(page, a.user);
  await expect(page).toHaveURL("/login/verify");
  const cookies = await page.context().cookies();
  const challenge = cookies.find((c) => c.name === "sp_challenge")!;

  // Tampered: one character changed.
  const tampered = challenge.value.slice(0, -1) + (challenge.value.endsWith("A") ? "B" : "A");
  await page.context().addCookies([{ ...challenge, value: tampered }]);
  await page.goto("/login/verify");
  await expect(page).toHaveURL("/login?expired=1");
  await expect(formAlert(page)).toHaveText("Your sign-in attempt has expired. Sign in again.");
  await page.context().addCookies([{ ...challenge, value: "x".repeat(5000).slice(0, 4000) }]);
  await page.goto("/login/verify");
  await expect(page).toHaveURL("/login?expired=1");

  // Another user's challenge: B's browser presents A's cookie with B's code.
  const other = await browser.newContext();
  const bPage = await other.newPage();
  const b = await authenticatorUser(bPage);
  await submitPassword(bPage, b.user);
  await expect(bPage).toHaveURL("/login/verify");
  await other.addCookies([challenge]);
  await bPage.goto("/login/verify");
  const bCode = authenticatorCode(b.secret, 1);
  if (![-1, 0, 1].some((o) => authenticatorCode(a.secret, o) === bCode)) {
    await submitOtp(bPage, bCode);
    await expect(formAlert(bPage)).toHaveText("That code didn't work. Check it and try again.");
  }
  await expectNoSession(other);
  await other.close();
});

test("a code entered after the method changed elsewhere is refused", async ({ page, browser }) => {
  const user = createUser();
  const settings = await browser.newContext();
  const settingsPage = await settings.newPage();
  await signIn(settingsPage, user);
  const secret = await enrollAuthenticator(settingsPage, user);

  await submitPassword(page, user);
  await expect(page).toHaveURL("/login/verify");
  await saveMfaOption(settingsPage, "None", user.password, authenticatorCode(secret, 1));
  await expect(settingsPage.getByText("Current method: None.")).toBeVisible();

  await submitOtp(page, authenticatorCode(secret, 1));
  await expect(formAlert(page)).toHaveText("That code didn't work. Check it and try again.");
  await expectNoSession(page.context());
  // Signing in again needs only the password now.
  await signIn(page, user);
  await settings.close();
});

test("server actions refuse a caller with no session and a cross-origin post", async ({ page, browser }) => {
  const user = createUser();
  await signIn(page, user);
  await openAccountSettings(page, user.name);
  const recorded = page.waitForRequest((r) => !!r.headers()["next-action"]);
  await saveMfaOption(page, "Email", "wrong-password-here");
  await expect(formAlert(page)).toHaveText("Your current password is incorrect.");
  const request = await recorded;

  // Cross-origin: a page on another site posting to the action with the user's cookies.
  const crossOrigin = await replay(page, request, "/settings/account", [{ method: "NONE", currentPassword: user.password }], {
    origin: "https://evil.example",
  });
  expect(crossOrigin.status()).toBeGreaterThanOrEqual(400);
  expect(await crossOrigin.text()).not.toContain("email-pending");

  // No session at all.
  const anonymous = await browser.newContext();
  const anonymousPage = await anonymous.newPage();
  await anonymousPage.goto("/login");
  const refused = await replay(anonymousPage, request, "/settings/account", [{ method: "EMAIL", currentPassword: user.password }]);
  expect(refused.status()).toBe(303);
  expect(refused.headers()["location"]).toContain("/login");
  await anonymous.close();

  await page.reload();
  await expect(page.getByText("Current method: None.")).toBeVisible();
});

test("a tampered session cookie is a signed-out visitor", async ({ page, context }) => {
  const user = createUser();
  await signIn(page, user);
  const session = (await context.cookies()).find((c) => c.name === "authjs.session-token")!;
  const parts = session.value.split(".");
  parts[3] = parts[3]!.slice(0, -2) + (parts[3]!.endsWith("AA") ? "BB" : "AA");
  await context.addCookies([{ ...session, value: parts.join(".") }]);
  await page.goto("/settings/details");
  await expect(page).toHaveURL("/login?callbackUrl=%2Fsettings%2Fdetails");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
});
