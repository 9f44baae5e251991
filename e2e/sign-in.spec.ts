import { expect, test } from "@playwright/test";
import { ownIpHeaders } from "./support/client-ip";
import { DEMO_PASSWORD, createUser } from "./support/users";
import { expectNoSession, formAlert, signIn, submitPassword } from "./support/pages";

test("a staff member signs in and sees their name and company", async ({ page }) => {
  await submitPassword(page, { email: "alex@acme.test", password: DEMO_PASSWORD });
  await expect(page).toHaveURL("/");
  await expect(page.getByRole("heading", { name: "Hello, Alex Morgan" })).toBeVisible();
  await expect(page.getByText("Acme Ltd")).toBeVisible();
  await expect(page.getByRole("button", { name: "Alex Morgan" })).toBeVisible();
});

test("email is matched case-insensitively", async ({ page }) => {
  const user = createUser();
  await submitPassword(page, { email: `  ${user.email.toUpperCase()} `, password: user.password });
  await expect(page.getByRole("heading", { name: `Hello, ${user.name}` })).toBeVisible();
});

for (const [label, credentials] of [
  ["wrong password", { email: "bea@acme.test", password: "not-the-password" }],
  ["unknown email", { email: "nobody@acme.test", password: DEMO_PASSWORD }],
] as const) {
  test(`${label}: the same message, the email kept, the password cleared, no session`, { tag: ["@promise:same-credential-error"] }, async ({ page, context }) => {
    await submitPassword(page, credentials);
    await expect(formAlert(page)).toHaveText("Incorrect email or password.");
    await expect(page.getByLabel("Email")).toHaveValue(credentials.email);
    await expect(page.getByLabel("Password")).toHaveValue("");
    await expect(page).toHaveURL(/\/login/);
    await expectNoSession(context);
  });
}

test.describe("email first", () => {
  // The look-up is limited per client IP: these requests come from an address of their own.
  test.use({ extraHTTPHeaders: ownIpHeaders() });

  test("a user of an SSO company is offered single sign-on instead of a password field", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Email").fill("sam@globex.test");
    await page.getByLabel("Email").press("Tab");
    await expect(formAlert(page)).toHaveText("Your company signs in with single sign-on.");
    await expect(page.getByRole("button", { name: "Sign in with Globex SSO" })).toBeVisible();
    await expect(page.getByLabel("Password")).toHaveCount(0);
    // Editing the email brings the password field back.
    await page.getByLabel("Email").fill("alex@acme.test");
    await expect(page.getByLabel("Password")).toBeVisible();
  });
});

test("sign out ends the session", async ({ page }) => {
  const user = createUser();
  await signIn(page, user);
  await page.getByRole("button", { name: user.name }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.goto("/settings/details");
  await expect(page).toHaveURL("/login?callbackUrl=%2Fsettings%2Fdetails");
});

test("a signed-out visit to settings goes to sign-in and comes back after it", async ({ page }) => {
  const user = createUser();
  await page.goto("/settings/account");
  await expect(page).toHaveURL("/login?callbackUrl=%2Fsettings%2Faccount");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL("/settings/account");
  await expect(page.getByRole("heading", { name: "Account settings" })).toBeVisible();
});

for (const evil of ["//evil.example", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"]) {
  test(`an open-redirect callbackUrl ${evil} is ignored`, { tag: ["@promise:local-redirects-only"] }, async ({ page }) => {
    const user = createUser();
    await submitPassword(page, user, `/login?callbackUrl=${encodeURIComponent(evil)}`);
    await expect(page.getByRole("heading", { name: `Hello, ${user.name}` })).toBeVisible();
    await expect(page).toHaveURL("/");
  });
}
