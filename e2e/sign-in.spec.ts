import { expect, ownIpHeaders, seed, test } from "./fixtures";

test("a staff member signs in and sees their name and company", async ({ page, portal }) => {
  await portal.login.submit(seed.alex);
  await expect(page).toHaveURL("/");
  await portal.expectHome(seed.alex);
  await expect(page.getByText(seed.alex.company)).toBeVisible();
  await portal.expectSignedIn(seed.alex);
});

test("email is matched case-insensitively", async ({ portal, users }) => {
  const user = await users.create();
  await portal.login.submit({ email: `  ${user.email.toUpperCase()} `, password: user.password });
  await portal.expectHome(user);
});

for (const [label, credentials] of [
  ["wrong password", { email: seed.bea.email, password: "not-the-password" }],
  ["unknown email", { email: "nobody@acme.test", password: seed.password }],
] as const) {
  test(`${label}: the same message, the email kept, the password cleared, no session`, { tag: ["@promise:same-credential-error"] }, async ({ page, portal }) => {
    await portal.login.submit(credentials);
    await expect(portal.alert).toHaveText("Incorrect email or password.");
    await expect(page.getByLabel("Email")).toHaveValue(credentials.email);
    await expect(page.getByLabel("Password")).toHaveValue("");
    await expect(page).toHaveURL(/\/login/);
    await portal.expectNoSession();
  });
}

test.describe("email first", () => {
  test("a user of an SSO company is offered single sign-on instead of a password field", async ({ page, portal }) => {
    await portal.login.open();
    await page.getByLabel("Email").fill(seed.sam.email);
    await page.getByLabel("Email").press("Tab");
    await expect(portal.alert).toHaveText("Your company signs in with single sign-on.");
    await expect(page.getByRole("button", { name: `Sign in with ${seed.sso.globex.displayName}` })).toBeVisible();
    await expect(page.getByLabel("Password")).toHaveCount(0);
    // Editing the email brings the password field back.
    await page.getByLabel("Email").fill(seed.alex.email);
    await expect(page.getByLabel("Password")).toBeVisible();
  });
});

test("sign out ends the session", async ({ page, portal, users }) => {
  const user = await users.create();
  await portal.signIn(user);
  await page.getByRole("button", { name: user.name }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(portal.login.heading).toBeVisible();
  await page.goto("/settings/details");
  await expect(page).toHaveURL("/login?callbackUrl=%2Fsettings%2Fdetails");
});

test("a signed-out visit to settings goes to sign-in and comes back after it", async ({ page, users }) => {
  const user = await users.create();
  await page.goto("/settings/account");
  await expect(page).toHaveURL("/login?callbackUrl=%2Fsettings%2Faccount");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL("/settings/account");
  await expect(page.getByRole("heading", { name: "Account settings" })).toBeVisible();
});

for (const evil of ["//evil.example", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"]) {
  test(`an open-redirect callbackUrl ${evil} is ignored`, { tag: ["@promise:local-redirects-only"] }, async ({ page, portal, users }) => {
    const user = await users.create();
    await portal.login.submit(user, `/login?callbackUrl=${encodeURIComponent(evil)}`);
    await portal.expectHome(user);
    await expect(page).toHaveURL("/");
  });
}

test("before the page's JavaScript runs, forms and the name menu are disabled rather than dead, and forms could only post; once it runs, the code field has the focus", async ({ browser, page, portal, users }) => {
  const user = await users.create();
  await portal.signIn(user);
  // JavaScript off: each page as it is before its script has loaded, signed out and signed in.
  const contexts = [
    await browser.newContext({ javaScriptEnabled: false, extraHTTPHeaders: ownIpHeaders() }),
    await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState(), extraHTTPHeaders: ownIpHeaders() }),
  ];
  try {
    for (const [context, path, heading] of [
      [contexts[0]!, "/login", "Sign in"],
      [contexts[0]!, "/login/forgot", "Forgot your password?"],
      [contexts[1]!, "/settings/account", "Account settings"],
    ] as const) {
      const early = await context.newPage();
      await early.goto(path);
      await expect(early.getByRole("heading", { level: 1, name: heading })).toBeVisible();
      const forms = early.locator("form:not([role=search])");
      expect(await forms.count(), path).toBeGreaterThan(0);
      // Never a GET, which would put a password or a code in the address.
      for (const form of await forms.all()) await expect(form, path).toHaveAttribute("method", "post");
      await expect(forms.locator("input:not([type=hidden]):enabled, select:enabled, textarea:enabled, button:enabled"), path).toHaveCount(0);
    }
    const home = await contexts[1]!.newPage();
    await home.goto("/");
    await expect(home.getByRole("heading", { name: `Hello, ${user.name}` })).toBeVisible();
    await expect(home.getByRole("button", { name: user.name })).toBeDisabled();
  } finally {
    for (const context of contexts) await context.close();
  }

  // With JavaScript: the controls work, and a full load of the OTP page focuses its field once it can.
  await expect(page.getByRole("button", { name: user.name })).toBeEnabled();
  const mfaUser = await users.create({ mfa: "authenticator" });
  await portal.signOut(user);
  await portal.login.submit(mfaUser);
  await expect(portal.otp.heading).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("One-time password")).toBeFocused();
});
