import { expect, test } from "@playwright/test";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { createUser } from "./support/users";
import { authenticatorCode } from "./support/totp";
import { enrollAuthenticator, expectNoSession, formAlert, openAccountSettings, saveMfaOption, signIn, signOut, submitOtp, submitPassword } from "./support/pages";

test("enroll an authenticator from the QR code, then sign in with it; a code works once", async ({ page, context }) => {
  const user = createUser();
  await signIn(page, user);
  await openAccountSettings(page, user.name);
  const section = page.getByRole("region", { name: "Multi-factor Authentication" });
  await expect(section.getByText("Current method: None.")).toBeVisible();
  await expect(section.getByLabel("MFA option")).toHaveValue("NONE");

  await saveMfaOption(page, "Authenticator", user.password);
  const qr = section.getByRole("img", { name: "QR code for your authenticator app" });
  await expect(qr).toBeVisible();
  const secret = await section.getByLabel("Setup key").inputValue();
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);

  // The QR code is what a phone scans: decode it and check the otpauth URI.
  const png = PNG.sync.read(await qr.screenshot());
  const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  expect(decoded?.data).toBe(
    `otpauth://totp/Staff%20Portal:${encodeURIComponent(user.email)}?secret=${secret}&issuer=Staff%20Portal&algorithm=SHA1&digits=6&period=30`,
  );

  // Until confirmed, nothing changes; a wrong code says so.
  const right = authenticatorCode(secret);
  await section.getByLabel("Authenticator code").fill(right === "000000" ? "111111" : "000000");
  await section.getByRole("button", { name: "Confirm" }).click();
  await expect(formAlert(page).filter({ hasText: "That code didn't work. Check it and try again." })).toBeVisible();
  await expect(section.getByText("Current method: None.")).toBeVisible();

  await section.getByLabel("Authenticator code").fill(authenticatorCode(secret));
  await section.getByRole("button", { name: "Confirm" }).click();
  await expect(section.getByText("Current method: Authenticator.")).toBeVisible();
  await expect(section.getByRole("status")).toContainText("Authenticator is on");

  // Sign in again: the password alone opens no session.
  await signOut(page, user.name);
  await submitPassword(page, user, "/login?callbackUrl=%2Fsettings%2Fdetails");
  await expect(page).toHaveURL("/login/verify");
  await expect(page.getByRole("heading", { name: "Enter your one-time password" })).toBeVisible();
  const otp = page.getByLabel("One-time password");
  await expect(otp).toHaveAttribute("autocomplete", "one-time-code");
  await expect(otp).toHaveAttribute("inputmode", "numeric");
  await expectNoSession(context);
  const challengeCookie = (await context.cookies()).find((c) => c.name === "sp_challenge");
  // The server under test runs in production mode, where the cookie is Secure too.
  expect(challengeCookie).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: true, path: "/login" });

  // The next step's code (accepted: the window is ±1 step), pasted with a space.
  const code = authenticatorCode(secret, 1);
  await submitOtp(page, `${code.slice(0, 3)} ${code.slice(3)}`);
  await expect(page).toHaveURL("/settings/details");
  await expect(page.getByRole("heading", { name: "My details" })).toBeVisible();
  // The session knows it was opened with a one-time password (amr "pwd otp").
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Account settings" }).click();
  await expect(page.getByRole("region", { name: "Recent security activity" }).getByRole("row").nth(1)).toContainText(
    "Signed in with a one-time password",
  );

  // The same code again is refused: RFC 6238 section 5.2.
  await signOut(page, user.name);
  await submitPassword(page, user);
  await submitOtp(page, code);
  await expect(formAlert(page)).toHaveText("That code didn't work. Check it and try again.");
  await expect(page).toHaveURL("/login/verify");
  await expectNoSession(context);
});

test("a user between the password and the code reaches no portal page and no server action", async ({ page, context }) => {
  const user = createUser();
  await signIn(page, user);
  // Record the real "Save" server action as the browser sends it.
  const saveRequest = page.waitForRequest((r) => !!r.headers()["next-action"] && (r.postData() ?? "").includes("currentPassword"));
  const secret = await enrollAuthenticator(page, user);
  const recorded = await saveRequest;
  await signOut(page, user.name);

  await submitPassword(page, user);
  await expect(page).toHaveURL("/login/verify");
  for (const path of ["/", "/settings/details", "/settings/account"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  }

  // Replay that action from the pending browser, asking to turn MFA off:
  // it never reaches the action, and nothing changes.
  const headers = await recorded.allHeaders();
  const replay = await page.request.post("/settings/account", {
    headers: Object.fromEntries(Object.entries(headers).filter(([k]) => !["cookie", "content-length"].includes(k))),
    data: JSON.stringify([{ method: "NONE", currentPassword: user.password }]),
    maxRedirects: 0,
  });
  expect(replay.status()).toBe(303);
  expect(replay.headers()["location"]).toContain("/login");
  await expectNoSession(context);

  // Nothing changed: the authenticator is still required and still on.
  await page.goto("/login/verify");
  await submitOtp(page, authenticatorCode(secret, 1));
  await openAccountSettings(page, user.name);
  await expect(page.getByText("Current method: Authenticator.")).toBeVisible();
});

test("turning on MFA signs out the user's other browsers; their open settings page can no longer change anything", async ({ page, browser }) => {
  const user = createUser();
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signIn(otherPage, user);
  await openAccountSettings(otherPage, user.name);

  await signIn(page, user);
  await enrollAuthenticator(page, user);

  // The other browser still shows the form; its server action checks the session itself.
  await saveMfaOption(otherPage, "None", user.password);
  await expect(formAlert(otherPage)).toHaveText("Your session has ended. Sign in again.");
  await otherPage.goto("/settings/account");
  await expect(otherPage.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.reload();
  await expect(page.getByText("Current method: Authenticator.")).toBeVisible();
  await other.close();
});

test("leaving Authenticator deletes the secret: coming back shows a new key and the old one fails", async ({ page }) => {
  const user = createUser();
  await signIn(page, user);
  const oldSecret = await enrollAuthenticator(page, user);

  // Leaving it needs a current code of it too (a later step than the enrolment's): the password alone,
  // or with a wrong code, changes nothing.
  let section = await saveMfaOption(page, "None", user.password);
  await expect(formAlert(page)).toHaveText("Enter a current code from your present method to change multi-factor authentication.");
  const code = authenticatorCode(oldSecret, 1);
  await saveMfaOption(page, "None", user.password, code === "000000" ? "111111" : "000000");
  await expect(formAlert(page)).toHaveText("That code didn't work. Check it and try again.");
  await expect(section.getByText("Current method: Authenticator.")).toBeVisible();
  await expect(section.getByLabel("Current code")).toHaveAttribute("autocomplete", "one-time-code");
  await expect(section.getByLabel("Current code")).toHaveAttribute("inputmode", "numeric");
  section = await saveMfaOption(page, "None", user.password, code);
  await expect(section.getByText("Current method: None.")).toBeVisible();

  await saveMfaOption(page, "Authenticator", user.password);
  const newSecret = await section.getByLabel("Setup key").inputValue();
  expect(newSecret).not.toBe(oldSecret);
  const oldCode = authenticatorCode(oldSecret, 1);
  if (oldCode !== authenticatorCode(newSecret, 1) && oldCode !== authenticatorCode(newSecret) && oldCode !== authenticatorCode(newSecret, -1)) {
    await section.getByLabel("Authenticator code").fill(oldCode);
    await section.getByRole("button", { name: "Confirm" }).click();
    await expect(formAlert(page).filter({ hasText: "That code didn't work." })).toBeVisible();
  }
  await section.getByLabel("Authenticator code").fill(authenticatorCode(newSecret));
  await section.getByRole("button", { name: "Confirm" }).click();
  await expect(section.getByText("Current method: Authenticator.")).toBeVisible();

  // At sign-in, only the new app entry works.
  await signOut(page, user.name);
  await submitPassword(page, user);
  const stale = authenticatorCode(oldSecret, 1);
  if (![-1, 0, 1].some((o) => authenticatorCode(newSecret, o) === stale)) {
    await submitOtp(page, stale);
    await expect(formAlert(page)).toHaveText("That code didn't work. Check it and try again.");
  }
  await submitOtp(page, authenticatorCode(newSecret, 1));
  await expect(page.getByRole("button", { name: user.name })).toBeVisible();
});
