import { randomBytes } from "node:crypto";
import type { Browser, Page } from "@playwright/test";
import { addIdpAccount, database, expect, IDPS, ownIpHeaders, skipIfRemote, test, type Portal } from "./fixtures";

/** Why the tests tagged @local are skipped against a deployment (E2E_BASE_URL). */
const IDP_REASON = "needs the suite's own identity providers: their addresses, test accounts and admin hooks";
const IDP_URL = IDPS.globex.url;

// Company settings -> Single sign-on. What changes how a company signs in
// happens in a company of its own; Globex's connection is only read and tested.
// The email-first look-up is limited per client IP: this spec has an address of its own.
test.use({ extraHTTPHeaders: ownIpHeaders() });

/** The client the suite registered at Globex's local identity provider (IDPS.globex). */
const IDP_CLIENT = { id: "staff-portal", secret: "e2e-sso-client-secret" };

async function newPage(browser: Browser): Promise<Page> {
  return (await browser.newContext({ extraHTTPHeaders: ownIpHeaders() })).newPage();
}

const openSingleSignOn = (portal: Portal, admin: { name: string }) => portal.company.open(admin, "Single sign-on");

test("a password company switches to single sign-on, renames its button, then switches back: each step confirmed, audited, and seen on /login @local", async ({ page, browser, portal, users, mailbox }) => {
  skipIfRemote(IDP_REASON);
  const company = users.createCompany();
  const domain = `${company.slug}.test`;
  const admin = await users.create({ company: company.slug, role: "admin", domain, name: `Alex ${company.slug}` });
  await portal.signIn(admin);
  await openSingleSignOn(portal, admin);
  const main = page.getByRole("main");
  await expect(main.getByText(`Staff of ${company.name} sign in with a password.`, { exact: false })).toBeVisible();
  await expect(main.getByText(`/api/auth/callback/sso-${company.slug}`)).toBeVisible();

  // The company's own identity provider: the local one, which passes every check.
  const report = await portal.company.testSsoConnection(IDP_URL);
  await expect(report).toContainText("Connection test: all checks passed.");
  await expect(report.getByRole("listitem")).toHaveText([/^✓ Reachable: /, /^✓ Issuer matches: /, /^✓ Supports PKCE \(S256\): /, /^✓ Provides email: /]);

  await main.getByLabel("Client ID").fill(IDP_CLIENT.id);
  await expect(main.getByText("Required: your identity provider shows it when you register the portal.")).toBeVisible();
  await main.getByLabel("Client secret").fill(IDP_CLIENT.secret);
  await main.getByLabel("Display name").fill("Test IdP");
  await main.getByLabel("Email domains").fill(domain);
  await main.getByLabel("Staff sign in with this identity provider").check();
  await main.getByLabel("Current password").fill(admin.password);
  await main.getByRole("button", { name: "Save", exact: true }).click();
  const confirmation = main.getByRole("alert");
  await expect(confirmation).toContainText(`Staff of ${company.name} will sign in only through Test IdP; their passwords stop working.`);
  await expect(confirmation).toBeFocused();
  await expect(main.getByLabel("Client secret")).toBeDisabled();
  await confirmation.getByRole("button", { name: "Confirm and save" }).click();
  await expect(main.getByRole("status").filter({ hasText: "Single sign-on saved." })).toBeVisible();
  await expect(main.getByText(`Staff of ${company.name} sign in through Test IdP.`)).toBeVisible();
  // Write-only: the secret is "set", never shown or sent back.
  await expect(main.getByText("Set. Leave empty to keep it.")).toBeVisible();
  await expect(main.getByLabel("Client secret")).toHaveValue("");
  expect(await page.content()).not.toContain(IDP_CLIENT.secret);

  // A new display name needs no password, and is the button staff see at once.
  await main.getByLabel("Display name").fill(`Okta ${company.slug}`);
  await main.getByRole("button", { name: "Save", exact: true }).click();
  await expect(main.getByRole("status").filter({ hasText: "Single sign-on saved." })).toBeVisible();
  await expect(main.getByText(`Staff of ${company.name} sign in through Okta ${company.slug}.`)).toBeVisible();
  const visitor = portal.on(await newPage(browser));
  await visitor.login.typeEmail(`someone@${domain}`);
  await expect(visitor.page.getByRole("button", { name: `Sign in with Okta ${company.slug}` })).toBeVisible();
  await expect(visitor.page.getByLabel("Password")).toHaveCount(0);

  // A staff member who joins while the company is on SSO has no password.
  const gina = await users.create({ company: company.slug, domain, name: `Gina ${company.slug}` });

  // Switching back: the confirmation says what happens to staff sign-in.
  await page.reload();
  await main.getByLabel("Staff sign in with this identity provider").uncheck();
  await main.getByLabel("Current password").fill(admin.password);
  await main.getByRole("button", { name: "Save", exact: true }).click();
  await expect(main.getByRole("alert")).toContainText(
    `Staff of ${company.name} will sign in with a password. Those without one must use "Forgot your password?" on the sign-in page.`,
  );
  await main.getByRole("button", { name: "Confirm and save" }).click();
  await expect(main.getByRole("status").filter({ hasText: "Single sign-on saved." })).toBeVisible();
  await expect(main.getByText(`Staff of ${company.name} sign in with a password. The identity provider below is set up but not enabled.`)).toBeVisible();
  expect(await database.query(`SELECT "signInMethod" FROM "Company" WHERE slug = $1`, [company.slug])).toEqual([{ signInMethod: "PASSWORD" }]);

  // Gina now gets the password field; without a password of her own she is pointed to "Forgot your password?", which emails her a link.
  const staff = portal.on(await newPage(browser));
  await staff.login.typeEmail(gina.email);
  await expect(staff.page.getByRole("button", { name: /^Sign in with / })).toHaveCount(0);
  await staff.page.getByLabel("Password").fill("no-password-of-mine-yet");
  await staff.page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(staff.alert).toHaveText("Incorrect email or password.");
  await staff.page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(staff.passwordReset.heading).toBeVisible();
  await staff.page.getByLabel("Email").fill(gina.email);
  await staff.page.getByRole("button", { name: "Email me a link" }).click();
  await expect(staff.page.getByText("If that address belongs to an account, we've emailed a link. It works for 30 minutes.")).toBeVisible();
  await expect.poll(async () => (await mailbox.emails(gina.email)).some((m) => m.text.includes("/login/reset/"))).toBe(true);

  // Every step is in the audit log, never the secret.
  await page.getByRole("navigation", { name: "Company settings" }).getByRole("link", { name: "Audit log" }).click();
  const rows = page.getByRole("table").getByRole("row");
  await expect(rows.nth(1)).toContainText("Turned off single sign-on through Okta");
  await expect(rows.nth(2)).toContainText(`Changed single sign-on: display name "Test IdP" to "Okta ${company.slug}"`);
  await expect(rows.nth(3)).toContainText(`Turned on single sign-on through Test IdP (${IDP_URL}) for ${domain}`);
  await expect(rows.nth(3)).toContainText(admin.email);
  const details = await database.query<{ detail: string }>(`SELECT a.detail FROM "AuditEntry" a JOIN "Company" c ON c.id = a."companyId" WHERE c.slug = $1`, [company.slug]);
  expect(details.length).toBe(3);
  for (const { detail } of details) expect(detail).not.toContain(IDP_CLIENT.secret);
});

test("a Globex administrator signed in through the identity provider sees the connection without its secret, and Test connection says what is wrong @local", async ({ page, portal, users, sso }) => {
  skipIfRemote(IDP_REASON);
  // A Globex administrator of its own (the first of a company is made with the CLI), with an account at Globex's identity provider.
  const admin = await users.create({ company: "globex", role: "admin", domain: IDPS.globex.domain, name: `Gail ${randomBytes(3).toString("hex")}` });
  await addIdpAccount("globex", { email: admin.email, name: admin.name });
  await sso.signIn("globex", { email: admin.email });
  await portal.expectHome(admin);

  await openSingleSignOn(portal, admin);
  const main = page.getByRole("main");
  await expect(main.getByText(`Staff of Globex Corporation sign in through ${IDPS.globex.displayName}.`)).toBeVisible();
  await expect(main.getByLabel("Issuer URL")).toHaveValue(IDP_URL);
  await expect(main.getByLabel("Client ID")).toHaveValue(IDP_CLIENT.id);
  await expect(main.getByLabel("Client secret")).toHaveValue("");
  await expect(main.getByText("Set. Leave empty to keep it.")).toBeVisible();
  await expect(main.getByLabel("Email domains")).toHaveValue(IDPS.globex.domain);
  await expect(main.getByLabel("Staff sign in with this identity provider")).toBeChecked();
  // No password to give: a recent sign-in through the identity provider stands in for it.
  await expect(main.getByLabel("Current password")).toHaveCount(0);
  await expect(main.getByText("Your account has no password:", { exact: false })).toBeVisible();
  expect(await page.content()).not.toContain(IDP_CLIENT.secret);

  // The saved issuer passes; a wrong path is not a discovery document; a trailing slash is not the issuer the document names.
  await expect(await portal.company.testSsoConnection(IDP_URL)).toContainText("Connection test: all checks passed.");
  const wrong = await portal.company.testSsoConnection(`${IDP_URL}/wrong`);
  await expect(wrong).toContainText("checks failed.");
  await expect(wrong.getByRole("listitem").first()).toHaveText(new RegExp(`^✗ Reachable: ${IDP_URL}/wrong/\\.well-known/openid-configuration answered HTTP \\d{3} instead of a discovery document\\. Check the issuer URL\\.$`));
  const slash = await portal.company.testSsoConnection(`${IDP_URL}/`);
  await expect(slash.getByRole("listitem").nth(1)).toHaveText(
    `✗ Issuer matches: The discovery document names the issuer "${IDP_URL}", but the issuer URL here is "${IDP_URL}/". They must be exactly equal: check the trailing slash.`,
  );

  // Saving a new issuer would end everyone's link: it asks first. Cancel changes nothing.
  await main.getByLabel("Issuer URL").fill(`${IDP_URL}/elsewhere`);
  await main.getByRole("button", { name: "Save", exact: true }).click();
  const confirmation = main.getByRole("alert");
  await expect(confirmation).toHaveText(/Staff will sign in through the new identity provider; their existing links end and each links again at their next sign-in\./);
  await confirmation.getByRole("button", { name: "Cancel" }).click();
  await expect(main.getByRole("alert")).toHaveCount(0);
  expect(await database.query(`SELECT s.issuer FROM "SsoConnection" s JOIN "Company" c ON c.id = s."companyId" WHERE c.slug = 'globex'`)).toEqual([{ issuer: IDP_URL }]);
});

test("staff are told not found on the Single sign-on page", async ({ page, portal, users }) => {
  const bea = await users.create({ name: `Bea ${randomBytes(3).toString("hex")}` });
  await portal.signIn(bea);
  expect((await page.goto("/company/sso"))?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Single sign-on" })).toHaveCount(0);
});
