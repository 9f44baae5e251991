import jsQR from "jsqr";
import { PNG } from "pngjs";
import { expect, test } from "./fixtures";

test("enroll an authenticator from the QR code, then sign in with it; a code works once", {
  tag: ["@seed:otp-after-password", "@seed:two-methods", "@seed:mfa-option-save", "@seed:qr-after-save", "@seed:scan-qr", "@seed:code-every-30s",
    "@seed:verify-signs-in", "@promise:otp-paste-formats", "@promise:totp-once"],
}, async ({ page, context, portal, users, totp }) => {
  const user = await users.create();
  await portal.signIn(user);
  await portal.account.open(user);
  const section = portal.account.mfa;
  await portal.account.expectMethod("None");
  await expect(section.getByLabel("MFA option")).toHaveValue("NONE");

  await portal.account.chooseMfa("Authenticator", user.password);
  const qr = section.getByRole("img", { name: "QR code for your authenticator app" });
  await expect(qr).toBeVisible();
  const secret = await portal.account.setupKey();
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);

  // The QR code is what a phone scans: decode it and check the otpauth URI.
  const png = PNG.sync.read(await qr.screenshot());
  const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  expect(decoded?.data).toBe(
    `otpauth://totp/Staff%20Portal:${encodeURIComponent(user.email)}?secret=${secret}&issuer=Staff%20Portal&algorithm=SHA1&digits=6&period=30`,
  );

  // Until confirmed, nothing changes; a wrong code says so.
  const right = totp.at(secret, 0);
  await portal.account.confirmAuthenticator(right === "000000" ? "111111" : "000000");
  await expect(portal.alert.filter({ hasText: "That code didn't work. Check it and try again." })).toBeVisible();
  await portal.account.expectMethod("None");

  await portal.account.confirmAuthenticator(totp.now(secret));
  await portal.account.expectMethod("Authenticator");
  await expect(section.getByRole("status")).toContainText("Authenticator is on");

  // Sign in again: the password alone opens no session.
  await portal.signOut(user);
  await portal.login.submit(user, "/login?callbackUrl=%2Fsettings%2Fdetails");
  await expect(page).toHaveURL("/login/verify");
  await expect(portal.otp.heading).toBeVisible();
  const otp = page.getByLabel("One-time password");
  await expect(otp).toHaveAttribute("autocomplete", "one-time-code");
  await expect(otp).toHaveAttribute("inputmode", "numeric");
  await portal.expectNoSession();
  const challengeCookie = (await context.cookies()).find((c) => c.name === "sp_challenge");
  // The server under test runs in production mode, where the cookie is Secure too.
  expect(challengeCookie).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: true, path: "/login" });

  // A fresh step's code (the window is ±1 step), pasted with a space.
  const code = await totp.next(secret);
  await portal.otp.submit(`${code.slice(0, 3)} ${code.slice(3)}`);
  await expect(page).toHaveURL("/settings/details");
  await expect(page.getByRole("heading", { name: "My details" })).toBeVisible();
  // The session knows it was opened with a one-time password (amr "pwd otp").
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Account settings" }).click();
  await expect(page.getByRole("region", { name: "Recent security activity" }).getByRole("row").nth(1)).toContainText(
    "Signed in with a one-time password",
  );

  // The same code again is refused: RFC 6238 section 5.2.
  await portal.signOut(user);
  await portal.login.submit(user);
  await portal.otp.submit(code);
  await expect(portal.alert).toHaveText("That code didn't work. Check it and try again.");
  await expect(page).toHaveURL("/login/verify");
  await portal.expectNoSession();
});

test("a user between the password and the code reaches no portal page and no server action", async ({ page, portal, users, totp }) => {
  const user = await users.create();
  await portal.signIn(user);
  await portal.account.open(user);
  // Record the real "Save" server action as the browser sends it.
  const saveRequest = page.waitForRequest((r) => !!r.headers()["next-action"] && (r.postData() ?? "").includes("currentPassword"));
  const secret = await portal.account.turnOnAuthenticator(user.password, totp);
  const recorded = await saveRequest;
  await portal.signOut(user);

  await portal.login.submit(user);
  await expect(page).toHaveURL("/login/verify");
  for (const path of ["/", "/settings/details", "/settings/account"]) {
    await page.goto(path);
    await expect(portal.login.heading).toBeVisible();
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
  await portal.expectNoSession();

  // Nothing changed: the authenticator is still required and still on.
  await page.goto("/login/verify");
  await portal.otp.submit(await totp.next(secret));
  await portal.account.open(user);
  await portal.account.expectMethod("Authenticator");
});

test("turning on MFA signs out the user's other browsers; their open settings page can no longer change anything", { tag: ["@promise:mfa-change-signs-out-others"] }, async ({ page, browser, portal, users, totp }) => {
  const user = await users.create();
  const other = await browser.newContext();
  const elsewhere = portal.on(await other.newPage());
  await elsewhere.signIn(user);
  await elsewhere.account.open(user);

  await portal.signIn(user);
  await portal.account.open(user);
  await portal.account.turnOnAuthenticator(user.password, totp);

  // The other browser still shows the form; its server action checks the session itself.
  await elsewhere.account.chooseMfa("None", user.password);
  await expect(elsewhere.alert).toHaveText("Your session has ended. Sign in again.");
  await elsewhere.page.goto("/settings/account");
  await expect(elsewhere.login.heading).toBeVisible();
  await page.reload();
  await portal.account.expectMethod("Authenticator");
  await other.close();
});

test("leaving Authenticator deletes the secret: coming back shows a new key and the old one fails", { tag: ["@seed:rescan-after-leaving", "@promise:change-needs-current-code"] }, async ({ portal, users, totp }) => {
  const user = await users.create({ mfa: "authenticator" });
  const oldSecret = user.secret!;
  await portal.login.submit(user);
  await portal.otp.submit(totp.now(oldSecret));
  await portal.account.open(user);

  // Leaving it needs a current code of it too (a later step than the sign-in's): the password alone,
  // or with a wrong code, changes nothing.
  const section = portal.account.mfa;
  await portal.account.chooseMfa("None", user.password);
  await expect(portal.alert).toHaveText("Enter a current code from your present method to change multi-factor authentication.");
  const code = await totp.next(oldSecret);
  await portal.account.chooseMfa("None", user.password, code === "000000" ? "111111" : "000000");
  await expect(portal.alert).toHaveText("That code didn't work. Check it and try again.");
  await portal.account.expectMethod("Authenticator");
  await expect(section.getByLabel("Current code")).toHaveAttribute("autocomplete", "one-time-code");
  await expect(section.getByLabel("Current code")).toHaveAttribute("inputmode", "numeric");
  await portal.account.chooseMfa("None", user.password, code);
  await portal.account.expectMethod("None");

  await portal.account.chooseMfa("Authenticator", user.password);
  const newSecret = await portal.account.setupKey();
  expect(newSecret).not.toBe(oldSecret);
  const around = (secret: string) => [-1, 0, 1].map((o) => totp.at(secret, o));
  const oldCode = totp.at(oldSecret, 1);
  if (!around(newSecret).includes(oldCode)) {
    await portal.account.confirmAuthenticator(oldCode);
    await expect(portal.alert.filter({ hasText: "That code didn't work." })).toBeVisible();
  }
  await portal.account.confirmAuthenticator(totp.now(newSecret));
  await portal.account.expectMethod("Authenticator");

  // At sign-in, only the new app entry works.
  await portal.signOut(user);
  await portal.login.submit(user);
  const stale = totp.at(oldSecret, 1);
  if (!around(newSecret).includes(stale)) {
    await portal.otp.submit(stale);
    await expect(portal.alert).toHaveText("That code didn't work. Check it and try again.");
  }
  await portal.otp.submit(await totp.next(newSecret));
  await portal.expectSignedIn(user);
});
