import { expect, test, type Page } from "@playwright/test";
import { IDP_URL, SECONDARY_URL } from "./support/env";
import { DEMO_PASSWORD } from "./support/users";
import { expectNoSession, formAlert, openAccountSettings } from "./support/pages";
import { ownIpHeaders } from "./support/client-ip";
import { startServer, stopServer } from "./support/server";
import { queryDatabase } from "./support/database";

// Sam's account at the local identity provider is shared state (one test
// changes his email there), so these run one after another.
test.describe.configure({ mode: "serial" });
// The email-first look-up is limited per client IP: this spec has an address of its own.
test.use({ extraHTTPHeaders: ownIpHeaders() });

/** Email first on the portal, then the identity provider's own login page. */
async function signInThroughIdp(page: Page, portalEmail: string, idpEmail = portalEmail, base = "") {
  await page.goto(`${base}/login`);
  await page.getByLabel("Email").fill(portalEmail);
  await page.getByLabel("Email").press("Tab");
  await page.getByRole("button", { name: "Sign in with SSO" }).click();
  // The first hop goes through discovery at the IdP: on a loaded 2-core machine it can take longer than the default 10 s.
  await expect(page.getByRole("heading", { name: "Local identity provider" })).toBeVisible({ timeout: 30_000 });
  expect(page.url()).toContain(IDP_URL);
  await page.getByLabel("Email").fill(idpEmail);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("Sam signs in with SSO and lands on the portal; settings are managed by his company", async ({ page }) => {
  await signInThroughIdp(page, "sam@globex.test");
  await expect(page.getByRole("heading", { name: "Hello, Sam Lee" })).toBeVisible();
  await expect(page.getByText("Globex Corporation")).toBeVisible();
  await openAccountSettings(page, "Sam Lee");
  const mfa = page.getByRole("region", { name: "Multi-factor Authentication" });
  await expect(mfa).toContainText(
    "Your company signs in with single sign-on, so multi-factor authentication is managed by your company's IT team.",
  );
  await expect(page.getByLabel("MFA option")).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Change password" })).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Recent security activity" })).toContainText("Signed in with single sign-on");
});

test("Sam's password is refused, whatever is posted", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill("alex@acme.test");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  const recorded = page.waitForRequest((r) => !!r.headers()["next-action"] && (r.postData() ?? "").includes("password"));
  await page.getByRole("button", { name: "Sign in" }).click();
  const request = await recorded;
  await expect(page.getByRole("button", { name: "Alex Morgan" })).toBeVisible();
  await page.context().clearCookies();
  const response = await page.request.post("/login", {
    headers: { "next-action": request.headers()["next-action"]!, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component" },
    data: JSON.stringify([{ email: "sam@globex.test", password: DEMO_PASSWORD, callbackUrl: "/" }]),
  });
  expect(await response.text()).toContain("SSO_REQUIRED");
  await expectNoSession(page.context());
});

test("an IdP account that is not one of our users is refused with a clear page", async ({ page }) => {
  await signInThroughIdp(page, "sam@globex.test", "ivy@initech.test");
  await expect(page).toHaveURL(/\/login\?error=AccessDenied/);
  await expect(formAlert(page)).toHaveText("Your account can't use single sign-on. Contact your administrator.");
  await expectNoSession(page.context());
});

test("a user of a password company who goes through SSO is refused", async ({ page }) => {
  await signInThroughIdp(page, "sam@globex.test", "alex@acme.test");
  await expect(formAlert(page)).toHaveText("Your account can't use single sign-on. Contact your administrator.");
  await expectNoSession(page.context());
});

test("a replayed callback is refused and creates nothing", async ({ page, browser }) => {
  const callback = page.waitForRequest((r) => r.url().includes("/api/auth/callback/sso"));
  await signInThroughIdp(page, "sam@globex.test");
  const callbackUrl = (await callback).url();
  await expect(page.getByRole("heading", { name: "Hello, Sam Lee" })).toBeVisible();

  // The same code and state in another browser: no state cookie, a used code.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await otherPage.goto(callbackUrl);
  await expect(otherPage).toHaveURL(/\/login\?error=/);
  await expect(otherPage.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await expectNoSession(other);
  // A tampered state in the first browser is refused too.
  const tampered = new URL(callbackUrl);
  tampered.searchParams.set("state", "tampered-state");
  await otherPage.goto(tampered.toString());
  await expect(otherPage).toHaveURL(/\/login\?error=/);
  await expectNoSession(other);
  await other.close();
});

test("the identity provider down: a clear message on /login", async ({ page }) => {
  await page.goto(`${SECONDARY_URL}/login`);
  await page.getByLabel("Email").fill("sam@globex.test");
  await page.getByLabel("Email").press("Tab");
  await page.getByRole("button", { name: "Sign in with SSO" }).click();
  await expect(formAlert(page)).toHaveText("Single sign-on is unavailable right now. Try again in a few minutes.");
  await expect(page).toHaveURL(new RegExp(`^${SECONDARY_URL}/login`));
  await expectNoSession(page.context());
});

test("after the IdP changes Sam's email, SSO still reaches Sam's account (matched on the subject)", async ({ page, request }) => {
  const change = (from: string, to: string) => request.post(`${IDP_URL}/admin/change-email`, { form: { from, to } });
  // The first test linked Sam's subject; now his email at the IdP changes.
  expect((await change("sam@globex.test", "samuel.lee@globex.test")).status()).toBe(204);
  try {
    await signInThroughIdp(page, "sam@globex.test", "samuel.lee@globex.test");
    await expect(page.getByRole("heading", { name: "Hello, Sam Lee" })).toBeVisible();
  } finally {
    await change("samuel.lee@globex.test", "sam@globex.test");
  }
});

test("without the SSO variables there is no SSO button, and Sam is told why", async ({ page }) => {
  const port = "3203";
  const server = await startServer(port, { SSO_ISSUER: "", SSO_CLIENT_ID: "", SSO_CLIENT_SECRET: "" });
  try {
    await page.goto(`http://localhost:${port}/login`);
    await page.getByLabel("Email").fill("sam@globex.test");
    await page.getByLabel("Email").press("Tab");
    await expect(formAlert(page)).toHaveText("Your company signs in with single sign-on.");
    await expect(
      page.getByText("Your company signs in with single sign-on, but single sign-on is not configured for this portal. Contact your administrator."),
    ).toBeVisible();
    await expect(page.getByRole("button", { name: /Sign in with/ })).toHaveCount(0);
    await expect(page.getByLabel("Password")).toHaveCount(0);
  } finally {
    await stopServer(server, port);
  }
});

test("an administrator of an SSO company: sign-in security is managed by the identity provider, no policy and no MFA columns", async ({ page }) => {
  // The seed has no administrator at Globex; the first one of a company is made outside the portal (as user:create --role admin would).
  await queryDatabase(`UPDATE "User" SET role = 'ADMIN' WHERE email = 'sam@globex.test'`);
  try {
    await signInThroughIdp(page, "sam@globex.test");
    await expect(page.getByRole("heading", { name: "Hello, Sam Lee" })).toBeVisible();
    await page.getByRole("button", { name: "Sam Lee" }).click();
    await page.getByRole("menuitem", { name: "Company settings" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Staff" })).toBeVisible();
    await expect(page.getByRole("main").getByText("Sign-in security is managed by your identity provider.")).toBeVisible();
    await expect(page.getByRole("columnheader")).toHaveText(["Name", "Email", "Role", "Last sign-in"]);
    await expect(page.getByLabel("MFA status")).toHaveCount(0);
    await page.getByRole("navigation", { name: "Company settings" }).getByRole("link", { name: "Sign-in security" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Sign-in security" })).toBeVisible();
    await expect(page.getByRole("main").getByText("Sign-in security is managed by your identity provider.")).toBeVisible();
    await expect(page.getByLabel("Days to set it up")).toHaveCount(0);
  } finally {
    await queryDatabase(`UPDATE "User" SET role = 'STAFF' WHERE email = 'sam@globex.test'`);
  }
});
